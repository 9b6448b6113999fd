package nepi.core.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nepi.core.trace.TraceTable.Column;
import nepi.core.trace.TraceTable.ColumnType;

/**
 * The text output of {@code tcpdump} at its default verbosity, with any time stamp option ({@code -t} to {@code
 * -ttttt}) and with {@code -i any}'s interface and direction: one packet per line. Lines that are not packets
 * ({@code -X}'s hex dump, {@code -A}'s data, the statistics) are skipped.
 *
 * @param packets the packets, in order
 */
public record TcpdumpTrace(List<Packet> packets) implements ParsedTrace {

    /**
     * One packet line.
     *
     * @param time   its time stamp as tcpdump printed it (time of day, Unix time, delta or date), empty with {@code -t}
     * @param src    the source as printed: an address, with {@code .port} for TCP and UDP
     * @param dst    the destination, likewise; empty when the line has none (an ARP reply)
     * @param proto  TCP, UDP, ICMP, ICMP6, ARP, ... as tcpdump names it; DNS for port 53; else IP or IP6
     * @param length the last {@code length N} of the line (the payload's length for TCP and UDP), null when none
     * @param info   the rest of the line after the addresses
     */
    public record Packet(String time, String src, String dst, String proto, Long length, String info) {}

    private static final Pattern LINE = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?"
            + "|\\d{1,2}:\\d{2}:\\d{2}(?:\\.\\d+)?|\\d+\\.\\d+)?\\s*(?:\\S+\\s+(?:In|Out|M|B|P)\\s+)?"
            + "(IP6?|ARP),?\\s+(.*)$");
    private static final Pattern ADDRESSES = Pattern.compile("^(\\S+) > (\\S+): ?(.*)$");
    private static final Pattern LENGTH = Pattern.compile("length (\\d+)");
    private static final Pattern WORD = Pattern.compile("^([A-Z][A-Za-z0-9]*)(?:[, ]|$)");
    private static final Pattern ARP_REQUEST = Pattern.compile("who-has (\\S+)(?: \\(\\S+\\))? tell (\\S+?),?\\s");
    private static final Pattern ARP_REPLY = Pattern.compile("Reply (\\S+) is-at");

    /** Copies the list. */
    public TcpdumpTrace {
        packets = List.copyOf(packets);
    }

    /** The packets in {@code output}. */
    public static TcpdumpTrace parse(String output) {
        List<Packet> packets = new ArrayList<>();
        for (String line : output.split("\n")) {
            Packet packet = packet(line.stripTrailing());
            if (packet != null) {
                packets.add(packet);
            }
        }
        return new TcpdumpTrace(packets);
    }

    /** Whether one of the first lines of {@code text} is a packet line. */
    static boolean looksLike(String text) {
        for (String line : text.split("\n", 200)) {
            if (packet(line.stripTrailing()) != null) {
                return true;
            }
        }
        return false;
    }

    private static Packet packet(String line) {
        if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
            return null; // continuation lines (hex dumps, -v details) are indented
        }
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return null;
        }
        String time = m.group(1) == null ? "" : m.group(1);
        String family = m.group(2);
        String rest = m.group(3);
        Long length = lastLength(rest);
        if (family.equals("ARP")) {
            Matcher request = ARP_REQUEST.matcher(rest + " ");
            if (request.find()) {
                return new Packet(time, request.group(2), request.group(1), "ARP", length, rest);
            }
            Matcher reply = ARP_REPLY.matcher(rest);
            return new Packet(time, reply.find() ? reply.group(1) : "", "", "ARP", length, rest);
        }
        Matcher a = ADDRESSES.matcher(rest);
        if (!a.matches()) {
            return null;
        }
        String src = a.group(1);
        String dst = a.group(2);
        String info = a.group(3);
        return new Packet(time, src, dst, proto(family, src, dst, info), length, info);
    }

    private static String proto(String family, String src, String dst, String info) {
        if (info.startsWith("Flags [")) {
            return "TCP";
        }
        Matcher word = WORD.matcher(info);
        if (word.find()) {
            return word.group(1);
        }
        if (src.endsWith(".53") || dst.endsWith(".53")) {
            return "DNS";
        }
        return family;
    }

    private static Long lastLength(String text) {
        Matcher m = LENGTH.matcher(text);
        Long length = null;
        while (m.find()) {
            length = Long.valueOf(m.group(1));
        }
        return length;
    }

    @Override
    public TraceFormat format() {
        return TraceFormat.TCPDUMP;
    }

    @Override
    public boolean isEmpty() {
        return packets.isEmpty();
    }

    /** Columns {@code time}, {@code src}, {@code dst}, {@code proto}, {@code length}, {@code info}; the summary
     * counts packets per protocol. */
    @Override
    public TraceTable table() {
        List<Column> columns = List.of(
                new Column("time", ColumnType.TEXT),
                new Column("src", ColumnType.TEXT),
                new Column("dst", ColumnType.TEXT),
                new Column("proto", ColumnType.TEXT),
                new Column("length", ColumnType.INTEGER),
                new Column("info", ColumnType.TEXT));
        List<List<Object>> rows = new ArrayList<>(packets.size());
        Map<String, Object> perProto = new LinkedHashMap<>();
        perProto.put("packets", (long) packets.size());
        for (Packet p : packets) {
            List<Object> row = new ArrayList<>(6);
            row.add(p.time());
            row.add(p.src());
            row.add(p.dst());
            row.add(p.proto());
            row.add(p.length());
            row.add(p.info());
            rows.add(row);
            perProto.merge(p.proto(), 1L, (x, y) -> (Long) x + (Long) y);
        }
        return new TraceTable(TraceFormat.TCPDUMP, columns, rows, perProto);
    }
}
