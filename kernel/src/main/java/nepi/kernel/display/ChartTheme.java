package nepi.kernel.display;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

/**
 * The one look of every chart the kernel draws, made to sit on Jupyter's light page: white background, no grey
 * plot frame, dark readable sans-serif text, faint grid lines and a colour-blind-safe series palette. XChart charts
 * take it from {@link #xyChart}; the pictures drawn as SVG by hand (the experiment's graph, the timeline) use its
 * constants, so all look alike.
 */
public final class ChartTheme {

    /** The background of every chart. */
    public static final String BACKGROUND_CSS = "#ffffff";
    /** The colour of text. */
    public static final String TEXT_CSS = "#212121";
    /** The colour of secondary text (axis ticks, edge labels). */
    public static final String MUTED_CSS = "#616161";
    /** The colour of grid lines and row separators. */
    public static final String GRID_CSS = "#e0e0e0";
    /** The font family, as CSS. */
    public static final String FONT_FAMILY_CSS = "DejaVu Sans, Helvetica, Arial, sans-serif";
    /** The font size of labels, in pixels. */
    public static final int FONT_SIZE = 12;
    /** The font size of titles, in pixels. */
    public static final int TITLE_SIZE = 14;

    /** Series colours (Okabe and Ito's palette, readable by colour-blind readers), in the order series get them. */
    public static final Color[] SERIES = {
        new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0x56B4E9), new Color(0xD55E00), new Color(0xF0E442), new Color(0x000000)
    };

    private static final Color TEXT = Color.decode(TEXT_CSS);
    private static final Color MUTED = Color.decode(MUTED_CSS);
    private static final Color GRID = Color.decode(GRID_CSS);

    private ChartTheme() {}

    /** An XY chart of this theme. */
    public static XYChart xyChart(int width, int height, String title) {
        XYChart chart =
                new XYChartBuilder().width(width).height(height).title(title).build();
        apply(chart.getStyler());
        return chart;
    }

    /** Applies the theme to an XY chart's styler (for a chart built elsewhere). */
    public static void apply(XYStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setChartFontColor(TEXT);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, TITLE_SIZE));
        styler.setChartTitleBoxVisible(false);
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, FONT_SIZE + 1));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, FONT_SIZE));
        styler.setAxisTickLabelsColor(MUTED);
        styler.setAxisTickMarksColor(GRID);
        styler.setPlotGridLinesColor(GRID);
        styler.setPlotGridLinesStroke(new BasicStroke(1f));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, FONT_SIZE));
        styler.setLegendBackgroundColor(Color.WHITE);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setSeriesColors(SERIES);
        styler.setMarkerSize(6);
        styler.setChartPadding(12);
        styler.setAntiAlias(true);
    }
}
