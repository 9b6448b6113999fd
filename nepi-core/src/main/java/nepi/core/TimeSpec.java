package nepi.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NEPI's time strings: relative ({@code "0s"}, {@code "1.5s"}, {@code "250ms"},
 * {@code "10us"}, {@code "2m"}, {@code "1h"}) or absolute ({@code YYYYMMddHHmmssffffff},
 * 20 digits, local time). Times are counted in nanoseconds, so neither a relative time nor
 * the distance to an absolute date may exceed {@link #MAX_DELAY} (about 292 years).
 */
public final class TimeSpec {

    /** The longest time accepted: 9223372036s, about 292 years (nanoseconds counted in a long). */
    public static final Duration MAX_DELAY = Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L);

    /**
     * The parsing and formatting constants, apart so that a controller that only schedules
     * with {@link Duration}s does not compile patterns and build a date formatter in its first
     * deploy (a fresh JVM's class initialisation is interpreted, and this was most of it).
     */
    private static final class Syntax {
        static final String MAXIMUM = "at most " + format(MAX_DELAY) + " (about 292 years)";
        static final Pattern RELATIVE = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|m|s|ms|us)");
        static final Pattern ABSOLUTE = Pattern.compile("\\d{20}");
        static final DateTimeFormatter ABSOLUTE_FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSSSSS");
        static final String ACCEPTED = "a number and a unit (h, m, s, ms, us) such as \"1.5s\" or \"250ms\","
                + " or an absolute date of 20 digits YYYYMMddHHmmssffffff";
    }

    private TimeSpec() {}

    /**
     * Parses a relative time string.
     *
     * @throws IllegalArgumentException naming the string and what is accepted, also when it is
     *         longer than {@link #MAX_DELAY}
     */
    public static Duration parseDuration(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a time is needed; accepted: " + Syntax.ACCEPTED);
        }
        Duration plain = parsePlain(text);
        if (plain != null) {
            return plain;
        }
        Matcher m = Syntax.RELATIVE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("malformed time \"" + text + "\"; accepted: " + Syntax.ACCEPTED);
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        BigDecimal nanosPerUnit = BigDecimal.valueOf(
                switch (m.group(2)) {
                    case "h" -> 3_600_000_000_000L;
                    case "m" -> 60_000_000_000L;
                    case "s" -> 1_000_000_000L;
                    case "ms" -> 1_000_000L;
                    default -> 1_000L;
                });
        BigDecimal nanos = amount.multiply(nanosPerUnit);
        if (nanos.compareTo(BigDecimal.valueOf(MAX_DELAY.toNanos())) > 0) {
            throw new IllegalArgumentException("time \"" + text + "\" is too large; " + Syntax.MAXIMUM);
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /**
     * How long from now until the time a time string designates: a relative time itself,
     * or the time left until an absolute date (negative when it passed).
     *
     * @throws IllegalArgumentException naming the string and what is accepted
     */
    public static Duration delayUntil(String text) {
        Duration plain = text == null ? null : parsePlain(text);
        if (plain != null) {
            return plain;
        }
        if (text != null && Syntax.ABSOLUTE.matcher(text.trim()).matches()) {
            Instant now = Instant.now();
            return Duration.between(now, parseDate(text, now));
        }
        return parseDuration(text);
    }

    /**
     * The common case without a regex or BigDecimal, since RMs written the NEPI way
     * reschedule themselves with {@code "0s"} many times a second: a whole number of at most
     * 15 digits and a unit, exactly as written. Null for anything else (decimals, spaces,
     * malformed text), which the general parser handles.
     */
    private static Duration parsePlain(String text) {
        int n = text.length();
        int digits = 0;
        long amount = 0;
        while (digits < n && digits < 16) {
            char c = text.charAt(digits);
            if (c < '0' || c > '9') {
                break;
            }
            amount = amount * 10 + (c - '0');
            digits++;
        }
        if (digits == 0 || digits > 15) {
            return null;
        }
        char unit = digits < n ? text.charAt(digits) : ' ';
        char second = digits + 1 < n ? text.charAt(digits + 1) : ' ';
        long nanosPerUnit;
        if (digits + 1 == n) {
            nanosPerUnit =
                    unit == 'h' ? 3_600_000_000_000L : unit == 'm' ? 60_000_000_000L : unit == 's' ? 1_000_000_000L : 0;
        } else if (digits + 2 == n && second == 's') {
            nanosPerUnit = unit == 'm' ? 1_000_000L : unit == 'u' ? 1_000L : 0;
        } else {
            nanosPerUnit = 0;
        }
        if (nanosPerUnit == 0 || amount > Long.MAX_VALUE / nanosPerUnit) {
            return null;
        }
        return amount == 0 ? Duration.ZERO : Duration.ofNanos(amount * nanosPerUnit);
    }

    /**
     * The instant a time string designates: {@code now} plus a relative time, or an
     * absolute date at most {@link #MAX_DELAY} after {@code now}.
     *
     * @throws IllegalArgumentException naming the string and what is accepted
     */
    public static Instant parseDate(String text, Instant now) {
        if (text != null && Syntax.ABSOLUTE.matcher(text.trim()).matches()) {
            Instant date;
            try {
                date = LocalDateTime.parse(text.trim(), Syntax.ABSOLUTE_FORMAT)
                        .atZone(ZoneId.systemDefault())
                        .toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "malformed date \"" + text + "\": " + e.getMessage() + "; accepted: " + Syntax.ACCEPTED);
            }
            if (date.isAfter(now.plus(MAX_DELAY))) {
                throw new IllegalArgumentException("date \"" + text + "\" is out of range: a date is " + Syntax.MAXIMUM
                        + " ahead, until " + format(now.plus(MAX_DELAY)));
            }
            return date;
        }
        return now.plus(parseDuration(text));
    }

    /** Formats a duration as a relative time string that {@link #parseDuration} reads back exactly. */
    public static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        return BigDecimal.valueOf(nanos).movePointLeft(3).stripTrailingZeros().toPlainString() + "us";
    }

    /** Formats an instant as an absolute NEPI date (20 digits, local time). */
    public static String format(Instant instant) {
        return Syntax.ABSOLUTE_FORMAT.format(instant.atZone(ZoneId.systemDefault()));
    }
}
