package nepi.kernel.nepi.magic;

import nepi.core.ExperimentController;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.nepi.EcVariable;
import nepi.kernel.nepi.display.ExperimentGraph;

/**
 * {@code %graph}: the picture of the experiment, RMs coloured by state and their connections, as SVG.
 *
 * @param ecVariable the session's {@code ec} variable
 */
public record GraphMagic(EcVariable ecVariable) implements Magic {

    static final MagicSpec SPEC = MagicSpec.named("graph")
            .help("picture of the experiment (SVG): RMs as boxes coloured by state, connections as lines")
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws Exception {
        ExperimentController ec = ecVariable.current();
        return ExperimentGraph.render("experiment " + ec.getExpId(), ExperimentGraph.of(ec));
    }
}
