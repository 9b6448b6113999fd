package nepi.resources.linux;

import java.util.ArrayList;
import java.util.List;
import nepi.resources.linux.host.ShellWords;

/** Builds the command line of a specialised application from its attribute values, quoting each word. */
final class CommandLine {

    private final List<String> words = new ArrayList<>();

    CommandLine(String program) {
        words.add(program);
    }

    /** Adds {@code flag} when {@code on} is true. */
    CommandLine flag(Boolean on, String flag) {
        if (Boolean.TRUE.equals(on)) {
            words.add(flag);
        }
        return this;
    }

    /** Adds {@code option value} when the value is set. */
    CommandLine option(String option, Object value) {
        if (value != null && !value.toString().isBlank()) {
            words.add(option);
            words.add(format(value));
        }
        return this;
    }

    /** Adds a plain argument (when set). */
    CommandLine arg(Object value) {
        if (value != null && !value.toString().isBlank()) {
            words.add(format(value));
        }
        return this;
    }

    private static String format(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return Long.toString(d.longValue());
        }
        return value.toString().strip();
    }

    @Override
    public String toString() {
        return ShellWords.join(words);
    }
}
