package nepi.core.trace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nepi.core.trace.TraceTable.Column;
import nepi.core.trace.TraceTable.ColumnType;

/**
 * The output of {@code traceroute} (the Linux traceroute of Debian's {@code traceroute} package), one run or many
 * ({@code linux::Traceroute} with {@code continuous}), each run optionally preceded by a line holding its Unix time
 * ({@code printTimestamp}).
 *
 * @param hops the hops of every run, in order
 */
public record TracerouteTrace(List<Hop> hops) implements ParsedTrace {

    /**
     * One hop of one run.
     *
     * @param run        the run it belongs to, from 1
     * @param runStarted when that run started, when a time line preceded it; else null
     * @param target     the target of the run, as in its header line
     * @param hop        the hop number (the TTL)
     * @param host       the host that answered (its name, or its address with {@code -n}); several separated by
     *                   {@code ", "} when probes were answered by different hosts; empty when none answered
     * @param address    its address, likewise
     * @param rttsMs     the round-trip times of the answered probes, in ms, in order
     * @param lost       the probes that got no answer ({@code *})
     * @param marks      traceroute's annotations ({@code !H}, {@code !N}, ...), separated by blanks; empty if none
     */
    public record Hop(
            int run,
            Instant runStarted,
            String target,
            int hop,
            String host,
            String address,
            List<Double> rttsMs,
            int lost,
            String marks) {
        /** Copies the list. */
        public Hop {
            rttsMs = List.copyOf(rttsMs);
        }
    }

    private static final Pattern HEADER = Pattern.compile("^traceroute to (\\S+)");
    private static final Pattern TIME = Pattern.compile("^\\d{9,}(?:\\.\\d+)?$");
    private static final Pattern HOP = Pattern.compile("^\\s*(\\d+)\\s+(.*)$");
    private static final Pattern NUMBER = Pattern.compile("^\\d+(?:\\.\\d+)?$");

    /** Copies the list. */
    public TracerouteTrace {
        hops = List.copyOf(hops);
    }

    /** The hops in {@code output}. */
    public static TracerouteTrace parse(String output) {
        List<Hop> hops = new ArrayList<>();
        int run = 0;
        Instant started = null;
        Instant pendingTime = null;
        String target = "";
        for (String line : output.split("\n")) {
            String stripped = line.strip();
            if (TIME.matcher(stripped).matches()) {
                pendingTime = PingTrace.instant(stripped);
                continue;
            }
            Matcher header = HEADER.matcher(stripped);
            if (header.find()) {
                run++;
                target = header.group(1).replaceAll(",$", "");
                started = pendingTime;
                pendingTime = null;
                continue;
            }
            Matcher hop = HOP.matcher(line);
            if (run > 0 && hop.matches()) {
                hops.add(hop(run, started, target, Integer.parseInt(hop.group(1)), hop.group(2)));
            }
        }
        return new TracerouteTrace(hops);
    }

    private static Hop hop(int run, Instant started, String target, int number, String rest) {
        String[] words = rest.strip().split("\\s+");
        List<String> hosts = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        List<Double> rtts = new ArrayList<>();
        List<String> marks = new ArrayList<>();
        int lost = 0;
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            boolean timeFollows = i + 1 < words.length && words[i + 1].equals("ms");
            if (word.equals("*")) {
                lost++;
            } else if (NUMBER.matcher(word).matches() && timeFollows) {
                rtts.add(Double.parseDouble(word));
                i++;
            } else if (word.startsWith("!")) {
                marks.add(word);
            } else if (!word.isEmpty()) {
                String address = word;
                if (i + 1 < words.length && words[i + 1].startsWith("(") && words[i + 1].endsWith(")")) {
                    address = words[i + 1].substring(1, words[i + 1].length() - 1);
                    i++;
                }
                if (!addresses.contains(address)) {
                    hosts.add(word);
                    addresses.add(address);
                }
            }
        }
        return new Hop(
                run,
                started,
                target,
                number,
                String.join(", ", hosts),
                String.join(", ", addresses),
                rtts,
                lost,
                String.join(" ", marks));
    }

    /** Whether {@code text} has a traceroute header line. */
    static boolean looksLike(String text) {
        for (String line : text.split("\n", 200)) {
            if (HEADER.matcher(line.strip()).find()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public TraceFormat format() {
        return TraceFormat.TRACEROUTE;
    }

    @Override
    public boolean isEmpty() {
        return hops.isEmpty();
    }

    /**
     * Columns {@code run} (when there are several runs), {@code started} (when runs are timed), {@code hop},
     * {@code host}, {@code address}, {@code rtt_1_ms} ... (one per answered probe), {@code lost}, and {@code
     * marks} when traceroute annotated a hop; the summary names the target and the number of runs.
     */
    @Override
    public TraceTable table() {
        int runs = hops.isEmpty() ? 0 : hops.get(hops.size() - 1).run();
        boolean timed = hops.stream().anyMatch(h -> h.runStarted() != null);
        boolean marked = hops.stream().anyMatch(h -> !h.marks().isEmpty());
        int probes = hops.stream().mapToInt(h -> h.rttsMs().size()).max().orElse(0);
        List<Column> columns = new ArrayList<>();
        if (runs > 1) {
            columns.add(new Column("run", ColumnType.INTEGER));
        }
        if (timed) {
            columns.add(new Column("started", ColumnType.TIME));
        }
        columns.add(new Column("hop", ColumnType.INTEGER));
        columns.add(new Column("host", ColumnType.TEXT));
        columns.add(new Column("address", ColumnType.TEXT));
        for (int p = 1; p <= probes; p++) {
            columns.add(new Column("rtt_" + p + "_ms", ColumnType.DECIMAL));
        }
        columns.add(new Column("lost", ColumnType.INTEGER));
        if (marked) {
            columns.add(new Column("marks", ColumnType.TEXT));
        }
        List<List<Object>> rows = new ArrayList<>(hops.size());
        for (Hop h : hops) {
            List<Object> row = new ArrayList<>(columns.size());
            if (runs > 1) {
                row.add((long) h.run());
            }
            if (timed) {
                row.add(h.runStarted());
            }
            row.add((long) h.hop());
            row.add(h.host());
            row.add(h.address());
            for (int p = 0; p < probes; p++) {
                row.add(p < h.rttsMs().size() ? h.rttsMs().get(p) : null);
            }
            row.add((long) h.lost());
            if (marked) {
                row.add(h.marks());
            }
            rows.add(row);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        if (!hops.isEmpty()) {
            summary.put("target", hops.get(hops.size() - 1).target());
            summary.put("runs", (long) runs);
        }
        return new TraceTable(TraceFormat.TRACEROUTE, columns, rows, summary);
    }
}
