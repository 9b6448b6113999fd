package nepi.core.exec;

import java.io.IOException;

/** A command on a node exited with a code other than 0 (see {@link ExecResult#orThrow()}). */
public final class ExitCodeException extends IOException {

    private static final int STDERR_TAIL = 500;

    private final transient ExecResult result;

    public ExitCodeException(ExecResult result) {
        super(message(result));
        this.result = result;
    }

    /** The command's result, its whole output included. */
    public ExecResult result() {
        return result;
    }

    /** The exit code. */
    public int exitCode() {
        return result.exitCode();
    }

    private static String message(ExecResult result) {
        String text = "'" + RunningCommand.firstLine(result.command()) + "' exited with code " + result.exitCode()
                + signal(result.exitCode()) + " on " + result.node();
        String err = result.stderr().strip();
        if (err.isEmpty()) {
            return text;
        }
        return text + ": " + (err.length() <= STDERR_TAIL ? err : "..." + err.substring(err.length() - STDERR_TAIL));
    }

    private static String signal(int code) {
        return switch (code) {
            case 129 -> " (SIGHUP)";
            case 130 -> " (SIGINT)";
            case 137 -> " (SIGKILL)";
            case 139 -> " (SIGSEGV)";
            case 141 -> " (SIGPIPE)";
            case 143 -> " (SIGTERM)";
            default -> "";
        };
    }
}
