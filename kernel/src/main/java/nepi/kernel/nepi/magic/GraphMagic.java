package nepi.kernel.nepi.magic;

import nepi.core.ExperimentController;
import nepi.kernel.magic.DescribedMagic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSyntax;
import nepi.kernel.nepi.EcVariable;
import nepi.kernel.nepi.display.ExperimentGraph;

/** {@code %graph}: the picture of the experiment, RMs coloured by state and their connections, as SVG. */
public final class GraphMagic implements DescribedMagic {

    private static final MagicSyntax SYNTAX = MagicSyntax.of("graph", "%graph",
            "picture of the experiment (SVG): RMs as boxes coloured by state, connections as lines");

    private final EcVariable ecVariable;

    /** @param ecVariable the session's {@code ec} variable */
    public GraphMagic(EcVariable ecVariable) {
        this.ecVariable = ecVariable;
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
        ExperimentController ec = ecVariable.current();
        return ExperimentGraph.render("experiment " + ec.getExpId(), ExperimentGraph.of(ec));
    }
}
