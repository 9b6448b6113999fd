package nepi.kernel.display;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The plot of a trace ({@code %trace GUID NAME --plot}): ping output as round-trip time per reply over time (or per
 * sequence number when ping printed no timestamps), otherwise its numeric columns (one column: values by line;
 * more: the first column is x, the others are series).
 */
public final class TraceChart {

    static final int WIDTH = 720;
    static final int HEIGHT = 360;

    private TraceChart() {}

    /**
     * The chart of {@code text}, titled {@code title}, or empty when it holds neither ping replies nor numbers.
     *
     * @throws IOException when the chart cannot be encoded
     */
    public static Optional<MimeBundle> plot(String title, String text) throws IOException {
        PingReplies ping = PingReplies.parse(text);
        if (!ping.replies().isEmpty()) {
            return Optional.of(ChartImage.bundle(pingChart(title, ping), title + ": " + ping.summary()));
        }
        NumericColumns columns = NumericColumns.parse(text);
        if (!columns.isEmpty()) {
            return Optional.of(ChartImage.bundle(
                    columnChart(title, columns),
                    title + ": " + columns.rows().size() + " rows of " + String.join(", ", columns.names())));
        }
        return Optional.empty();
    }

    /** RTT per reply: over time since the first reply when timed, else per {@code icmp_seq}. */
    static XYChart pingChart(String title, PingReplies ping) {
        List<PingReplies.Reply> replies = ping.replies();
        boolean timed = ping.timed();
        double[] x = new double[replies.size()];
        double[] y = new double[replies.size()];
        double first = timed ? replies.get(0).timestamp() : 0;
        for (int i = 0; i < x.length; i++) {
            PingReplies.Reply reply = replies.get(i);
            x[i] = timed ? reply.timestamp() - first : reply.sequence();
            y[i] = reply.rttMillis();
        }
        XYChart chart = ChartTheme.xyChart(WIDTH, HEIGHT, title);
        chart.setXAxisTitle(timed ? "time since the first reply (s)" : "icmp_seq");
        chart.setYAxisTitle("RTT (ms)");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        XYSeries series = chart.addSeries("RTT", x, y);
        series.setMarker(SeriesMarkers.CIRCLE);
        return chart;
    }

    static XYChart columnChart(String title, NumericColumns columns) {
        XYChart chart = ChartTheme.xyChart(WIDTH, HEIGHT, title);
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
}
