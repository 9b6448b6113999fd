package nepi.kernel.magic;

/**
 * A positional argument of a magic. Declare it as a constant of the magic and read its value with
 * {@link MagicArguments#get}, {@link MagicArguments#find} or {@link MagicArguments#all}.
 *
 * @param name  as shown in the usage line, e.g. {@code GUID}
 * @param kind  what it accepts
 * @param arity how many words it takes
 * @param help  what it is, one phrase
 * @param <T>   the value's type
 */
public record Positional<T>(String name, ValueKind<T> kind, Arity arity, String help) {

    /** How many words an argument takes. */
    public enum Arity {
        /** Exactly one. */
        REQUIRED,
        /** One when the next word is of its kind, else none (so a word of another kind goes to the next). */
        OPTIONAL,
        /** All the remaining words, none included; only the last argument can be repeated. */
        REPEATED
    }

    public static <T> Positional<T> required(String name, ValueKind<T> kind, String help) {
        return new Positional<>(name, kind, Arity.REQUIRED, help);
    }

    public static <T> Positional<T> optional(String name, ValueKind<T> kind, String help) {
        return new Positional<>(name, kind, Arity.OPTIONAL, help);
    }

    public static <T> Positional<T> repeated(String name, ValueKind<T> kind, String help) {
        return new Positional<>(name, kind, Arity.REPEATED, help);
    }

    /** As in the usage line: {@code NAME}, or {@code [NAME]} when it may be left out. */
    String usage() {
        return arity == Arity.REQUIRED ? name : "[" + name + "]";
    }
}
