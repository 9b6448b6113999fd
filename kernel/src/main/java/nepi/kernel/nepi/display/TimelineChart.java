package nepi.kernel.nepi.display;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import nepi.core.resource.ResourceState;
import nepi.kernel.display.ChartImage;
import nepi.kernel.display.ChartTheme;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.display.Table;
import nepi.kernel.display.TimeText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * When each RM entered each state ({@code %timeline}): one row per RM, a line from its first to its last state
 * change, and a marker per state, coloured by state. Also a table of the same times for text front ends.
 */
public final class TimelineChart {

    /** Rows drawn at most; the table lists every RM. */
    static final int MAX_ROWS = 60;

    /**
     * The states one RM went through.
     *
     * @param guid    the RM
     * @param type    its type name
     * @param name    what it is about when it says (its command, host name...; see {@link ResourceNames}), else ""
     * @param times   when it entered each state it reached
     * @param failure why it failed, or null
     */
    public record Row(int guid, String type, String name, Map<ResourceState, Instant> times, String failure) {

        /** Copies the times. */
        public Row {
            name = name == null ? "" : name;
            times = times.isEmpty() ? Map.of() : new EnumMap<>(times);
        }

        /** A row without a name or a failure. */
        public Row(int guid, String type, Map<ResourceState, Instant> times) {
            this(guid, type, "", times, null);
        }

        /** {@code #3 linux::Application: sleep 2}: how the row is labelled. */
        public String label() {
            return "#" + guid + " " + type + (name.isEmpty() ? "" : ": " + name);
        }

        /** When it left NEW (its deployment began), for ordering rows by deployment. */
        Instant deployedAt() {
            return times.entrySet().stream()
                    .filter(e -> e.getKey() != ResourceState.NEW)
                    .map(Map.Entry::getValue)
                    .min(Instant::compareTo)
                    .orElse(null);
        }
    }

    /** How the rows are ordered. */
    public enum Order {
        /** By when each RM's deployment began (RMs never deployed last), then by guid. */
        DEPLOY,
        /** By type name, then by guid. */
        TYPE;

        /** {@code rows} in this order. */
        public List<Row> sort(List<Row> rows) {
            Comparator<Row> order =
                    switch (this) {
                        case DEPLOY -> Comparator.comparing(
                                Row::deployedAt, Comparator.nullsLast(Comparator.naturalOrder()));
                        case TYPE -> Comparator.comparing(Row::type);
                    };
            return rows.stream().sorted(order.thenComparingInt(Row::guid)).toList();
        }
    }

    private static final Map<ResourceState, Color> COLOURS = StateColours.AWT;

    private TimelineChart() {}

    /**
     * The chart (PNG and SVG) and the table of {@code rows}.
     *
     * @throws IOException when the chart cannot be encoded
     */
    public static MimeBundle render(String title, List<Row> rows) throws IOException {
        Instant origin = rows.stream()
                .flatMap(r -> r.times().values().stream())
                .min(Instant::compareTo)
                .orElse(Instant.now());
        XYChart chart = chart(title, rows, origin);
        Table table = table(title, rows, origin);
        MimeBundle bundle = ChartImage.bundle(chart, table.plain());
        // The hand-drawn SVG replaces XChart's: it labels every row and gives each mark a hover text (SVG <title>).
        return bundle.with("image/svg+xml", TimelineSvg.svg(title, rows, origin));
    }

    static XYChart chart(String title, List<Row> rows, Instant origin) {
        List<Row> drawn = rows.size() > MAX_ROWS ? rows.subList(0, MAX_ROWS) : rows;
        int height = Math.max(260, 90 + 22 * drawn.size());
        XYChart chart = ChartTheme.xyChart(
                820,
                height,
                title + (rows.size() > drawn.size() ? " (first " + drawn.size() + " of " + rows.size() + " RMs)" : ""));
        chart.setXAxisTitle("seconds since the first state change");
        chart.getStyler().setPlotGridHorizontalLinesVisible(false);
        chart.getStyler().setYAxisMin(-0.5);
        chart.getStyler().setYAxisMax(drawn.size() - 0.5);
        chart.getStyler().setYAxisTickMarkSpacingHint(18);
        chart.getStyler().setyAxisTickLabelsFormattingFunction(value -> {
            long index = Math.round(value);
            if (Math.abs(value - index) > 1e-6 || index < 0 || index >= drawn.size()) {
                // Blank, but each different: XChart drops tick labels when some repeat.
                return " ".repeat(1 + (int) Math.max(0, Math.round((value + 1) * 4)));
            }
            Row row = drawn.get(drawn.size() - 1 - (int) index);
            return TimelineSvg.shorten(row.label());
        });
        Map<ResourceState, List<double[]>> points = new EnumMap<>(ResourceState.class);
        for (int i = 0; i < drawn.size(); i++) {
            Row row = drawn.get(i);
            double y = drawn.size() - 1 - i;
            List<Double> xs = new ArrayList<>();
            for (Map.Entry<ResourceState, Instant> entry : row.times().entrySet()) {
                double x = seconds(origin, entry.getValue());
                xs.add(x);
                points.computeIfAbsent(entry.getKey(), s -> new ArrayList<>()).add(new double[] {x, y});
            }
            if (xs.size() > 1) {
                XYSeries span = chart.addSeries(
                        "#" + row.guid(),
                        new double[] {
                            xs.stream().min(Double::compare).orElseThrow(),
                            xs.stream().max(Double::compare).orElseThrow()
                        },
                        new double[] {y, y});
                span.setMarker(SeriesMarkers.NONE);
                span.setLineColor(Color.LIGHT_GRAY);
                span.setLineStyle(new BasicStroke(3f));
                span.setShowInLegend(false);
            }
        }
        points.forEach((state, list) -> {
            double[] x = list.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = list.stream().mapToDouble(p -> p[1]).toArray();
            XYSeries series = chart.addSeries(state.name(), x, y);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(COLOURS.get(state));
        });
        if (drawn.isEmpty()) {
            chart.addSeries("no RMs", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** One row per RM, one column per state: seconds since the first state change. */
    static Table table(String title, List<Row> rows, Instant origin) {
        List<String> header = new ArrayList<>(List.of("guid", "type", "name"));
        for (ResourceState state : ResourceState.values()) {
            header.add(state.name());
        }
        List<List<String>> cells = new ArrayList<>();
        for (Row row : rows) {
            List<String> cellsOfRow = new ArrayList<>(List.of(Integer.toString(row.guid()), row.type(), row.name()));
            for (ResourceState state : ResourceState.values()) {
                Instant at = row.times().get(state);
                cellsOfRow.add(at == null ? "" : String.format(java.util.Locale.ROOT, "%.3f", seconds(origin, at)));
            }
            cells.add(cellsOfRow);
        }
        return new Table(title + " (seconds since " + TimeText.clock(origin) + ")", header, cells, "");
    }

    static double seconds(Instant origin, Instant at) {
        return Duration.between(origin, at).toNanos() / 1e9;
    }
}
