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

    /** The report of an interrupted cell, magic or display. */
    public static ErrorReport interrupted() {
        return interrupted("");
    }

    /**
     * The report of an interrupted cell, with where it was interrupted.
     *
     * @param where the user's stack frames, one per line; empty for none
     */
    public static ErrorReport interrupted(String where) {
        String message = "the cell was interrupted";
        return new ErrorReport(
                "Interrupted",
                message,
                List.of(Ansi.red("Interrupted") + ": " + message + (where.isEmpty() ? "" : "\n" + where)));
    }
}
