package nepi.resources.linux.host;

import java.io.IOException;

/** A command on a host that exited with a non-zero code; the message holds the end of its output. */
public class CommandFailedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient CommandResult result;

    /**
     * @param what what the command was doing, e.g. "build"
     * @param result how it ended
     */
    public CommandFailedException(String what, CommandResult result) {
        super(what + " failed with exit code " + result.exitCode() + describeOutput(result));
        this.result = result;
    }

    /** How the command ended. */
    public CommandResult getResult() {
        return result;
    }

    private static String describeOutput(CommandResult result) {
        String tail = result.outputTail(1500);
        return tail.isEmpty() ? " (no output)" : ":\n" + tail;
    }
}
