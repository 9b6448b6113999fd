package nepi.kernel.jshell;

import java.util.List;

/**
 * An error as the notebook shows it: a name, a one-line value and the lines of a short, readable traceback (never
 * the kernel's own frames).
 */
public record ErrorReport(String name, String value, List<String> traceback) {

    public ErrorReport {
        traceback = List.copyOf(traceback);
    }

    /** An error that is only a message, such as a refused magic argument. */
    public static ErrorReport ofMessage(String name, String message) {
        return new ErrorReport(name, message, List.of(Ansi.red(name) + ": " + message));
    }
}
