package nepi.kernel.nepi.magic;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import nepi.core.ExperimentController;
import nepi.kernel.display.ChartFormat;
import nepi.kernel.display.Graphviz;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicOption;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.nepi.EcVariable;
import nepi.kernel.nepi.display.ExperimentGraph;
import nepi.kernel.nepi.display.GraphLayout;
import nepi.kernel.nepi.display.LiveGraph;

/**
 * {@code %graph [--live|--dot] [--save FILE]}: the picture of the experiment, RMs coloured by state, connections as
 * lines and conditions as dashed arrows, laid out by Graphviz when it is installed. {@code --live} keeps it
 * recoloured as states change, in later cells too (one live graph at a time: the next {@code --live} takes over);
 * {@code --dot} prints it as Graphviz DOT text; {@code --save} writes it as SVG, PNG (drawn by Graphviz) or DOT.
 */
public final class GraphMagic implements Magic {

    static final MagicOption<Boolean> LIVE = MagicOption.flag(
            "--live", "keep it recoloured as states change, in later cells too (until the next %graph --live)");
    static final MagicOption<Boolean> DOT = MagicOption.flag("--dot", "print it as Graphviz DOT text");
    static final MagicOption<Path> SAVE = ChartSaving.option(ChartFormat.SVG, ChartFormat.PNG, ChartFormat.DOT);
    static final MagicSpec SPEC = MagicSpec.named("graph")
            .help("picture of the experiment (SVG): RMs coloured by state, connections, conditions as dashed arrows")
            .oneOf(LIVE, DOT)
            .option(SAVE)
            .build();

    private final EcVariable ecVariable;
    private final Supplier<Graphviz> graphviz;
    private final AtomicReference<LiveGraph> live = new AtomicReference<>();

    /**
     * @param ecVariable the session's {@code ec} variable
     * @param graphviz   finds Graphviz (looked for at each call: it may be installed while the kernel runs)
     */
    public GraphMagic(EcVariable ecVariable, Supplier<Graphviz> graphviz) {
        this.ecVariable = ecVariable;
        this.graphviz = graphviz;
    }

    /** With Graphviz looked for on {@code PATH}. */
    public GraphMagic(EcVariable ecVariable) {
        this(ecVariable, Graphviz::onPath);
    }

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws Exception {
        ExperimentController ec = ecVariable.current();
        Path file = arguments.get(SAVE).orElse(null);
        if (file != null) {
            ChartSaving.format(SPEC, file, java.util.EnumSet.allOf(ChartFormat.class));
        }
        Graphviz gv = graphviz.get();
        ExperimentGraph graph = ExperimentGraph.of(ec);
        // Laid out at most once, and only when drawn (not for --dot alone, nor for a live graph, which lays out its
        // own).
        GraphLayout[] layout = new GraphLayout[1];
        ChartSaving.Exporter svg = () -> {
            if (layout[0] == null) {
                layout[0] = GraphLayout.of(graph, gv);
            }
            return ((String) graph.render(layout[0]).data().get("image/svg+xml")).getBytes(StandardCharsets.UTF_8);
        };
        if (file != null) {
            context.out().println(ChartSaving.save(SPEC, file, exporters(graph, gv, svg)));
        }
        if (arguments.has(DOT)) {
            context.out().print(graph.dot());
            context.out().flush();
            return null;
        }
        if (arguments.has(LIVE)) {
            LiveGraph previous = live.getAndSet(LiveGraph.show(ec, gv));
            if (previous != null) {
                previous.close();
            }
            return null;
        }
        return graph.render(layout[0] != null ? layout[0] : GraphLayout.of(graph, gv));
    }

    private static Map<ChartFormat, ChartSaving.Exporter> exporters(
            ExperimentGraph graph, Graphviz gv, ChartSaving.Exporter svg) {
        Map<ChartFormat, ChartSaving.Exporter> exporters = new LinkedHashMap<>();
        exporters.put(ChartFormat.SVG, svg);
        exporters.put(ChartFormat.PNG, () -> {
            if (!gv.available()) {
                throw SPEC.error("a PNG of the graph is drawn by Graphviz, which is not installed (Debian package"
                        + " graphviz); --save FILE.svg or FILE.dot works without it");
            }
            return gv.run(Graphviz.Engine.DOT, "png", graph.dot());
        });
        exporters.put(ChartFormat.DOT, () -> graph.dot().getBytes(StandardCharsets.UTF_8));
        return exporters;
    }
}
