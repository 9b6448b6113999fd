package nepi.kernel.nepi.display;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nepi.kernel.display.Graphviz;
import nepi.kernel.nepi.display.ExperimentGraph.Arrow;
import nepi.kernel.nepi.display.ExperimentGraph.Vertex;

/**
 * Where the boxes and lines of an {@link ExperimentGraph} go, in pixels from the top left: from Graphviz
 * ({@link #graphviz}) or from the built-in layered layout ({@link #builtIn}). It does not depend on the RMs' states,
 * so a live graph lays its experiment out once and redraws only the colours.
 *
 * @param width  of the picture
 * @param height of the picture
 * @param boxes  the box of each RM by guid
 * @param edges  the connections and the conditions
 * @param by     how it was laid out, e.g. {@code graphviz dot} or {@code built-in (...why...)}
 */
public record GraphLayout(double width, double height, Map<Integer, Box> boxes, List<Edge> edges, String by) {

    /** Graphs with more RMs than this are laid out by {@code neato} rather than {@code dot}. */
    static final int DOT_LIMIT = 150;

    static final double MARGIN = 16;
    /** Room above the boxes for the caption. */
    static final double CAPTION = 26;

    static final double BOX_WIDTH = 200;
    static final double BOX_HEIGHT = 44;
    static final double LINE = 14;
    static final double GAP_X = 20;
    static final double GAP_Y = 56;
    private static final double POINTS_PER_INCH = 72;

    /**
     * A box.
     *
     * @param x      its left
     * @param y      its top
     * @param width  its width
     * @param height its height
     */
    public record Box(double x, double y, double width, double height) {
        double cx() {
            return x + width / 2;
        }

        double cy() {
            return y + height / 2;
        }
    }

    /**
     * A line between two boxes.
     *
     * @param from    one end's guid (the RM waited for, for a condition)
     * @param to      the other end's guid
     * @param arrow   the condition it draws, or null for a connection
     * @param points  the points it goes through: a polyline, or with {@code bezier} a cubic Bézier spline (1 + 3n
     *                points)
     * @param bezier  whether {@code points} are a spline's control points
     * @param labelAt where the middle of the label goes (a condition's), or null
     * @param headAfterEnd whether a condition's arrowhead goes beyond the last point (Graphviz's splines end where
     *                     the head begins) rather than end there
     */
    public record Edge(
            int from,
            int to,
            Arrow arrow,
            List<double[]> points,
            boolean bezier,
            double[] labelAt,
            boolean headAfterEnd) {
        /** Copies the points. */
        public Edge {
            points = List.copyOf(points);
        }
    }

    /** Copies the collections. */
    public GraphLayout {
        boxes = Map.copyOf(boxes);
        edges = List.copyOf(edges);
    }

    /**
     * Graphviz's layout ({@code dot} for up to {@link #DOT_LIMIT} RMs, {@code neato} beyond), or the built-in one,
     * saying why, when Graphviz is not installed or fails.
     */
    public static GraphLayout of(ExperimentGraph graph, Graphviz graphviz) throws InterruptedException {
        if (!graphviz.available()) {
            return builtIn(graph, "built-in: Graphviz is not installed");
        }
        try {
            return graphviz(graph, graphviz);
        } catch (IOException | RuntimeException e) {
            return builtIn(graph, "built-in: " + e.getMessage());
        }
    }

    /** The layout {@code dot} (or {@code neato} for big graphs) makes, read from its {@code -Tplain} output. */
    static GraphLayout graphviz(ExperimentGraph graph, Graphviz graphviz) throws IOException, InterruptedException {
        if (graph.vertices().isEmpty()) {
            return builtIn(graph, "built-in");
        }
        Graphviz.Engine engine = graph.vertices().size() <= DOT_LIMIT ? Graphviz.Engine.DOT : Graphviz.Engine.NEATO;
        String plain = new String(graphviz.run(engine, "plain", graph.layoutDot()), StandardCharsets.UTF_8);
        return fromPlain(graph, plain, "graphviz " + engine.program());
    }

    /** Reads Graphviz's plain output format: {@code graph}, {@code node}, {@code edge} and {@code stop} lines. */
    static GraphLayout fromPlain(ExperimentGraph graph, String plain, String by) throws IOException {
        double height = -1;
        double width = 0;
        Map<Integer, Box> boxes = new HashMap<>();
        List<String[]> edgeLines = new ArrayList<>();
        for (String line : plain.split("\n")) {
            List<String> words = words(line);
            if (words.isEmpty()) {
                continue;
            }
            switch (words.get(0)) {
                case "graph" -> {
                    width = number(words, 2) * POINTS_PER_INCH;
                    height = number(words, 3) * POINTS_PER_INCH;
                }
                case "node" -> {
                    double h = height;
                    int guid = guid(words.get(1));
                    double w = number(words, 4) * POINTS_PER_INCH;
                    double bh = number(words, 5) * POINTS_PER_INCH;
                    double x = number(words, 2) * POINTS_PER_INCH - w / 2 + MARGIN;
                    double y = h - number(words, 3) * POINTS_PER_INCH - bh / 2 + MARGIN + CAPTION;
                    boxes.put(guid, new Box(x, y, w, bh));
                }
                case "edge" -> edgeLines.add(words.toArray(String[]::new));
                default -> {}
            }
        }
        if (height < 0 || boxes.size() != graph.vertices().size()) {
            throw new IOException("unexpected output from Graphviz (" + boxes.size() + " of "
                    + graph.vertices().size() + " boxes)");
        }
        double pageHeight = height;
        // Match each line to a connection or a condition: by its ends, and for conditions by their label.
        List<Object[]> wanted = new ArrayList<>();
        for (int[] c : graph.connections()) {
            wanted.add(new Object[] {c[0], c[1], null});
        }
        for (Arrow a : graph.arrows()) {
            wanted.add(new Object[] {a.from(), a.to(), a});
        }
        List<Edge> edges = new ArrayList<>();
        for (String[] e : edgeLines) {
            int from = guid(e[1]);
            int to = guid(e[2]);
            int n = Integer.parseInt(e[3]);
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                points.add(new double[] {
                    Double.parseDouble(e[4 + 2 * i]) * POINTS_PER_INCH + MARGIN,
                    pageHeight - Double.parseDouble(e[5 + 2 * i]) * POINTS_PER_INCH + MARGIN + CAPTION
                });
            }
            int next = 4 + 2 * n;
            String label = null;
            double[] labelAt = null;
            if (e.length - next >= 5) {
                label = e[next];
                labelAt = new double[] {
                    Double.parseDouble(e[next + 1]) * POINTS_PER_INCH + MARGIN,
                    pageHeight - Double.parseDouble(e[next + 2]) * POINTS_PER_INCH + MARGIN + CAPTION
                };
            }
            Arrow arrow = null;
            for (int i = 0; i < wanted.size(); i++) {
                Object[] w = wanted.get(i);
                Arrow candidate = (Arrow) w[2];
                boolean ends = (int) w[0] == from && (int) w[1] == to;
                if (ends
                        && (candidate == null
                                ? label == null
                                : candidate.label().equals(label))) {
                    arrow = candidate;
                    wanted.remove(i);
                    break;
                }
            }
            boolean bezier = n >= 4 && (n - 1) % 3 == 0;
            edges.add(new Edge(from, to, arrow, points, bezier, arrow == null ? null : labelAt, true));
        }
        return new GraphLayout(width + 2 * MARGIN, pageHeight + 2 * MARGIN + CAPTION, boxes, edges, by);
    }

    /**
     * The built-in layered layout: in each connected group, the RM to start from is a node (a type named
     * {@code ...Node}) or else the lowest guid; each RM goes one layer below the first connected RM reached, and
     * within a layer RMs sit under the RMs they hang from. Conditions are curved dashed lines.
     */
    public static GraphLayout builtIn(ExperimentGraph graph, String by) {
        List<Vertex> vertices = graph.vertices();
        Map<Integer, Vertex> byGuid = new HashMap<>();
        vertices.forEach(v -> byGuid.put(v.guid(), v));
        Map<Integer, Integer> layerOf = graph.layers();
        TreeMap<Integer, List<Integer>> layers = new TreeMap<>();
        vertices.forEach(v -> layers.computeIfAbsent(layerOf.get(v.guid()), l -> new ArrayList<>())
                .add(v.guid()));
        // Order within a layer: the groups' starts in guid order; below, each RM under the first RM (in the layer
        // above's order) it hangs from, siblings in guid order. Keys are ranks, so a child's offset stays below 1.
        Map<Integer, Double> orderKey = new HashMap<>();
        for (Map.Entry<Integer, List<Integer>> layer : layers.entrySet()) {
            List<Integer> members = layer.getValue();
            for (int guid : members) {
                orderKey.putIfAbsent(guid, (double) members.size() + guid);
            }
            members.sort(
                    Comparator.comparingDouble((Integer g) -> orderKey.get(g)).thenComparingInt(g -> g));
            for (int rank = 0; rank < members.size(); rank++) {
                orderKey.put(members.get(rank), (double) rank);
            }
            for (int guid : members) {
                int below = layer.getKey() + 1;
                List<Integer> children = byGuid.get(guid).connections().stream()
                        .filter(byGuid::containsKey)
                        .filter(c -> layerOf.get(c) == below && !orderKey.containsKey(c))
                        .sorted()
                        .toList();
                for (int i = 0; i < children.size(); i++) {
                    orderKey.put(children.get(i), orderKey.get(guid) + (i + 1) / (double) (children.size() + 1));
                }
            }
        }
        boolean named = vertices.stream().anyMatch(v -> !v.name().isEmpty());
        double boxHeight = BOX_HEIGHT + (named ? LINE : 0);
        int widest = layers.values().stream().mapToInt(List::size).max().orElse(0);
        Map<Integer, Box> boxes = new HashMap<>();
        for (Map.Entry<Integer, List<Integer>> layer : layers.entrySet()) {
            List<Integer> members = new ArrayList<>(layer.getValue());
            members.sort(Comparator.comparingDouble(orderKey::get));
            double offset = (widest - members.size()) * (BOX_WIDTH + GAP_X) / 2;
            for (int i = 0; i < members.size(); i++) {
                boxes.put(
                        members.get(i),
                        new Box(
                                MARGIN + offset + i * (BOX_WIDTH + GAP_X),
                                MARGIN + CAPTION + layer.getKey() * (boxHeight + GAP_Y),
                                BOX_WIDTH,
                                boxHeight));
            }
        }
        List<Edge> edges = new ArrayList<>();
        for (int[] c : graph.connections()) {
            Box a = boxes.get(c[0]);
            Box b = boxes.get(c[1]);
            Box upper = a.y() <= b.y() ? a : b;
            Box lower = upper == a ? b : a;
            boolean level = upper.y() == lower.y();
            edges.add(new Edge(
                    c[0],
                    c[1],
                    null,
                    List.of(
                            new double[] {upper.cx(), level ? upper.cy() : upper.y() + upper.height()},
                            new double[] {lower.cx(), level ? lower.cy() : lower.y()}),
                    false,
                    null,
                    false));
        }
        for (Arrow arrow : graph.arrows()) {
            edges.add(curve(arrow, boxes.get(arrow.from()), boxes.get(arrow.to())));
        }
        double width = boxes.values().stream()
                        .mapToDouble(b -> b.x() + b.width())
                        .max()
                        .orElse(200)
                + MARGIN;
        double height = boxes.values().stream()
                        .mapToDouble(b -> b.y() + b.height())
                        .max()
                        .orElse(40)
                + MARGIN;
        return new GraphLayout(width, height, boxes, edges, by);
    }

    /** A condition as a curve bowing to the side, so that it does not hide a connection between the same RMs. */
    private static Edge curve(Arrow arrow, Box from, Box to) {
        double[] start = border(from, to.cx(), to.cy());
        double[] end = border(to, from.cx(), from.cy());
        double dx = end[0] - start[0];
        double dy = end[1] - start[1];
        double length = Math.max(1, Math.hypot(dx, dy));
        double bow = Math.min(60, 20 + length / 6);
        double nx = -dy / length * bow;
        double ny = dx / length * bow;
        double[] c1 = {start[0] + dx / 3 + nx, start[1] + dy / 3 + ny};
        double[] c2 = {start[0] + 2 * dx / 3 + nx, start[1] + 2 * dy / 3 + ny};
        double[] middle = {
            0.125 * start[0] + 0.375 * c1[0] + 0.375 * c2[0] + 0.125 * end[0],
            0.125 * start[1] + 0.375 * c1[1] + 0.375 * c2[1] + 0.125 * end[1]
        };
        return new Edge(arrow.from(), arrow.to(), arrow, List.of(start, c1, c2, end), true, middle, false);
    }

    /** Where the line from the centre of {@code box} towards (x, y) leaves the box. */
    private static double[] border(Box box, double x, double y) {
        double dx = x - box.cx();
        double dy = y - box.cy();
        if (dx == 0 && dy == 0) {
            return new double[] {box.cx(), box.y()};
        }
        double scale = Math.min(
                dx == 0 ? Double.MAX_VALUE : box.width() / 2 / Math.abs(dx),
                dy == 0 ? Double.MAX_VALUE : box.height() / 2 / Math.abs(dy));
        return new double[] {box.cx() + dx * scale, box.cy() + dy * scale};
    }

    private static int guid(String name) throws IOException {
        if (!name.startsWith("rm")) {
            throw new IOException("unexpected node name in Graphviz's output: " + name);
        }
        return Integer.parseInt(name.substring(2));
    }

    private static double number(List<String> words, int index) throws IOException {
        if (index >= words.size()) {
            throw new IOException("short line in Graphviz's output: " + String.join(" ", words));
        }
        return Double.parseDouble(words.get(index));
    }

    /** Blank-separated words; double-quoted ones may hold blanks and backslash escapes. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                StringBuilder word = new StringBuilder();
                i++;
                while (i < line.length() && line.charAt(i) != '"') {
                    if (line.charAt(i) == '\\' && i + 1 < line.length()) {
                        i++;
                    }
                    word.append(line.charAt(i++));
                }
                i++;
                words.add(word.toString());
            } else {
                int start = i;
                while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                words.add(line.substring(start, i));
            }
        }
        return words;
    }
}
