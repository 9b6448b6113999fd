package nepi.core.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nepi.core.trace.TraceTable.Column;
import nepi.core.trace.TraceTable.ColumnType;

/**
 * The JSON report of {@code iperf3 -J} (client or server), or its JSON lines ({@code --json-stream}): the
 * intervals (the sum over the parallel streams) and the totals. A server that ran several tests wrote one report
 * per test: their intervals follow each other, the totals are the last test's.
 *
 * @param intervals the intervals, in order
 * @param summary   the totals of the test, when the report has its {@code end} section
 */
public record IperfTrace(List<Interval> intervals, Optional<Summary> summary) implements ParsedTrace {

    /**
     * One interval report, summed over the parallel streams.
     *
     * @param start         when it starts, from the start of the test
     * @param end           when it ends
     * @param bytes         bytes sent (or received, on the receiving side)
     * @param bitsPerSecond the rate
     * @param retransmits   TCP retransmissions of the sender, null for UDP and the receiver
     * @param packets       UDP datagrams, null for TCP
     * @param lostPackets   UDP datagrams lost (receiver only), else null
     * @param jitterMs      UDP jitter in ms (receiver only), else null
     */
    public record Interval(
            Duration start,
            Duration end,
            long bytes,
            double bitsPerSecond,
            Long retransmits,
            Long packets,
            Long lostPackets,
            Double jitterMs) {}

    /**
     * The totals of a test.
     *
     * @param protocol              TCP or UDP, null when not reported
     * @param sentBytes             bytes sent
     * @param sentBitsPerSecond     the sending rate
     * @param receivedBytes         bytes received, null when not reported
     * @param receivedBitsPerSecond the receiving rate, null when not reported
     * @param retransmits           TCP retransmissions, null for UDP
     * @param jitterMs              UDP jitter in ms, null for TCP
     * @param lostPercent           UDP loss in percent, null for TCP
     * @param error                 the error iperf3 reported, else null
     */
    public record Summary(
            String protocol,
            Long sentBytes,
            Double sentBitsPerSecond,
            Long receivedBytes,
            Double receivedBitsPerSecond,
            Long retransmits,
            Double jitterMs,
            Double lostPercent,
            String error) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies the list. */
    public IperfTrace {
        intervals = List.copyOf(intervals);
    }

    /**
     * The report(s) in {@code json}.
     *
     * @throws IllegalArgumentException when it is not JSON or the JSON is cut short (iperf3 writes its report when
     *                                  the test ends: a test still running has an incomplete one)
     */
    public static IperfTrace parse(String json) {
        if (!json.stripLeading().startsWith("{")) {
            throw new IllegalArgumentException(
                    "not an iperf3 JSON report: run iperf3 with -J (json=true on linux::Iperf) to get one");
        }
        List<Interval> intervals = new ArrayList<>();
        Summary summary = null;
        String protocol = null;
        try (MappingIterator<JsonNode> reports = JSON.readerFor(JsonNode.class).readValues(json)) {
            while (reports.hasNextValue()) {
                JsonNode report = reports.nextValue();
                if (report.has("event")) {
                    // --json-stream: one event per line.
                    JsonNode data = report.path("data");
                    switch (report.path("event").asText()) {
                        case "start" -> protocol = text(data.path("test_start").path("protocol"));
                        case "interval" -> intervals.add(interval(data.path("sum")));
                        case "end" -> summary = summary(data, protocol, null);
                        case "error" -> summary = summary(null, protocol, data.asText());
                        default -> {}
                    }
                    continue;
                }
                protocol = text(report.path("start").path("test_start").path("protocol"));
                for (JsonNode i : report.path("intervals")) {
                    intervals.add(interval(i.path("sum")));
                }
                JsonNode end = report.path("end");
                String error = text(report.path("error"));
                if (end.size() > 0 || error != null) {
                    summary = summary(end, protocol, error);
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a complete iperf3 JSON report (" + e.getOriginalMessage()
                    + "); iperf3 writes its report when the test ends, so a test still running has none yet");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the iperf3 report: " + e.getMessage(), e);
        }
        return new IperfTrace(intervals, Optional.ofNullable(summary));
    }

    private static Interval interval(JsonNode sum) {
        return new Interval(
                seconds(sum.path("start").asDouble()),
                seconds(sum.path("end").asDouble()),
                sum.path("bytes").asLong(),
                sum.path("bits_per_second").asDouble(),
                longOrNull(sum.path("retransmits")),
                longOrNull(sum.path("packets")),
                longOrNull(sum.path("lost_packets")),
                doubleOrNull(sum.path("jitter_ms")));
    }

    private static Summary summary(JsonNode end, String protocol, String error) {
        if (end == null) {
            return new Summary(protocol, null, null, null, null, null, null, null, error);
        }
        JsonNode sum = end.path("sum");
        JsonNode sent = end.has("sum_sent") ? end.path("sum_sent") : sum;
        JsonNode received = end.path("sum_received");
        return new Summary(
                protocol,
                longOrNull(sent.path("bytes")),
                doubleOrNull(sent.path("bits_per_second")),
                longOrNull(received.path("bytes")),
                doubleOrNull(received.path("bits_per_second")),
                longOrNull(sent.path("retransmits")),
                doubleOrNull(sum.path("jitter_ms")),
                doubleOrNull(sum.path("lost_percent")),
                error);
    }

    private static Double doubleOrNull(JsonNode node) {
        return node.isNumber() ? node.asDouble() : null;
    }

    private static Long longOrNull(JsonNode node) {
        return node.isNumber() ? node.asLong() : null;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    @Override
    public TraceFormat format() {
        return TraceFormat.IPERF3;
    }

    @Override
    public boolean isEmpty() {
        return intervals.isEmpty() && summary.isEmpty();
    }

    /**
     * Columns {@code start} and {@code end} (seconds from the start of the test), {@code bytes}, {@code
     * bits_per_second}, then those the report has: {@code retransmits} (TCP sender), {@code packets}, {@code
     * lost_packets}, {@code jitter_ms} (UDP). The summary holds the totals.
     */
    @Override
    public TraceTable table() {
        boolean retransmits = intervals.stream().anyMatch(i -> i.retransmits() != null);
        boolean packets = intervals.stream().anyMatch(i -> i.packets() != null);
        boolean lost = intervals.stream().anyMatch(i -> i.lostPackets() != null);
        boolean jitter = intervals.stream().anyMatch(i -> i.jitterMs() != null);
        List<Column> columns = new ArrayList<>(List.of(
                new Column("start", ColumnType.DECIMAL),
                new Column("end", ColumnType.DECIMAL),
                new Column("bytes", ColumnType.INTEGER),
                new Column("bits_per_second", ColumnType.DECIMAL)));
        if (retransmits) {
            columns.add(new Column("retransmits", ColumnType.INTEGER));
        }
        if (packets) {
            columns.add(new Column("packets", ColumnType.INTEGER));
        }
        if (lost) {
            columns.add(new Column("lost_packets", ColumnType.INTEGER));
        }
        if (jitter) {
            columns.add(new Column("jitter_ms", ColumnType.DECIMAL));
        }
        List<List<Object>> rows = new ArrayList<>(intervals.size());
        for (Interval i : intervals) {
            List<Object> row = new ArrayList<>(columns.size());
            row.add(i.start().toNanos() / 1e9);
            row.add(i.end().toNanos() / 1e9);
            row.add(i.bytes());
            row.add(i.bitsPerSecond());
            if (retransmits) {
                row.add(i.retransmits());
            }
            if (packets) {
                row.add(i.packets());
            }
            if (lost) {
                row.add(i.lostPackets());
            }
            if (jitter) {
                row.add(i.jitterMs());
            }
            rows.add(row);
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        summary.ifPresent(s -> {
            put(totals, "protocol", s.protocol());
            put(totals, "sent_bytes", s.sentBytes());
            put(totals, "sent_bits_per_second", s.sentBitsPerSecond());
            put(totals, "received_bytes", s.receivedBytes());
            put(totals, "received_bits_per_second", s.receivedBitsPerSecond());
            put(totals, "retransmits", s.retransmits());
            put(totals, "jitter_ms", s.jitterMs());
            put(totals, "lost_percent", s.lostPercent());
            put(totals, "error", s.error());
        });
        return new TraceTable(TraceFormat.IPERF3, columns, rows, totals);
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
