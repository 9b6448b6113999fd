package nepi.core.resource;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The declaration of one attribute of a resource type: its name, help, type, default,
 * accepted values and flags. Values live in each RM, not here.
 *
 * <p>Declare attributes as {@code public static final} fields of the RM class; subtypes
 * inherit them:
 * <pre>{@code
 * public static final Attribute<Integer> PORT = Attribute.ofInteger("port", "SSH port")
 *         .withDefault(22).withRange(1, 65535).withFlags(Flag.DESIGN);
 * }</pre>
 *
 * <p>Instances are immutable; each {@code with...} method returns a new declaration.
 *
 * @param <T> the Java type of the values: String, Boolean, Integer or Double
 */
public final class Attribute<T> {

    /** The value types an attribute can have. */
    public enum Type {
        STRING,
        BOOL,
        ENUM,
        DOUBLE,
        INTEGER
    }

    /** Flags that restrict how an attribute is used. */
    public enum Flag {
        /** Users cannot read the value (RM code still can). */
        NO_READ,
        /** Users cannot change the value (RM code still can). */
        NO_WRITE,
        /** Can only be changed before the RM is deployed. */
        DESIGN,
        /** Used when the resource is constructed. */
        CONSTRUCT,
        /** A secret: never shown in clear. Implies {@link #DESIGN}. */
        CREDENTIAL,
        /** Used to filter resources at discovery. Implies {@link #DESIGN}. */
        FILTER,
        /** For the RM's own use; not listed to users. */
        RESERVED,
        /** One value shared by every RM of the type in an experiment. */
        GLOBAL
    }

    /**
     * Called when a value is set, before it is stored; returns the value to store. Lets an
     * RM apply a change to a live resource or normalise the value.
     *
     * @param <T> the attribute's value type
     */
    @FunctionalInterface
    public interface SetHook<T> {
        /**
         * @param rm the RM whose attribute changes
         * @param value the new, already converted and validated value (may be null)
         * @return the value to store
         * @throws Exception to refuse the value; the message is shown to the user
         */
        T apply(ResourceManager rm, T value) throws Exception;
    }

    private final String name;
    private final String help;
    private final Type type;
    private final Class<T> valueClass;
    private final T defaultValue;
    private final List<String> allowed;
    private final Double min;
    private final Double max;
    private final Set<Flag> flags;
    /** Bit {@code 1 << ordinal} of each flag: every attribute read asks whether it is Global. */
    private final int flagBits;

    private final SetHook<T> hook;

    private Attribute(
            String name,
            String help,
            Type type,
            Class<T> valueClass,
            T defaultValue,
            List<String> allowed,
            Double min,
            Double max,
            Set<Flag> flags,
            SetHook<T> hook) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an attribute needs a name");
        }
        this.name = name;
        this.help = help == null ? "" : help;
        this.type = type;
        this.valueClass = valueClass;
        this.defaultValue = defaultValue;
        this.allowed = allowed;
        this.min = min;
        this.max = max;
        this.flags = Collections.unmodifiableSet(flags);
        int bits = 0;
        for (Flag f : flags) {
            bits |= 1 << f.ordinal();
        }
        this.flagBits = bits;
        this.hook = hook;
    }

    /** A text attribute, default null. */
    public static Attribute<String> ofString(String name, String help) {
        return new Attribute<>(
                name, help, Type.STRING, String.class, null, List.of(), null, null, EnumSet.noneOf(Flag.class), null);
    }

    /** A true/false attribute, default false. */
    public static Attribute<Boolean> ofBoolean(String name, String help) {
        return new Attribute<>(
                name, help, Type.BOOL, Boolean.class, false, List.of(), null, null, EnumSet.noneOf(Flag.class), null);
    }

    /** A whole-number attribute, default null. */
    public static Attribute<Integer> ofInteger(String name, String help) {
        return new Attribute<>(
                name, help, Type.INTEGER, Integer.class, null, List.of(), null, null, EnumSet.noneOf(Flag.class), null);
    }

    /** A floating-point attribute, default null. */
    public static Attribute<Double> ofDouble(String name, String help) {
        return new Attribute<>(
                name, help, Type.DOUBLE, Double.class, null, List.of(), null, null, EnumSet.noneOf(Flag.class), null);
    }

    /** An attribute whose value is one of {@code allowed}; the default is the first. */
    public static Attribute<String> ofEnum(String name, String help, String... allowed) {
        if (allowed.length == 0) {
            throw new IllegalArgumentException("enum attribute '" + name + "' needs allowed values");
        }
        return new Attribute<>(
                name,
                help,
                Type.ENUM,
                String.class,
                allowed[0],
                List.of(allowed),
                null,
                null,
                EnumSet.noneOf(Flag.class),
                null);
    }

    /** The same declaration with another default value. */
    public Attribute<T> withDefault(T value) {
        return new Attribute<>(name, help, type, valueClass, convert(value), allowed, min, max, copyFlags(), hook);
    }

    /** The same declaration accepting only numbers from {@code min} to {@code max}, inclusive. */
    public Attribute<T> withRange(Number min, Number max) {
        if (type != Type.INTEGER && type != Type.DOUBLE) {
            throw new IllegalArgumentException("attribute '" + name + "' is " + type + "; only numbers have a range");
        }
        return new Attribute<>(
                name,
                help,
                type,
                valueClass,
                defaultValue,
                allowed,
                min == null ? null : min.doubleValue(),
                max == null ? null : max.doubleValue(),
                copyFlags(),
                hook);
    }

    /** The same declaration with these flags added. */
    public Attribute<T> withFlags(Flag... more) {
        Set<Flag> all = copyFlags();
        for (Flag f : more) {
            all.add(f);
            if (f == Flag.CREDENTIAL || f == Flag.FILTER) {
                all.add(Flag.DESIGN);
            }
        }
        return new Attribute<>(name, help, type, valueClass, defaultValue, allowed, min, max, all, hook);
    }

    /** The same declaration with a hook run on every set. */
    public Attribute<T> withHook(SetHook<T> setHook) {
        return new Attribute<>(name, help, type, valueClass, defaultValue, allowed, min, max, copyFlags(), setHook);
    }

    private Set<Flag> copyFlags() {
        return flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
    }

    public String getName() {
        return name;
    }

    public String getHelp() {
        return help;
    }

    public Type getType() {
        return type;
    }

    /** The Java class of the values (String, Boolean, Integer or Double). */
    public Class<T> getValueClass() {
        return valueClass;
    }

    public T getDefault() {
        return defaultValue;
    }

    /** The accepted values of an ENUM attribute (empty for other types). */
    public List<String> getAllowed() {
        return allowed;
    }

    /** The smallest accepted number, or null. */
    public Double getMin() {
        return min;
    }

    /** The largest accepted number, or null. */
    public Double getMax() {
        return max;
    }

    public Set<Flag> getFlags() {
        return flags;
    }

    public boolean hasFlag(Flag flag) {
        return (flagBits & (1 << flag.ordinal())) != 0;
    }

    SetHook<T> hook() {
        return hook;
    }

    /**
     * Converts a user's value to this attribute's type, validating it: strings such as
     * {@code "true"} or {@code "42"} are converted when the type is clear. Null stays null.
     *
     * @throws IllegalArgumentException naming the attribute, the value and what is accepted
     */
    public T convert(Object value) {
        if (value == null) {
            return null;
        }
        Object converted =
                switch (type) {
                    case STRING -> toText(value);
                    case BOOL -> toBoolean(value);
                    case INTEGER -> toInteger(value);
                    case DOUBLE -> toDouble(value);
                    case ENUM -> toEnum(value);
                };
        return valueClass.cast(converted);
    }

    /** A one-line description of what this attribute accepts, used in error messages and help. */
    public String describeAccepted() {
        String base =
                switch (type) {
                    case STRING -> "text";
                    case BOOL -> "true or false";
                    case INTEGER -> "a whole number";
                    case DOUBLE -> "a number";
                    case ENUM -> "one of " + allowed;
                };
        if (min != null && max != null) {
            return base + " from " + formatBound(min) + " to " + formatBound(max);
        } else if (min != null) {
            return base + " of at least " + formatBound(min);
        } else if (max != null) {
            return base + " of at most " + formatBound(max);
        }
        return base;
    }

    /** The value as it may be shown to a user: credentials are masked. */
    public String display(Object value) {
        if (value == null) {
            return "";
        }
        return flags.contains(Flag.CREDENTIAL) ? "********" : String.valueOf(value);
    }

    private String formatBound(double bound) {
        return type == Type.INTEGER || bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
    }

    private IllegalArgumentException refuse(Object value, String why) {
        String shown = flags.contains(Flag.CREDENTIAL) ? "(a secret value)" : describeValue(value);
        return new IllegalArgumentException(
                "attribute '" + name + "' refuses " + shown + ": " + why + "; accepted: " + describeAccepted());
    }

    private static String describeValue(Object value) {
        return value instanceof CharSequence
                ? "\"" + value + "\""
                : value + " (" + value.getClass().getSimpleName() + ")";
    }

    private String toText(Object value) {
        if (value instanceof CharSequence
                || value instanceof Number
                || value instanceof Boolean
                || value instanceof Character
                || value instanceof Enum<?>) {
            return value.toString();
        }
        throw refuse(value, "not text");
    }

    private Boolean toBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof CharSequence s) {
            String text = s.toString().trim().toLowerCase(Locale.ROOT);
            if (text.equals("true")) {
                return true;
            }
            if (text.equals("false")) {
                return false;
            }
        }
        throw refuse(value, "not a boolean");
    }

    private Integer toInteger(Object value) {
        long number;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            number = ((Number) value).longValue();
        } else if (value instanceof Number n
                && n.doubleValue() == Math.rint(n.doubleValue())
                && !Double.isInfinite(n.doubleValue())) {
            number = (long) n.doubleValue();
        } else if (value instanceof CharSequence s) {
            try {
                number = Long.parseLong(s.toString().trim());
            } catch (NumberFormatException e) {
                throw refuse(value, "not a whole number");
            }
        } else {
            throw refuse(value, "not a whole number");
        }
        if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
            throw refuse(value, "too large for an integer");
        }
        checkRange(value, number);
        return (int) number;
    }

    private Double toDouble(Object value) {
        double number;
        if (value instanceof Number n) {
            number = n.doubleValue();
        } else if (value instanceof CharSequence s) {
            try {
                number = Double.parseDouble(s.toString().trim());
            } catch (NumberFormatException e) {
                throw refuse(value, "not a number");
            }
        } else {
            throw refuse(value, "not a number");
        }
        if (Double.isNaN(number)) {
            throw refuse(value, "not a number");
        }
        checkRange(value, number);
        return number;
    }

    private void checkRange(Object original, double number) {
        if ((min != null && number < min) || (max != null && number > max)) {
            throw refuse(original, "out of range");
        }
    }

    private String toEnum(Object value) {
        String text = value instanceof Enum<?> e ? e.name() : value instanceof CharSequence s ? s.toString() : null;
        if (text != null) {
            for (String candidate : allowed) {
                if (candidate.equals(text)) {
                    return candidate;
                }
            }
            for (String candidate : allowed) {
                if (candidate.equalsIgnoreCase(text.trim())) {
                    return candidate;
                }
            }
        }
        throw refuse(value, "not an allowed value");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attribute<?> other
                && name.equals(other.name)
                && type == other.type
                && Objects.equals(defaultValue, other.defaultValue)
                && allowed.equals(other.allowed)
                && Objects.equals(min, other.min)
                && Objects.equals(max, other.max)
                && flags.equals(other.flags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type);
    }

    @Override
    public String toString() {
        return name + " (" + type + (defaultValue == null ? "" : ", default " + display(defaultValue))
                + (flags.isEmpty() ? "" : ", " + flags) + ")";
    }
}
