package nepi.kernel.magic;

import nepi.core.ExperimentController;
import nepi.kernel.display.ExperimentGraph;

/** {@code %graph}: the picture of the experiment, RMs coloured by state and their connections, as SVG. */
public final class GraphMagic implements NepiMagic {

    private static final MagicSyntax SYNTAX = MagicSyntax.of("graph", "%graph",
            "picture of the experiment (SVG): RMs as boxes coloured by state, connections as lines");

    private final ExperimentSlot slot;

    /** @param slot where the session's {@code ec} is */
    public GraphMagic(ExperimentSlot slot) {
        this.slot = slot;
    }

    @Override
    public MagicSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public Object run(String args, MagicContext context) throws Exception {
        if (!MagicArguments.parse(args, SYNTAX).positional().isEmpty()) {
            throw SYNTAX.usageError("%graph takes no arguments");
        }
        ExperimentController ec = slot.current();
        return ExperimentGraph.render("experiment " + ec.getExpId(), ExperimentGraph.of(ec));
    }
}
