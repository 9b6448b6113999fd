package nepi.core.trace;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nepi.core.trace.TraceTable.Column;
import nepi.core.trace.TraceTable.ColumnType;

/**
 * The output of {@code ping} (iputils and busybox): the echo replies and the statistics printed at the end. Error
 * lines ({@code Destination Host Unreachable}) are not replies; the statistics count them.
 *
 * @param replies the replies in the order printed
 * @param summary the statistics, when ping printed them (it does when it ends by itself or is interrupted)
 */
public record PingTrace(List<Reply> replies, Optional<Summary> summary) implements ParsedTrace {

    /**
     * One echo reply.
     *
     * @param icmpSeq   its {@code icmp_seq}
     * @param ttl       its {@code ttl}, null when not printed
     * @param timeMs    the round-trip time in milliseconds
     * @param timestamp when ping printed it ({@code -D}), else null
     */
    public record Reply(int icmpSeq, Integer ttl, double timeMs, Instant timestamp) {
        /** The round-trip time. */
        public Duration rtt() {
            return Duration.ofNanos(Math.round(timeMs * 1e6));
        }
    }

    /**
     * The statistics at the end of the output.
     *
     * @param transmitted requests sent
     * @param received    replies received
     * @param errors      errors reported (unreachable, ...), 0 when none
     * @param lossPercent packet loss in percent
     * @param time        the time ping ran, as it reports it; null when not printed (busybox)
     * @param minMs       shortest round-trip time in ms; null when there was no reply
     * @param avgMs       mean round-trip time in ms; null when there was no reply
     * @param maxMs       longest round-trip time in ms; null when there was no reply
     * @param mdevMs      mean deviation in ms; null when there was no reply or not printed (busybox)
     */
    public record Summary(
            int transmitted,
            int received,
            int errors,
            double lossPercent,
            Duration time,
            Double minMs,
            Double avgMs,
            Double maxMs,
            Double mdevMs) {}

    private static final Pattern REPLY = Pattern.compile("^(?:\\[(\\d+(?:\\.\\d+)?)\\]\\s*)?\\d+ bytes from .*?"
            + "(?:icmp_seq|seq)=(\\d+)(?:.*?ttl=(\\d+))?.*?time[=<]\\s*(\\d+(?:\\.\\d+)?)\\s*ms");
    private static final Pattern COUNTS = Pattern.compile("(\\d+) packets transmitted, (\\d+) (?:packets )?received,"
            + "(?: \\+(\\d+) errors,)?(?: \\+\\d+ duplicates,)? (\\d+(?:\\.\\d+)?)% packet loss(?:, time (\\d+)ms)?");
    private static final Pattern RTT = Pattern.compile(
            "(?:rtt|round-trip) min/avg/max(?:/mdev)? = ([\\d.]+)/([\\d.]+)/([\\d.]+)(?:/([\\d.]+))? ms");
    private static final Pattern HEADER = Pattern.compile("(?m)^PING \\S+ \\(");

    /** Copies the list. */
    public PingTrace {
        replies = List.copyOf(replies);
    }

    /** The replies and statistics in {@code output}; other lines are skipped. */
    public static PingTrace parse(String output) {
        List<Reply> replies = new ArrayList<>();
        Matcher counts = null;
        Matcher rtt = null;
        for (String line : output.split("\n")) {
            String stripped = line.strip();
            Matcher m = REPLY.matcher(stripped);
            if (m.find()) {
                String seconds = m.group(1);
                replies.add(new Reply(
                        Integer.parseInt(m.group(2)),
                        m.group(3) == null ? null : Integer.valueOf(m.group(3)),
                        Double.parseDouble(m.group(4)),
                        seconds == null ? null : instant(seconds)));
                continue;
            }
            Matcher c = COUNTS.matcher(stripped);
            if (c.find()) {
                counts = c;
                rtt = null; // a second run of ping starts its statistics again
                continue;
            }
            Matcher r = RTT.matcher(stripped);
            if (r.find()) {
                rtt = r;
            }
        }
        Summary summary = null;
        if (counts != null) {
            summary = new Summary(
                    Integer.parseInt(counts.group(1)),
                    Integer.parseInt(counts.group(2)),
                    counts.group(3) == null ? 0 : Integer.parseInt(counts.group(3)),
                    Double.parseDouble(counts.group(4)),
                    counts.group(5) == null ? null : Duration.ofMillis(Long.parseLong(counts.group(5))),
                    rtt == null ? null : Double.valueOf(rtt.group(1)),
                    rtt == null ? null : Double.valueOf(rtt.group(2)),
                    rtt == null ? null : Double.valueOf(rtt.group(3)),
                    rtt == null || rtt.group(4) == null ? null : Double.valueOf(rtt.group(4)));
        }
        return new PingTrace(replies, Optional.ofNullable(summary));
    }

    /** Whether {@code text} has ping's header, a reply or ping's statistics. */
    static boolean looksLike(String text) {
        if (HEADER.matcher(text).find()) {
            return true;
        }
        for (String line : text.split("\n", 200)) {
            if (REPLY.matcher(line.strip()).find() || COUNTS.matcher(line).find()) {
                return true;
            }
        }
        return false;
    }

    /** Whether every reply carries a timestamp ({@code -D}), so they can be placed in time. */
    public boolean timed() {
        return !replies.isEmpty() && replies.stream().allMatch(r -> r.timestamp() != null);
    }

    @Override
    public TraceFormat format() {
        return TraceFormat.PING;
    }

    @Override
    public boolean isEmpty() {
        return replies.isEmpty() && summary.isEmpty();
    }

    /**
     * Columns {@code timestamp} (with {@code -D}), {@code icmp_seq}, {@code ttl}, {@code time_ms}; the summary
     * holds {@code transmitted}, {@code received}, {@code errors} (when some), {@code loss_percent}, {@code
     * time_ms}, {@code min_ms}, {@code avg_ms}, {@code max_ms}, {@code mdev_ms} as far as ping printed them.
     */
    @Override
    public TraceTable table() {
        boolean timed = timed();
        List<Column> columns = new ArrayList<>();
        if (timed) {
            columns.add(new Column("timestamp", ColumnType.TIME));
        }
        columns.add(new Column("icmp_seq", ColumnType.INTEGER));
        columns.add(new Column("ttl", ColumnType.INTEGER));
        columns.add(new Column("time_ms", ColumnType.DECIMAL));
        List<List<Object>> rows = new ArrayList<>(replies.size());
        for (Reply reply : replies) {
            List<Object> row = new ArrayList<>(4);
            if (timed) {
                row.add(reply.timestamp());
            }
            row.add((long) reply.icmpSeq());
            row.add(reply.ttl() == null ? null : (long) reply.ttl());
            row.add(reply.timeMs());
            rows.add(row);
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        summary.ifPresent(s -> {
            totals.put("transmitted", (long) s.transmitted());
            totals.put("received", (long) s.received());
            if (s.errors() > 0) {
                totals.put("errors", (long) s.errors());
            }
            totals.put("loss_percent", s.lossPercent());
            if (s.time() != null) {
                totals.put("time_ms", s.time().toMillis());
            }
            putIfSet(totals, "min_ms", s.minMs());
            putIfSet(totals, "avg_ms", s.avgMs());
            putIfSet(totals, "max_ms", s.maxMs());
            putIfSet(totals, "mdev_ms", s.mdevMs());
        });
        return new TraceTable(TraceFormat.PING, columns, rows, totals);
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    static Instant instant(String epochSeconds) {
        int dot = epochSeconds.indexOf('.');
        if (dot < 0) {
            return Instant.ofEpochSecond(Long.parseLong(epochSeconds));
        }
        String fraction = (epochSeconds.substring(dot + 1) + "000000000").substring(0, 9);
        return Instant.ofEpochSecond(Long.parseLong(epochSeconds.substring(0, dot)), Long.parseLong(fraction));
    }
}
