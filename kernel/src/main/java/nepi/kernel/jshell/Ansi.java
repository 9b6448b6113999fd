package nepi.kernel.jshell;

/** The few terminal colours used in tracebacks; Jupyter front ends render them. */
final class Ansi {

    private Ansi() {}

    static String red(String text) {
        return "\u001b[31m" + text + "\u001b[0m";
    }

    static String bold(String text) {
        return "\u001b[1m" + text + "\u001b[0m";
    }

    static String green(String text) {
        return "\u001b[32m" + text + "\u001b[0m";
    }
}
