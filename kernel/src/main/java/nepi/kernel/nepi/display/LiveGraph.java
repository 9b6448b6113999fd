package nepi.kernel.nepi.display;

import nepi.core.ExperimentController;
import nepi.kernel.display.Graphviz;
import nepi.kernel.display.MimeBundle;

/**
 * The experiment's graph ({@code %graph --live}) shown once and recoloured in place as RMs change state, during
 * the cell that showed it and the cells after it ({@code %deploy}, {@code %wait}...), with RMs registered later
 * added. Updates go through the same throttled path as the live tables ({@link LiveDisplay}). The layout is made
 * once per shape of the experiment (Graphviz runs again only when RMs, connections or conditions change), so an
 * update costs drawing the SVG. It follows until {@link #close()}, or until the experiment is shut down.
 */
public final class LiveGraph implements AutoCloseable {

    private final ExperimentController ec;
    private final Graphviz graphviz;
    private final LiveDisplay display;
    // Used by one thread at a time: the cell's for the first picture, then the throttle's.
    private String laidOut;
    private GraphLayout layout;

    private LiveGraph(ExperimentController ec, Graphviz graphviz) {
        this.ec = ec;
        this.graphviz = graphviz;
        this.display = new LiveDisplay(ec, this::picture, guid -> true, true, true);
    }

    /** Shows the graph of {@code ec} and keeps it up to date until closed or until {@code ec} is shut down. */
    public static LiveGraph show(ExperimentController ec, Graphviz graphviz) {
        return new LiveGraph(ec, graphviz);
    }

    /** The display id the graph is shown under. */
    public String displayId() {
        return display.displayId();
    }

    /** Stops following the experiment, after a last update. */
    @Override
    public void close() {
        display.close();
    }

    private synchronized MimeBundle picture() {
        ExperimentGraph graph = ExperimentGraph.of(ec);
        String shape = graph.layoutDot();
        if (!shape.equals(laidOut)) {
            try {
                layout = GraphLayout.of(graph, graphviz);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                layout = GraphLayout.builtIn(graph, "built-in: interrupted while Graphviz ran");
            }
            laidOut = shape;
        }
        return graph.render(layout);
    }
}
