package nepi.resources.netns;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bit rate, as link shaping takes it: {@code 10mbit}, {@code 500kbit}, {@code 1gbit},
 * {@code 2.5M}, {@code 64000} (bit/s). Units are decimal (k = 1000), as in {@code tc}.
 *
 * @param bitsPerSecond the rate in bits per second
 */
public record Rate(long bitsPerSecond) {

    /** The slowest rate accepted: slower links make every test time out rather than measure anything. */
    public static final long MIN_BITS_PER_SECOND = 1000;

    private static final Pattern TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*?)(?:/s)?");

    public Rate {
        if (bitsPerSecond < MIN_BITS_PER_SECOND) {
            throw new IllegalArgumentException("rate " + bitsPerSecond + " bit/s is below the minimum of 1kbit");
        }
    }

    /**
     * Parses a rate.
     *
     * @throws IllegalArgumentException naming the text and what is accepted
     */
    public static Rate parse(String text) {
        String accepted = "; accepted: a number of bits per second with an optional unit bit, kbit, mbit or gbit"
                + " (or k, M, G), e.g. 10mbit, at least 1kbit";
        if (text == null) {
            throw new IllegalArgumentException("no rate given" + accepted);
        }
        Matcher m = TEXT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a rate" + accepted);
        }
        long multiplier =
                switch (m.group(2)) {
                    case "", "bit" -> 1L;
                    case "k", "kbit" -> 1_000L;
                    case "m", "mbit" -> 1_000_000L;
                    case "g", "gbit" -> 1_000_000_000L;
                        // tc reads "bps" as bytes per second, a classic source of 8x mistakes: refuse it.
                    case "bps", "kbps", "mbps", "gbps" -> throw new IllegalArgumentException(
                            "\"" + text + "\" is ambiguous (tc reads 'bps' as bytes per second)" + accepted);
                    default -> throw new IllegalArgumentException(
                            "\"" + text + "\" has an unknown unit '" + m.group(2) + "'" + accepted);
                };
        BigDecimal bits = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier));
        if (bits.compareTo(BigDecimal.valueOf(MIN_BITS_PER_SECOND)) < 0
                || bits.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 8)) > 0) {
            throw new IllegalArgumentException("\"" + text + "\" is out of range" + accepted);
        }
        return new Rate(bits.longValue());
    }

    /** Bytes per second. */
    public long bytesPerSecond() {
        return bitsPerSecond / 8;
    }

    /** The rate as {@code tc} reads it, in the largest unit that keeps it whole, e.g. {@code 10mbit}. */
    @Override
    public String toString() {
        if (bitsPerSecond % 1_000_000_000L == 0) {
            return bitsPerSecond / 1_000_000_000L + "gbit";
        }
        if (bitsPerSecond % 1_000_000L == 0) {
            return bitsPerSecond / 1_000_000L + "mbit";
        }
        if (bitsPerSecond % 1_000L == 0) {
            return bitsPerSecond / 1_000L + "kbit";
        }
        return bitsPerSecond + "bit";
    }
}
