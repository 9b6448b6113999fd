package nepi.kernel.nepi.display;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.kernel.display.HtmlEscape;
import nepi.kernel.display.MimeBundle;

/**
 * The picture of an experiment ({@code %graph}), as SVG drawn here: RMs as boxes coloured by state, connections as
 * lines. Layered layout: in each connected group, the RM to start from is a node (a type named {@code ...Node}) or
 * else the lowest guid; each RM goes one layer below the first connected RM reached, and within a layer RMs sit
 * under the RMs they hang from.
 */
public final class ExperimentGraph {

    /** RMs drawn at most; a bigger experiment is better read with {@code %state}. */
    static final int MAX_NODES = 400;

    static final int BOX_WIDTH = 150;
    static final int BOX_HEIGHT = 44;
    static final int GAP_X = 20;
    static final int GAP_Y = 56;
    static final int MARGIN = 16;

    /**
     * One RM of the picture.
     *
     * @param guid        the RM
     * @param type        its type name
     * @param state       its state
     * @param connections the guids it is connected to
     */
    public record Vertex(int guid, String type, ResourceState state, List<Integer> connections) {

        /** Copies the connections. */
        public Vertex {
            connections = List.copyOf(connections);
        }
    }

    /**
     * Where a vertex is drawn.
     *
     * @param layer its row, 0 at the top
     * @param x     the left of its box
     * @param y     the top of its box
     */
    record Position(int layer, int x, int y) {}

    private ExperimentGraph() {}

    /** The vertices of {@code ec}'s RMs, in guid order. */
    public static List<Vertex> of(ExperimentController ec) {
        List<Vertex> vertices = new ArrayList<>();
        for (int guid : ec.getResources()) {
            ec.findResource(guid).ifPresent(rm -> vertices.add(vertex(rm)));
        }
        return vertices;
    }

    private static Vertex vertex(ResourceManager rm) {
        return new Vertex(rm.getGuid(), rm.getRtype(), rm.getState(), rm.getConnections());
    }

    /** The SVG picture and a plain-text list of the same graph. */
    public static MimeBundle render(String title, List<Vertex> all) {
        List<Vertex> vertices = all.size() > MAX_NODES ? all.subList(0, MAX_NODES) : all;
        Map<Integer, Position> positions = layout(vertices);
        String caption = title + ": " + all.size() + (all.size() == 1 ? " RM" : " RMs")
                + (all.size() > vertices.size() ? " (the first " + vertices.size() + " drawn)" : "");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text/plain", plain(caption, all));
        data.put("image/svg+xml", svg(caption, vertices, positions));
        return new MimeBundle(data, Map.of());
    }

    /** Layers by breadth-first search from each group's start; order within a layer by the parents' places. */
    static Map<Integer, Position> layout(List<Vertex> vertices) {
        Map<Integer, Vertex> byGuid = new LinkedHashMap<>();
        vertices.forEach(v -> byGuid.put(v.guid(), v));
        List<Vertex> starts = new ArrayList<>(vertices);
        starts.sort(
                Comparator.comparing((Vertex v) -> !v.type().endsWith("Node")).thenComparingInt(Vertex::guid));
        Map<Integer, Integer> layerOf = new HashMap<>();
        Map<Integer, Double> orderKey = new HashMap<>();
        TreeMap<Integer, List<Integer>> layers = new TreeMap<>();
        double nextGroupKey = 0;
        for (Vertex start : starts) {
            if (layerOf.containsKey(start.guid())) {
                continue;
            }
            Deque<Integer> queue = new ArrayDeque<>();
            queue.add(start.guid());
            layerOf.put(start.guid(), 0);
            orderKey.put(start.guid(), nextGroupKey++);
            while (!queue.isEmpty()) {
                int guid = queue.removeFirst();
                layers.computeIfAbsent(layerOf.get(guid), l -> new ArrayList<>())
                        .add(guid);
                Set<Integer> next = new TreeSet<>(byGuid.get(guid).connections());
                int child = 0;
                for (int other : next) {
                    if (byGuid.containsKey(other) && !layerOf.containsKey(other)) {
                        layerOf.put(other, layerOf.get(guid) + 1);
                        // Children sort by their parent's key, then in guid order under it.
                        orderKey.put(other, orderKey.get(guid) + (++child) / (double) (next.size() + 1) * 1e-3);
                        queue.add(other);
                    }
                }
            }
        }
        Map<Integer, Position> positions = new HashMap<>();
        int widest = layers.values().stream().mapToInt(List::size).max().orElse(0);
        for (Map.Entry<Integer, List<Integer>> layer : layers.entrySet()) {
            List<Integer> members = new ArrayList<>(layer.getValue());
            members.sort(Comparator.comparingDouble(orderKey::get));
            int offset = (widest - members.size()) * (BOX_WIDTH + GAP_X) / 2;
            for (int i = 0; i < members.size(); i++) {
                positions.put(
                        members.get(i),
                        new Position(
                                layer.getKey(),
                                MARGIN + offset + i * (BOX_WIDTH + GAP_X),
                                MARGIN + 24 + layer.getKey() * (BOX_HEIGHT + GAP_Y)));
            }
        }
        return positions;
    }

    static String svg(String caption, List<Vertex> vertices, Map<Integer, Position> positions) {
        int width = positions.values().stream()
                        .mapToInt(p -> p.x() + BOX_WIDTH)
                        .max()
                        .orElse(200)
                + MARGIN;
        int height = positions.values().stream()
                        .mapToInt(p -> p.y() + BOX_HEIGHT)
                        .max()
                        .orElse(40)
                + MARGIN;
        width = Math.max(width, 16 + caption.length() * 7);
        StringBuilder svg = new StringBuilder(512 + vertices.size() * 400);
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                        + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">",
                width,
                height,
                width,
                height));
        svg.append("<title>").append(HtmlEscape.escape(caption)).append("</title>");
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>",
                MARGIN,
                MARGIN + 8,
                HtmlEscape.escape(caption)));
        svg.append("<g stroke=\"#616161\" stroke-width=\"1.5\">");
        for (Vertex v : vertices) {
            Position from = positions.get(v.guid());
            for (int other : v.connections()) {
                Position to = positions.get(other);
                if (to == null || other < v.guid() && connected(vertices, other, v.guid())) {
                    continue;
                }
                Position upper = from.y() <= to.y() ? from : to;
                Position lower = upper == from ? to : from;
                int y1 = upper.y() + (upper.y() == lower.y() ? BOX_HEIGHT / 2 : BOX_HEIGHT);
                int y2 = lower.y() + (upper.y() == lower.y() ? BOX_HEIGHT / 2 : 0);
                svg.append(String.format(
                        Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
                        upper.x() + BOX_WIDTH / 2,
                        y1,
                        lower.x() + BOX_WIDTH / 2,
                        y2));
            }
        }
        svg.append("</g>");
        for (Vertex v : vertices) {
            Position p = positions.get(v.guid());
            svg.append(String.format(
                    Locale.ROOT,
                    "<g class=\"rm\" data-guid=\"%d\"><title>#%d %s %s</title>"
                            + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\" fill=\"%s\" stroke=\"#424242\"/>"
                            + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">#%d %s</text>"
                            + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\">%s</text></g>",
                    v.guid(),
                    v.guid(),
                    HtmlEscape.escape(v.type()),
                    v.state(),
                    p.x(),
                    p.y(),
                    BOX_WIDTH,
                    BOX_HEIGHT,
                    StateColours.CSS.get(v.state()),
                    p.x() + BOX_WIDTH / 2,
                    p.y() + 18,
                    v.guid(),
                    HtmlEscape.escape(shorten(v.type())),
                    p.x() + BOX_WIDTH / 2,
                    p.y() + 34,
                    v.state()));
        }
        return svg.append("</svg>").toString();
    }

    private static boolean connected(List<Vertex> vertices, int guid, int other) {
        // Connections are symmetric in NEPI; an edge is drawn once, from its lower guid.
        return vertices.stream()
                .anyMatch(v -> v.guid() == guid && v.connections().contains(other));
    }

    static String plain(String caption, List<Vertex> vertices) {
        StringBuilder out = new StringBuilder(caption).append('\n');
        for (Vertex v : vertices) {
            out.append('#')
                    .append(v.guid())
                    .append(' ')
                    .append(v.type())
                    .append(' ')
                    .append(v.state());
            if (!v.connections().isEmpty()) {
                out.append(" -- ").append(v.connections());
            }
            out.append('\n');
        }
        return out.toString().stripTrailing();
    }

    private static String shorten(String type) {
        return type.length() <= 22 ? type : type.substring(0, 21) + "…";
    }
}
