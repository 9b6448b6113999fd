package nepi.core.exec;

import java.time.Duration;

/**
 * How a command run on a node ended.
 *
 * @param command  the command, as given
 * @param node     the node it ran on, e.g. {@code linux::Node #1 (localhost)}
 * @param exitCode its exit code (128 + n when signal n ended it; -1 when the host did not say)
 * @param stdout   what it printed on its standard output (empty when the output was not captured)
 * @param stderr   what it printed on its standard error (empty when the output was not captured)
 * @param duration from its start to its end
 */
public record ExecResult(String command, String node, int exitCode, String stdout, String stderr, Duration duration) {

    /** Whether it exited with code 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /**
     * This result when the command exited with code 0.
     *
     * @throws ExitCodeException naming the exit code, with the end of stderr, otherwise
     */
    public ExecResult orThrow() throws ExitCodeException {
        if (!succeeded()) {
            throw new ExitCodeException(this);
        }
        return this;
    }

    @Override
    public String toString() {
        return "exit code " + exitCode + " after " + duration.toMillis() + " ms on " + node + ": " + command;
    }
}
