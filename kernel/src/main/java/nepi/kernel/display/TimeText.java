package nepi.kernel.display;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How times are written in tables: short durations ({@code 850 ms}, {@code 4.2 s}, {@code 3 min 5 s}) and clock times. */
public final class TimeText {

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private TimeText() {}

    /** A duration for people: milliseconds under a second, tenths of seconds under a minute, then min/h. */
    public static String duration(Duration duration) {
        if (duration == null) {
            return "";
        }
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }

    /** The local date and time of an instant, to the second, or an empty string for null. */
    public static String dateTime(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant);
    }

    /** The local clock time of an instant, to the millisecond, or an empty string for null. */
    public static String clock(Instant instant) {
        return instant == null ? "" : CLOCK.format(instant);
    }
}
