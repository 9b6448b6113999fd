package nepi.kernel.nepi.display;

import static nepi.kernel.nepi.display.ExperimentGraph.escape;
import static nepi.kernel.nepi.display.ExperimentGraph.format;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nepi.core.resource.ResourceState;
import nepi.kernel.display.ChartTheme;

/**
 * The timeline as SVG drawn by hand, in the kernel's chart theme: one labelled row per RM ({@code #guid type: name}),
 * a bar per state from when the RM entered it to when it left it, a dot where it entered it, and hover texts
 * ({@code <title>}) on each: the state and its time, and a failure's reason on the FAILED dot and on the row's label.
 */
final class TimelineSvg {

    static final int ROW_HEIGHT = 24;
    static final int PLOT_WIDTH = 560;
    static final int MARGIN = 16;
    /** Room above the rows: title and legend. */
    static final int TOP = 56;
    /** Room below the rows: the axis and its title. */
    static final int BOTTOM = 44;
    /** Width of a label character, roughly, at the label font size. */
    static final double CHAR_WIDTH = 6.6;
    /** The longest row label; longer ones end with an ellipsis (the hover text has them whole). */
    static final int LABEL_LENGTH = 48;

    private TimelineSvg() {}

    static String svg(String title, List<TimelineChart.Row> rows, Instant origin) {
        List<TimelineChart.Row> drawn =
                rows.size() > TimelineChart.MAX_ROWS ? rows.subList(0, TimelineChart.MAX_ROWS) : rows;
        String caption = title
                + (rows.size() > drawn.size()
                        ? " (first " + drawn.size() + " of " + rows.size() + " RMs; the table lists all)"
                        : "");
        List<String> labels = drawn.stream().map(row -> shorten(row.label())).toList();
        int labelWidth = (int) Math.min(
                360, 12 + labels.stream().mapToInt(String::length).max().orElse(10) * CHAR_WIDTH);
        double span = drawn.stream()
                .flatMap(r -> r.times().values().stream())
                .mapToDouble(t -> TimelineChart.seconds(origin, t))
                .max()
                .orElse(0);
        double step = tickStep(span);
        double end = Math.max(step, Math.ceil(span / step - 1e-9) * step);
        int left = MARGIN + labelWidth;
        // The caption is bold 14 px text: about 9 px a character.
        int width = Math.max(left + PLOT_WIDTH + MARGIN + 8, 2 * MARGIN + caption.length() * 9);
        int height = TOP + Math.max(1, drawn.size()) * ROW_HEIGHT + BOTTOM;
        StringBuilder svg = new StringBuilder(2048 + drawn.size() * 600);
        svg.append(format(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"%s\" font-size=\"%d\" class=\"nepi-timeline\">",
                width, height, width, height, ChartTheme.FONT_FAMILY_CSS, ChartTheme.FONT_SIZE));
        svg.append("<title>").append(escape(caption)).append("</title>");
        svg.append(format("<rect width=\"%d\" height=\"%d\" fill=\"%s\"/>", width, height, ChartTheme.BACKGROUND_CSS));
        svg.append(format(
                "<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"bold\" fill=\"%s\">%s</text>",
                MARGIN, MARGIN + 8, ChartTheme.TITLE_SIZE, ChartTheme.TEXT_CSS, escape(caption)));
        legend(svg, drawn, MARGIN, MARGIN + 30);
        int plotBottom = TOP + Math.max(1, drawn.size()) * ROW_HEIGHT;
        // Vertical grid lines and the axis's numbers.
        for (double t = 0; t <= end + step / 2; t += step) {
            double x = left + t / end * PLOT_WIDTH;
            svg.append(format(
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>",
                    x, TOP, x, plotBottom, ChartTheme.GRID_CSS));
            svg.append(format(
                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%s</text>",
                    x, plotBottom + 16, ChartTheme.MUTED_CSS, tick(t, step)));
        }
        svg.append(format(
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">seconds since the first state change</text>",
                left + PLOT_WIDTH / 2, plotBottom + 36, ChartTheme.TEXT_CSS));
        for (int i = 0; i < drawn.size(); i++) {
            row(svg, drawn.get(i), labels.get(i), origin, TOP + i * ROW_HEIGHT, left, end);
        }
        if (drawn.isEmpty()) {
            svg.append(format(
                    "<text x=\"%d\" y=\"%d\" fill=\"%s\">no RMs</text>",
                    left + 8, TOP + ROW_HEIGHT / 2 + 4, ChartTheme.MUTED_CSS));
        }
        return svg.append("</svg>").toString();
    }

    private static void row(
            StringBuilder svg, TimelineChart.Row row, String label, Instant origin, int top, int left, double end) {
        int middle = top + ROW_HEIGHT / 2;
        String hover = row.label() + (row.failure() == null ? "" : "\nFAILED: " + row.failure());
        svg.append(format("<g class=\"row\" data-guid=\"%d\">", row.guid()));
        svg.append(format(
                "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"%s\"><title>%s</title>%s</text>",
                left - 10,
                middle + 4,
                row.failure() == null ? ChartTheme.TEXT_CSS : StateColours.CSS.get(ResourceState.FAILED),
                escape(hover),
                escape(label)));
        svg.append(format(
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"2 3\"/>",
                left, middle, left + PLOT_WIDTH, middle, ChartTheme.GRID_CSS));
        List<Map.Entry<ResourceState, Instant>> entered =
                new ArrayList<>(row.times().entrySet());
        entered.sort(Map.Entry.comparingByValue());
        for (int i = 0; i + 1 < entered.size(); i++) {
            ResourceState state = entered.get(i).getKey();
            double from = TimelineChart.seconds(origin, entered.get(i).getValue());
            double to = TimelineChart.seconds(origin, entered.get(i + 1).getValue());
            svg.append(format(
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" opacity=\"0.85\">"
                            + "<title>%s</title></rect>",
                    left + from / end * PLOT_WIDTH,
                    middle - 5,
                    Math.max(1, (to - from) / end * PLOT_WIDTH),
                    10,
                    StateColours.CSS.get(state),
                    escape(row.label() + "\n" + state
                            + format(" from %.3f s to %.3f s (%.3f s)", from, to, to - from))));
        }
        for (Map.Entry<ResourceState, Instant> e : entered) {
            double at = TimelineChart.seconds(origin, e.getValue());
            boolean failed = e.getKey() == ResourceState.FAILED;
            String text = row.label() + "\n" + e.getKey() + format(" at %.3f s", at)
                    + (failed && row.failure() != null ? "\n" + row.failure() : "");
            svg.append(format(
                    "<circle class=\"%s\" cx=\"%.1f\" cy=\"%d\" r=\"%d\" fill=\"%s\" stroke=\"%s\">"
                            + "<title>%s</title></circle>",
                    failed ? "failure" : "state",
                    left + at / end * PLOT_WIDTH,
                    middle,
                    failed ? 6 : 4,
                    StateColours.CSS.get(e.getKey()),
                    failed ? "#b71c1c" : ChartTheme.BACKGROUND_CSS,
                    escape(text)));
        }
        svg.append("</g>");
    }

    /** A swatch and the name of each state some row reached, in the states' order. */
    private static void legend(StringBuilder svg, List<TimelineChart.Row> rows, int x, int y) {
        Set<ResourceState> reached = EnumSet.noneOf(ResourceState.class);
        rows.forEach(r -> reached.addAll(r.times().keySet()));
        int at = x;
        for (ResourceState state : reached) {
            svg.append(format(
                    "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" rx=\"2\" fill=\"%s\"/>"
                            + "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>",
                    at, y - 10, StateColours.CSS.get(state), at + 16, y, ChartTheme.TEXT_CSS, state));
            at += 34 + (int) (state.name().length() * 7.5);
        }
    }

    /** A row's label, cut to {@link #LABEL_LENGTH} characters. */
    static String shorten(String label) {
        return label.length() <= LABEL_LENGTH ? label : label.substring(0, LABEL_LENGTH - 1) + "…";
    }

    /** A round step giving 4 to 10 ticks over {@code span} seconds. */
    static double tickStep(double span) {
        if (span <= 0) {
            return 1;
        }
        double raw = span / 6;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (raw <= m * magnitude) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String tick(double t, double step) {
        return step >= 1 ? format("%.0f", t) : step >= 0.1 ? format("%.1f", t) : format("%.2f", t);
    }
}
