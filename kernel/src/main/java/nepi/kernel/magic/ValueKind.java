package nepi.kernel.magic;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What text an argument or option value accepts and the value it becomes.
 *
 * @param placeholder how a value is shown in the usage line, e.g. {@code N}
 * @param accepts     what is accepted, for the message about a bad value, e.g. "a whole number above 0"
 * @param choices     the fixed words accepted (for completion and the usage line); empty when any text may do
 * @param converter   turns the text into the value
 * @param <T>         the value's type
 */
public record ValueKind<T>(String placeholder, String accepts, List<String> choices, Converter<T> converter) {

    /** Turns the text of one word into a value. */
    @FunctionalInterface
    public interface Converter<T> {
        /** @throws IllegalArgumentException when {@code text} is not an accepted value */
        T convert(String text);
    }

    /** Any word, as typed. */
    public static final ValueKind<String> TEXT = of("TEXT", "a word", text -> text);

    /** A whole number above 0. */
    public static final ValueKind<Integer> POSITIVE_INT = of("N", "a whole number above 0", text -> {
        int value = Integer.parseInt(text);
        if (value <= 0) {
            throw new IllegalArgumentException(text + " is not above 0");
        }
        return value;
    });

    /** A file system path; {@code ~} at its start stands for the home directory. */
    public static final ValueKind<Path> PATH = of("PATH", "a path (quote one with blanks)", text -> {
        String expanded =
                text.equals("~") || text.startsWith("~/") ? System.getProperty("user.home") + text.substring(1) : text;
        try {
            return Path.of(expanded);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(e.getReason(), e);
        }
    });

    /** Copies the choices. */
    public ValueKind {
        choices = List.copyOf(choices);
    }

    /** A kind without fixed words. */
    public static <T> ValueKind<T> of(String placeholder, String accepts, Converter<T> converter) {
        return new ValueKind<>(placeholder, accepts, List.of(), converter);
    }

    /** One of the constants of {@code type}, written in lower case (any case is accepted). */
    public static <E extends Enum<E>> ValueKind<E> choice(Class<E> type) {
        List<String> words = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT))
                .toList();
        return new ValueKind<>(
                String.join("|", words),
                "one of " + String.join(", ", words),
                words,
                text -> Enum.valueOf(type, text.toUpperCase(Locale.ROOT)));
    }

    /** The same conversion, shown and explained differently (e.g. {@code N} as "a number of lines above 0"). */
    public ValueKind<T> describedAs(String newPlaceholder, String newAccepts) {
        return new ValueKind<>(newPlaceholder, newAccepts, choices, converter);
    }

    /** Whether {@code text} is an accepted value. */
    public boolean accepts(String text) {
        try {
            converter.convert(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
