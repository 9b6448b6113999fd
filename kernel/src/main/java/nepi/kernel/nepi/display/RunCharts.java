package nepi.kernel.nepi.display;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import nepi.core.run.RunSummary;
import nepi.kernel.display.ChartImage;
import nepi.kernel.display.ChartTheme;
import nepi.kernel.display.MimeBundle;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * How a {@link RunSummary} is shown: its table and a plot of the metric of each run, with the mean and the
 * confidence interval around it.
 */
public final class RunCharts {

    private RunCharts() {}

    /** The bundle of a summary: HTML (table and embedded plot), PNG and SVG of the plot, and the text table. */
    public static MimeBundle render(RunSummary summary) throws IOException {
        XYChart chart = chart(summary);
        MimeBundle images = ChartImage.bundle(chart, summary.toText());
        String html = "<div class=\"nepi-run-summary\">" + summary.toHtml() + "<img src=\"data:image/png;base64,"
                + images.data().get("image/png") + "\"/></div>";
        return images.with("text/html", html);
    }

    /** The metric per run (runs without one are left out), the mean, and mean ± half-width. */
    static XYChart chart(RunSummary summary) {
        XYChart chart = ChartTheme.xyChart(
                720,
                360,
                String.format(
                        Locale.ROOT,
                        "metric per run: mean %.4g ± %.4g (%.0f%% confidence)",
                        summary.mean(),
                        summary.halfWidth(),
                        summary.confidence() * 100));
        chart.setXAxisTitle("run");
        chart.setYAxisTitle("metric");
        List<RunSummary.RunResult> measured =
                summary.runs().stream().filter(r -> !Double.isNaN(r.metric())).toList();
        double[] x = measured.stream().mapToDouble(RunSummary.RunResult::index).toArray();
        double[] y = measured.stream().mapToDouble(RunSummary.RunResult::metric).toArray();
        if (x.length == 0) {
            chart.addSeries("no metric", new double[] {1}, new double[] {0}).setMarker(SeriesMarkers.NONE);
            return chart;
        }
        XYSeries runs = chart.addSeries("runs", x, y);
        runs.setMarker(SeriesMarkers.CIRCLE);
        double first = summary.runs().get(0).index();
        double last = summary.runs().get(summary.runs().size() - 1).index();
        double[] ends = first == last ? new double[] {first - 0.5, last + 0.5} : new double[] {first, last};
        if (!Double.isNaN(summary.mean())) {
            line(chart, "mean", ends, summary.mean(), new Color(0x1e88e5), new BasicStroke(2f));
        }
        if (!Double.isNaN(summary.halfWidth())) {
            BasicStroke dashed =
                    new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
            line(chart, "mean + CI", ends, summary.mean() + summary.halfWidth(), new Color(0x90caf9), dashed);
            line(chart, "mean - CI", ends, summary.mean() - summary.halfWidth(), new Color(0x90caf9), dashed);
        }
        return chart;
    }

    private static void line(XYChart chart, String name, double[] ends, double y, Color colour, BasicStroke stroke) {
        XYSeries series = chart.addSeries(name, ends, new double[] {y, y});
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(colour);
        series.setLineStyle(stroke);
    }
}
