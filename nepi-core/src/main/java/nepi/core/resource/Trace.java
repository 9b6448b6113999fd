package nepi.core.resource;

/**
 * The declaration of a trace a resource type can produce (its standard output, a
 * capture, a log). Declare traces as {@code public static final} fields of the RM class.
 *
 * @param name the trace's name, e.g. {@code "stdout"}
 * @param help what the trace holds
 * @param enabledByDefault whether it is collected without {@code enableTrace}
 */
public record Trace(String name, String help, boolean enabledByDefault) {

    public Trace {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a trace needs a name");
        }
        help = help == null ? "" : help;
    }

    /** A trace that is collected only once enabled. */
    public static Trace of(String name, String help) {
        return new Trace(name, help, false);
    }

    /** A trace that is collected without being enabled. */
    public static Trace enabled(String name, String help) {
        return new Trace(name, help, true);
    }
}
