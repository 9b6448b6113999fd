package nepi.kernel.display;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nepi.core.trace.IperfTrace;
import nepi.core.trace.NumericColumns;
import nepi.core.trace.ParsedTrace;
import nepi.core.trace.PingTrace;
import nepi.core.trace.TcpdumpTrace;
import nepi.core.trace.TraceTables;
import nepi.core.trace.TracerouteTrace;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The plot of a trace ({@code %trace GUID NAME --plot}), from the rows the parsers of {@code nepi.core.trace} give
 * (the same as {@code --table}): ping as round-trip time per reply over time (or per sequence number when ping
 * printed no timestamps), iperf3 as throughput per interval, traceroute as round-trip times per hop, tcpdump as
 * packet lengths, otherwise the numeric columns (one column: values by line; more: the first column is x, the others
 * are series).
 */
public final class TraceChart {

    static final int WIDTH = 720;
    static final int HEIGHT = 360;

    private TraceChart() {}

    /**
     * The chart of {@code text}, titled {@code title}, in the format its content looks like; empty when it is in no
     * known format or has no rows.
     *
     * @throws IOException when the chart cannot be encoded
     */
    public static Optional<MimeBundle> plot(String title, String text) throws IOException {
        Optional<ParsedTrace> parsed = TraceTables.parse(text);
        return parsed.isEmpty() ? Optional.empty() : plot(title, parsed.get());
    }

    /**
     * The chart of a parsed trace, titled {@code title}; empty when it has no rows to draw.
     *
     * @throws IOException when the chart cannot be encoded
     */
    public static Optional<MimeBundle> plot(String title, ParsedTrace trace) throws IOException {
        XYChart chart;
        String summary;
        if (trace instanceof PingTrace ping) {
            if (ping.replies().isEmpty()) {
                return Optional.empty();
            }
            chart = pingChart(title, ping);
            summary = pingSummary(ping);
        } else if (trace instanceof IperfTrace iperf) {
            if (iperf.intervals().isEmpty()) {
                return Optional.empty();
            }
            chart = iperfChart(title, iperf);
            summary = iperf.intervals().size() + " intervals";
        } else if (trace instanceof TracerouteTrace traceroute) {
            if (traceroute.hops().stream().allMatch(h -> h.rttsMs().isEmpty())) {
                return Optional.empty();
            }
            chart = tracerouteChart(title, traceroute);
            summary = traceroute.hops().size() + " hops";
        } else if (trace instanceof TcpdumpTrace tcpdump) {
            if (tcpdump.packets().stream().allMatch(p -> p.length() == null)) {
                return Optional.empty();
            }
            chart = tcpdumpChart(title, tcpdump);
            summary = tcpdump.packets().size() + " packets";
        } else {
            NumericColumns columns = (NumericColumns) trace;
            if (columns.isEmpty()) {
                return Optional.empty();
            }
            chart = columnChart(title, columns);
            summary = columns.rows().size() + " rows of " + String.join(", ", columns.names());
        }
        return Optional.of(ChartImage.bundle(chart, title + ": " + summary));
    }

    /** {@code 10 replies, RTT min/avg/max 0.031/0.045/0.090 ms}. */
    static String pingSummary(PingTrace ping) {
        double min = Double.MAX_VALUE;
        double max = 0;
        double sum = 0;
        for (PingTrace.Reply r : ping.replies()) {
            min = Math.min(min, r.timeMs());
            max = Math.max(max, r.timeMs());
            sum += r.timeMs();
        }
        return String.format(
                java.util.Locale.ROOT,
                "%d replies, RTT min/avg/max %.3f/%.3f/%.3f ms",
                ping.replies().size(),
                min,
                sum / ping.replies().size(),
                max);
    }

    /** RTT per reply: over time since the first reply when timed, else per {@code icmp_seq}. */
    static XYChart pingChart(String title, PingTrace ping) {
        List<PingTrace.Reply> replies = ping.replies();
        boolean timed = ping.timed();
        double[] x = new double[replies.size()];
        double[] y = new double[replies.size()];
        double first = timed ? seconds(replies.get(0).timestamp()) : 0;
        for (int i = 0; i < x.length; i++) {
            PingTrace.Reply reply = replies.get(i);
            x[i] = timed ? seconds(reply.timestamp()) - first : reply.icmpSeq();
            y[i] = reply.timeMs();
        }
        XYChart chart = chart(title, timed ? "time since the first reply (s)" : "icmp_seq", "RTT (ms)");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        XYSeries series = chart.addSeries("RTT", x, y);
        series.setMarker(SeriesMarkers.CIRCLE);
        return chart;
    }

    /** Throughput per interval, at each interval's end. */
    static XYChart iperfChart(String title, IperfTrace iperf) {
        List<IperfTrace.Interval> intervals = iperf.intervals();
        double[] x = new double[intervals.size()];
        double[] y = new double[intervals.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = intervals.get(i).end().toNanos() / 1e9;
            y[i] = intervals.get(i).bitsPerSecond() / 1e6;
        }
        XYChart chart = chart(title, "end of interval (s)", "throughput (Mbit/s)");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.addSeries("throughput", x, y).setMarker(SeriesMarkers.CIRCLE);
        return chart;
    }

    /** Every answered probe's round-trip time by hop, one series per run. */
    static XYChart tracerouteChart(String title, TracerouteTrace traceroute) {
        XYChart chart = chart(title, "hop", "RTT (ms)");
        int runs = traceroute.hops().get(traceroute.hops().size() - 1).run();
        int firstRun = Math.max(1, runs - 9); // the last 10 runs: more series would not be readable
        for (int run = firstRun; run <= runs; run++) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (TracerouteTrace.Hop hop : traceroute.hops()) {
                if (hop.run() == run) {
                    for (double rtt : hop.rttsMs()) {
                        x.add((double) hop.hop());
                        y.add(rtt);
                    }
                }
            }
            if (!x.isEmpty()) {
                XYSeries series = chart.addSeries(runs == 1 ? "RTT" : "run " + run, x, y);
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            }
        }
        chart.getStyler().setLegendVisible(runs > 1);
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }

    /** Packet length per packet, in capture order. */
    static XYChart tcpdumpChart(String title, TcpdumpTrace tcpdump) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < tcpdump.packets().size(); i++) {
            Long length = tcpdump.packets().get(i).length();
            if (length != null) {
                x.add(i + 1.0);
                y.add(length.doubleValue());
            }
        }
        XYChart chart = chart(title, "packet", "length (bytes)");
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("length", x, y).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        return chart;
    }

    static XYChart columnChart(String title, NumericColumns columns) {
        XYChart chart =
                new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).build();
        int width = columns.names().size();
        if (width == 1) {
            double[] y = columns.column(0);
            double[] x = new double[y.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
            }
            chart.setXAxisTitle("row");
            chart.setYAxisTitle(columns.names().get(0));
            chart.addSeries(columns.names().get(0), x, y).setMarker(SeriesMarkers.NONE);
            chart.getStyler().setLegendVisible(false);
            return chart;
        }
        double[] x = columns.column(0);
        chart.setXAxisTitle(columns.names().get(0));
        for (int c = 1; c < width; c++) {
            chart.addSeries(columns.names().get(c), x, columns.column(c)).setMarker(SeriesMarkers.NONE);
        }
        chart.getStyler().setLegendVisible(width > 2);
        if (width == 2) {
            chart.setYAxisTitle(columns.names().get(1));
        }
        return chart;
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        return new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
    }

    private static double seconds(java.time.Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }
}
