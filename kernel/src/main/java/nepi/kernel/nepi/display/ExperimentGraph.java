package nepi.kernel.nepi.display;

import java.time.Duration;
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
import nepi.core.resource.Condition;
import nepi.core.resource.ResourceAction;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.kernel.display.ChartTheme;
import nepi.kernel.display.HtmlEscape;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.display.TimeText;

/**
 * The picture of an experiment ({@code %graph}): RMs as boxes coloured by state, connections as lines, conditions as
 * dashed arrows from the RM waited for to the RM that waits, labelled with the action, the state and the delay.
 * Where the boxes and lines go is a {@link GraphLayout}: Graphviz's when it is installed, else the built-in layered
 * one. The same graph is also Graphviz DOT text ({@link #dot()}) for export.
 *
 * @param title    the caption
 * @param vertices the RMs drawn, in guid order
 * @param arrows   the conditions between them
 * @param total    how many RMs the experiment has (more than drawn past {@link #MAX_NODES})
 */
public record ExperimentGraph(String title, List<Vertex> vertices, List<Arrow> arrows, int total) {

    /** RMs drawn at most; a bigger experiment is better read with {@code %state}. */
    public static final int MAX_NODES = 400;

    /**
     * One RM of the picture.
     *
     * @param guid        the RM
     * @param type        its type name
     * @param name        what the RM is about when it says (its command, host name, target...), else ""
     * @param state       its state
     * @param connections the guids it is connected to
     */
    public record Vertex(int guid, String type, String name, ResourceState state, List<Integer> connections) {

        /** Copies the connections. */
        public Vertex {
            connections = List.copyOf(connections);
            name = name == null ? "" : name;
        }

        /** A vertex without a name. */
        public Vertex(int guid, String type, ResourceState state, List<Integer> connections) {
            this(guid, type, "", state, connections);
        }

        /** {@code #3 linux::Application}. */
        String heading() {
            return "#" + guid + " " + type;
        }
    }

    /**
     * A condition, drawn from the RM waited for to the RM whose action waits.
     *
     * @param from   the RM waited for
     * @param to     the RM whose action waits
     * @param action the action that waits
     * @param state  the state {@code from} must reach
     * @param delay  how long after it reached it (null: none)
     */
    public record Arrow(int from, int to, ResourceAction action, ResourceState state, Duration delay) {

        /** {@code START after STARTED + 2.0 s}. */
        public String label() {
            return action + " after " + state
                    + (delay == null || delay.isZero() ? "" : " + " + TimeText.duration(delay));
        }
    }

    /** Copies the lists. */
    public ExperimentGraph {
        vertices = List.copyOf(vertices);
        arrows = List.copyOf(arrows);
    }

    /** A graph of {@code vertices} and no conditions. */
    public static ExperimentGraph of(String title, List<Vertex> vertices) {
        return of(title, vertices, List.of());
    }

    /** A graph of the first {@link #MAX_NODES} of {@code all} and the arrows between them. */
    public static ExperimentGraph of(String title, List<Vertex> all, List<Arrow> arrows) {
        List<Vertex> drawn = all.size() > MAX_NODES ? all.subList(0, MAX_NODES) : all;
        Set<Integer> guids = new TreeSet<>();
        drawn.forEach(v -> guids.add(v.guid()));
        List<Arrow> kept = arrows.stream()
                .filter(a -> guids.contains(a.from()) && guids.contains(a.to()))
                .toList();
        return new ExperimentGraph(title, drawn, kept, all.size());
    }

    /** The graph of {@code ec}'s RMs, in guid order, with their conditions. */
    public static ExperimentGraph of(ExperimentController ec) {
        List<Vertex> vertices = new ArrayList<>();
        List<Arrow> arrows = new ArrayList<>();
        for (int guid : ec.getResources()) {
            ec.findResource(guid).ifPresent(rm -> {
                vertices.add(new Vertex(
                        rm.getGuid(), rm.getRtype(), ResourceNames.of(rm), rm.getState(), rm.getConnections()));
                arrows.addAll(arrows(rm));
            });
        }
        return of("experiment " + ec.getExpId(), vertices, arrows);
    }

    private static List<Arrow> arrows(ResourceManager rm) {
        List<Arrow> arrows = new ArrayList<>();
        for (ResourceAction action : ResourceAction.values()) {
            for (Condition condition : rm.getConditions(action)) {
                for (int waitedFor : new TreeSet<>(condition.guids())) {
                    arrows.add(new Arrow(waitedFor, rm.getGuid(), action, condition.state(), condition.delay()));
                }
            }
        }
        return arrows;
    }

    /** The caption: title, number of RMs, and how many are drawn when not all are. */
    public String caption() {
        return title + ": " + total + (total == 1 ? " RM" : " RMs")
                + (total > vertices.size() ? " (the first " + vertices.size() + " drawn)" : "")
                + (arrows.isEmpty() ? "" : ", " + arrows.size() + (arrows.size() == 1 ? " condition" : " conditions"));
    }

    /** The picture (SVG) laid out by {@code layout}, and a plain-text list of the same graph. */
    public MimeBundle render(GraphLayout layout) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text/plain", plain());
        data.put("image/svg+xml", GraphSvg.svg(this, layout));
        return new MimeBundle(data, Map.of());
    }

    /** The layers of the built-in layout: each connected group hangs from a node (or its lowest guid). */
    Map<Integer, Integer> layers() {
        Map<Integer, Vertex> byGuid = new LinkedHashMap<>();
        vertices.forEach(v -> byGuid.put(v.guid(), v));
        List<Vertex> starts = new ArrayList<>(vertices);
        starts.sort(
                Comparator.comparing((Vertex v) -> !v.type().endsWith("Node")).thenComparingInt(Vertex::guid));
        Map<Integer, Integer> layerOf = new HashMap<>();
        for (Vertex start : starts) {
            if (layerOf.containsKey(start.guid())) {
                continue;
            }
            Deque<Integer> queue = new ArrayDeque<>();
            queue.add(start.guid());
            layerOf.put(start.guid(), 0);
            while (!queue.isEmpty()) {
                int guid = queue.removeFirst();
                for (int other : new TreeSet<>(byGuid.get(guid).connections())) {
                    if (byGuid.containsKey(other) && !layerOf.containsKey(other)) {
                        layerOf.put(other, layerOf.get(guid) + 1);
                        queue.add(other);
                    }
                }
            }
        }
        return layerOf;
    }

    /** Each connection once, as {lower layer (or guid), other}. */
    List<int[]> connections() {
        Map<Integer, Integer> layers = layers();
        Set<Integer> drawn = new TreeSet<>();
        vertices.forEach(v -> drawn.add(v.guid()));
        List<int[]> edges = new ArrayList<>();
        Set<Long> seen = new java.util.HashSet<>();
        for (Vertex v : vertices) {
            for (int other : new TreeSet<>(v.connections())) {
                if (!drawn.contains(other) || other == v.guid()) {
                    continue;
                }
                int a = Math.min(v.guid(), other);
                int b = Math.max(v.guid(), other);
                if (!seen.add(((long) a << 32) | b)) {
                    continue;
                }
                // Downwards, from the RM nearer its group's start: dot then ranks the picture as the built-in layout.
                int la = layers.getOrDefault(a, 0);
                int lb = layers.getOrDefault(b, 0);
                edges.add(la <= lb ? new int[] {a, b} : new int[] {b, a});
            }
        }
        return edges;
    }

    /**
     * The graph as Graphviz DOT text, coloured by state: {@code dot -Tsvg} draws it as {@code %graph} does (save it
     * with {@code %graph --save FILE.dot}).
     */
    public String dot() {
        return dot(true);
    }

    /**
     * The DOT text to lay out: without states or colours, boxes sized for the widest state, so that a state change
     * keeps the layout (the live graph lays an experiment out once).
     */
    String layoutDot() {
        return dot(false);
    }

    private String dot(boolean withStates) {
        StringBuilder dot = new StringBuilder(256 + vertices.size() * 120);
        dot.append("digraph \"").append(quote(title)).append("\" {\n");
        dot.append("  graph [rankdir=TB, nodesep=0.25, ranksep=0.5, bgcolor=\"")
                .append(ChartTheme.BACKGROUND_CSS)
                .append("\", fontname=\"sans-serif\"");
        if (withStates) {
            dot.append(", label=\"").append(quote(caption())).append("\", labelloc=t, fontsize=14");
        }
        dot.append("];\n");
        dot.append("  node [shape=box, style=\"rounded,filled\", fontname=\"sans-serif\", fontsize=12, color=\"")
                .append(GraphSvg.BOX_STROKE)
                .append("\", fontcolor=\"")
                .append(ChartTheme.TEXT_CSS)
                .append("\", margin=\"0.12,0.06\"];\n");
        dot.append("  edge [dir=none, color=\"")
                .append(GraphSvg.LINE)
                .append("\", penwidth=1.3, fontname=\"sans-serif\", fontsize=10, fontcolor=\"")
                .append(ChartTheme.MUTED_CSS)
                .append("\"];\n");
        for (Vertex v : vertices) {
            List<String> lines = new ArrayList<>(GraphSvg.lines(v));
            lines.add(withStates ? v.state().name() : GraphSvg.WIDEST_STATE);
            dot.append("  rm").append(v.guid()).append(" [label=\"");
            dot.append(String.join(
                    "\\n", lines.stream().map(ExperimentGraph::quote).toList()));
            dot.append('"');
            if (withStates) {
                dot.append(", fillcolor=\"")
                        .append(StateColours.CSS.get(v.state()))
                        .append('"');
                dot.append(", tooltip=\"")
                        .append(quote(v.heading() + " " + v.state() + (v.name().isEmpty() ? "" : ": " + v.name())))
                        .append('"');
            }
            dot.append("];\n");
        }
        Map<Integer, Integer> layers = layers();
        for (int[] edge : connections()) {
            dot.append("  rm").append(edge[0]).append(" -> rm").append(edge[1]);
            if (layers.getOrDefault(edge[0], 0).equals(layers.getOrDefault(edge[1], 0))) {
                dot.append(" [constraint=false]");
            }
            dot.append(";\n");
        }
        for (Arrow arrow : arrows) {
            // constraint=false: conditions do not move the boxes, which stay laid out by their connections.
            dot.append("  rm")
                    .append(arrow.from())
                    .append(" -> rm")
                    .append(arrow.to())
                    .append(" [style=dashed, dir=forward, arrowsize=0.7, constraint=false, color=\"")
                    .append(GraphSvg.CONDITION)
                    .append("\", label=\"")
                    .append(quote(arrow.label()))
                    .append("\"];\n");
        }
        return dot.append("}\n").toString();
    }

    /** The text inside a DOT double-quoted string. */
    static String quote(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
    }

    /** One line per RM, its connections and the conditions on it: for text front ends. */
    String plain() {
        StringBuilder out = new StringBuilder(caption()).append('\n');
        Map<Integer, List<Arrow>> waits = new TreeMap<>();
        arrows.forEach(
                a -> waits.computeIfAbsent(a.to(), g -> new ArrayList<>()).add(a));
        for (Vertex v : vertices) {
            out.append(v.heading()).append(' ').append(v.state());
            if (!v.name().isEmpty()) {
                out.append(" (").append(v.name()).append(')');
            }
            if (!v.connections().isEmpty()) {
                out.append(" -- ").append(v.connections());
            }
            for (Arrow a : waits.getOrDefault(v.guid(), List.of())) {
                out.append("; ")
                        .append(a.action())
                        .append(" after #")
                        .append(a.from())
                        .append(' ');
                out.append(a.state());
                if (a.delay() != null && !a.delay().isZero()) {
                    out.append(" + ").append(TimeText.duration(a.delay()));
                }
            }
            out.append('\n');
        }
        return out.toString().stripTrailing();
    }

    /** For the SVG: the escaped text. */
    static String escape(String text) {
        return HtmlEscape.escape(text);
    }

    static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
