package nepi.core.trace;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The trace formats that parse into tables. A trace's format is known from the RM type that wrote it ({@link
 * #forTrace}) or recognised from its text ({@link #sniff}).
 */
public enum TraceFormat {
    /** {@code ping} output (iputils, busybox): one row per reply, plus the statistics as the summary. */
    PING("ping", "ping output: one row per reply (icmp_seq, ttl, time_ms) and the statistics"),
    /** The JSON report of {@code iperf3 -J}: one row per interval. */
    IPERF3("iperf3", "iperf3 JSON report (-J, json=true): one row per interval (start, end, bytes, bits/s)"),
    /** {@code tcpdump}'s text output: one row per packet. */
    TCPDUMP("tcpdump", "tcpdump text output: one row per packet (time, src, dst, proto, length)"),
    /** {@code traceroute} output, one run or many: one row per hop. */
    TRACEROUTE("traceroute", "traceroute output: one row per hop (hop, host, address, round-trip times)"),
    /** Any text whose lines hold numbers: one row per line of numbers. */
    NUMBERS("numbers", "lines of numbers separated by blanks, commas or semicolons: one row per line");

    private final String id;
    private final String description;
    private final String qualifier;

    TraceFormat(String id, String description) {
        this.id = id;
        this.description = description;
        this.qualifier = switch (id) {
            case "iperf3" -> " (JSON report, -J)";
            case "tcpdump" -> " (text output)";
            case "numbers" -> " (lines of numbers)";
            default -> "";
        };
    }

    /** The short name, e.g. {@code ping}. */
    public String id() {
        return id;
    }

    /** What the format is and what its rows are. */
    public String description() {
        return description;
    }

    /** The formats for messages: {@code ping, iperf3 (JSON report, -J), tcpdump (text), traceroute, numbers (lines of numbers)}. */
    public static String known() {
        return Arrays.stream(values()).map(f -> f.id + f.qualifier).collect(Collectors.joining(", "));
    }

    /** The format whose id is {@code id} (any case). */
    public static Optional<TraceFormat> byId(String id) {
        return Arrays.stream(values())
                .filter(f -> f.id.equals(id.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    /**
     * The format of trace {@code traceName} of an RM of type {@code rtype} when the type fixes it: the {@code
     * stdout} of {@code linux::Ping}, {@code linux::Iperf} (when it ran with {@code json=true}), {@code
     * linux::Tcpdump} and {@code linux::Traceroute}, and of types of other families with those names.
     */
    public static Optional<TraceFormat> forTrace(String rtype, String traceName) {
        if (!"stdout".equals(traceName) || rtype == null) {
            return Optional.empty();
        }
        String simple = rtype.substring(rtype.indexOf("::") + (rtype.contains("::") ? 2 : 0));
        return switch (simple) {
            case "Ping" -> Optional.of(PING);
            case "Iperf" -> Optional.of(IPERF3);
            case "Tcpdump" -> Optional.of(TCPDUMP);
            case "Traceroute" -> Optional.of(TRACEROUTE);
            default -> Optional.empty();
        };
    }

    /**
     * The format {@code text} looks like, by its content: a JSON object with iperf3's {@code start} section, ping's
     * header, replies or statistics, traceroute's header, tcpdump's packet lines, lines of numbers; checked in that
     * order.
     */
    public static Optional<TraceFormat> sniff(String text) {
        String start = text.stripLeading();
        if (start.startsWith("{") && text.contains("\"start\"")) {
            return Optional.of(IPERF3);
        }
        if (PingTrace.looksLike(text)) {
            return Optional.of(PING);
        }
        if (TracerouteTrace.looksLike(text)) {
            return Optional.of(TRACEROUTE);
        }
        if (TcpdumpTrace.looksLike(text)) {
            return Optional.of(TCPDUMP);
        }
        if (!NumericColumns.parse(text).isEmpty()) {
            return Optional.of(NUMBERS);
        }
        return Optional.empty();
    }
}
