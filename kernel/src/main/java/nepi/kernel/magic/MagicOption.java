package nepi.kernel.magic;

/**
 * An option of a magic, {@code --name} alone (a flag) or with a value ({@code --name V} or {@code --name=V}).
 * Declare it as a constant of the magic and read it with {@link MagicArguments#has} or
 * {@link MagicArguments#get(MagicOption)}.
 *
 * @param name         with its leading {@code --}
 * @param kind         what its value accepts; null for a flag
 * @param defaultValue the value when it is not given; null for none
 * @param help         what it does, one phrase
 * @param <T>          the value's type ({@link Boolean} for a flag)
 */
public record MagicOption<T>(String name, ValueKind<T> kind, T defaultValue, String help) {

    /** Checks the name. */
    public MagicOption {
        if (name == null || !name.matches("--[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("bad option name '" + name + "': use -- and lower-case letters");
        }
    }

    /** An option without a value. */
    public static MagicOption<Boolean> flag(String name, String help) {
        return new MagicOption<>(name, null, null, help);
    }

    /** An option with a value and no default. */
    public static <T> MagicOption<T> valued(String name, ValueKind<T> kind, String help) {
        return new MagicOption<>(name, kind, null, help);
    }

    /** The same option with {@code value} when it is not given. */
    public MagicOption<T> withDefault(T value) {
        if (kind == null) {
            throw new IllegalStateException(name + " is a flag: it has no default");
        }
        return new MagicOption<>(name, kind, value, help);
    }

    public boolean isFlag() {
        return kind == null;
    }

    /** As in the usage line: {@code --tail N} or {@code --size}. */
    String usage() {
        return isFlag() ? name : name + " " + kind.placeholder();
    }
}
