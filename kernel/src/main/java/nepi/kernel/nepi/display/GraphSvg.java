package nepi.kernel.nepi.display;

import static nepi.kernel.nepi.display.ExperimentGraph.escape;
import static nepi.kernel.nepi.display.ExperimentGraph.format;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nepi.core.resource.ResourceState;
import nepi.kernel.display.ChartTheme;
import nepi.kernel.nepi.display.ExperimentGraph.Vertex;
import nepi.kernel.nepi.display.GraphLayout.Box;
import nepi.kernel.nepi.display.GraphLayout.Edge;

/**
 * Draws an {@link ExperimentGraph} as SVG where its {@link GraphLayout} puts things, in the kernel's chart theme.
 * Each RM is a {@code <g class="rm" data-guid="N" data-state="S">} with a {@code <title>} (its hover text), each
 * condition a {@code <g class="condition">}: a dashed arrow and its label. No element ids, so that several graphs
 * can share one page.
 */
final class GraphSvg {

    static final String BOX_STROKE = "#424242";
    static final String LINE = "#757575";
    static final String CONDITION = "#1565c0";
    /** The longest state name: boxes are sized for it, so that they keep their size as states change. */
    static final String WIDEST_STATE = ResourceState.PROVISIONED.name();

    private static final int TYPE_LENGTH = 26;

    private GraphSvg() {}

    /** The lines of a box above its state: {@code #3 linux::Application}, and its name when it has one. */
    static List<String> lines(Vertex v) {
        List<String> lines = new ArrayList<>();
        String heading = v.heading();
        lines.add(heading.length() <= TYPE_LENGTH ? heading : heading.substring(0, TYPE_LENGTH - 1) + "…");
        if (!v.name().isEmpty()) {
            lines.add(v.name());
        }
        return lines;
    }

    static String svg(ExperimentGraph graph, GraphLayout layout) {
        String caption = graph.caption();
        // The caption is bold 14 px text: about 9 px a character.
        int width = (int) Math.ceil(Math.max(layout.width(), 2 * GraphLayout.MARGIN + caption.length() * 9));
        int height = (int) Math.ceil(layout.height());
        StringBuilder svg = new StringBuilder(1024 + graph.vertices().size() * 500);
        svg.append(format(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"%s\" font-size=\"%d\" data-layout=\"%s\">",
                width, height, width, height, ChartTheme.FONT_FAMILY_CSS, ChartTheme.FONT_SIZE, escape(layout.by())));
        svg.append("<title>").append(escape(caption)).append("</title>");
        svg.append(format("<rect width=\"%d\" height=\"%d\" fill=\"%s\"/>", width, height, ChartTheme.BACKGROUND_CSS));
        svg.append(format(
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" font-weight=\"bold\" fill=\"%s\">%s</text>",
                GraphLayout.MARGIN,
                GraphLayout.MARGIN + 6,
                ChartTheme.TITLE_SIZE,
                ChartTheme.TEXT_CSS,
                escape(caption)));
        svg.append(format("<g class=\"connections\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.4\">", LINE));
        for (Edge edge : layout.edges()) {
            if (edge.arrow() == null) {
                svg.append("<path d=\"").append(path(edge)).append("\"/>");
            }
        }
        svg.append("</g>");
        Map<Integer, Vertex> byGuid = new HashMap<>();
        graph.vertices().forEach(v -> byGuid.put(v.guid(), v));
        for (Vertex v : graph.vertices()) {
            box(svg, v, layout.boxes().get(v.guid()));
        }
        // Conditions over the boxes: an arrow that crosses a box stays visible.
        for (Edge edge : layout.edges()) {
            if (edge.arrow() != null) {
                condition(svg, edge, byGuid);
            }
        }
        return svg.append("</svg>").toString();
    }

    private static void box(StringBuilder svg, Vertex v, Box box) {
        List<String> lines = new ArrayList<>(lines(v));
        String hover = v.heading() + " " + v.state() + (v.name().isEmpty() ? "" : "\n" + v.name());
        svg.append(format(
                "<g class=\"rm\" data-guid=\"%d\" data-state=\"%s\"><title>%s</title>"
                        + "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"6\" fill=\"%s\""
                        + " stroke=\"%s\"/>",
                v.guid(),
                v.state(),
                escape(hover),
                box.x(),
                box.y(),
                box.width(),
                box.height(),
                StateColours.CSS.get(v.state()),
                BOX_STROKE));
        int count = lines.size() + 1;
        double top = box.cy() - (count - 1) * GraphLayout.LINE / 2 + 4;
        for (int i = 0; i < lines.size(); i++) {
            svg.append(format(
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\"%s>%s</text>",
                    box.cx(),
                    top + i * GraphLayout.LINE,
                    ChartTheme.TEXT_CSS,
                    i == 0 ? "" : " font-size=\"11\"",
                    escape(lines.get(i))));
        }
        svg.append(format(
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\" fill=\"%s\">%s</text></g>",
                box.cx(), top + lines.size() * GraphLayout.LINE, ChartTheme.TEXT_CSS, v.state()));
    }

    private static void condition(StringBuilder svg, Edge edge, Map<Integer, Vertex> byGuid) {
        String label = edge.arrow().label();
        String hover = "#" + edge.to() + " " + byGuid.get(edge.to()).type() + ": "
                + label.replace(" after ", " after #" + edge.from() + " ");
        svg.append(format(
                "<g class=\"condition\" data-from=\"%d\" data-to=\"%d\"><title>%s</title>",
                edge.from(), edge.to(), escape(hover)));
        svg.append(format(
                "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.4\" stroke-dasharray=\"6 4\"/>",
                path(edge), CONDITION));
        svg.append(arrowHead(edge));
        if (edge.labelAt() != null) {
            svg.append(format(
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\" fill=\"%s\""
                            + " stroke=\"%s\" stroke-width=\"3\" paint-order=\"stroke\">%s</text>",
                    edge.labelAt()[0], edge.labelAt()[1] + 3, CONDITION, ChartTheme.BACKGROUND_CSS, escape(label)));
        }
        svg.append("</g>");
    }

    /** The SVG path data of an edge: straight segments, or cubic Béziers. */
    private static String path(Edge edge) {
        List<double[]> p = edge.points();
        StringBuilder d = new StringBuilder(format("M%.1f,%.1f", p.get(0)[0], p.get(0)[1]));
        if (edge.bezier()) {
            for (int i = 1; i + 2 < p.size(); i += 3) {
                d.append(format(
                        " C%.1f,%.1f %.1f,%.1f %.1f,%.1f",
                        p.get(i)[0], p.get(i)[1], p.get(i + 1)[0], p.get(i + 1)[1], p.get(i + 2)[0], p.get(i + 2)[1]));
            }
        } else {
            for (int i = 1; i < p.size(); i++) {
                d.append(format(" L%.1f,%.1f", p.get(i)[0], p.get(i)[1]));
            }
        }
        return d.toString();
    }

    /**
     * A filled triangle at the end of the line. Graphviz ends a spline where its arrowhead starts, the built-in
     * layout at the box's border: the head goes beyond or before the end accordingly.
     */
    private static String arrowHead(Edge edge) {
        List<double[]> p = edge.points();
        double[] end = p.get(p.size() - 1);
        double[] before = p.get(p.size() - 2);
        double dx = end[0] - before[0];
        double dy = end[1] - before[1];
        double length = Math.hypot(dx, dy);
        if (length == 0) {
            return "";
        }
        dx /= length;
        dy /= length;
        double size = 8;
        double[] tip = edge.headAfterEnd() ? new double[] {end[0] + dx * size, end[1] + dy * size} : end;
        double[] base = {tip[0] - dx * size, tip[1] - dy * size};
        return format(
                "<path d=\"M%.1f,%.1f L%.1f,%.1f L%.1f,%.1f Z\" fill=\"%s\"/>",
                tip[0],
                tip[1],
                base[0] - dy * size / 2.5,
                base[1] + dx * size / 2.5,
                base[0] + dy * size / 2.5,
                base[1] - dx * size / 2.5,
                CONDITION);
    }
}
