package nepi.resources.linux.host;

/**
 * How a command that ran to its end went: its exit code and what it printed.
 *
 * @param exitCode the exit code (128 + n when killed by signal n; -1 when unknown)
 * @param stdout what it printed on standard output
 * @param stderr what it printed on standard error
 */
public record CommandResult(int exitCode, String stdout, String stderr) {

    /** Whether the command exited with code 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The last {@code maxChars} characters of stderr and stdout, for error messages. */
    public String outputTail(int maxChars) {
        String err = tail(stderr.strip(), maxChars);
        String out = tail(stdout.strip(), maxChars);
        if (err.isEmpty()) {
            return out;
        }
        return out.isEmpty() ? err : err + "\n" + out;
    }

    /**
     * Returns this result when the command succeeded.
     *
     * @param what what the command was doing, for the message ("creating the directories")
     * @throws CommandFailedException with the exit code and the end of the output otherwise
     */
    public CommandResult orThrow(String what) throws CommandFailedException {
        if (!succeeded()) {
            throw new CommandFailedException(what, this);
        }
        return this;
    }

    private static String tail(String text, int maxChars) {
        return text.length() <= maxChars ? text : "..." + text.substring(text.length() - maxChars);
    }
}
