package nepi.kernel.nepi.magic;

import nepi.core.ExperimentController;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.nepi.EcVariable;

/**
 * {@code %shutdown}: ends the experiment of {@code ec}: pending work dropped, every RM released, workers stopped.
 *
 * @param ecVariable the session's {@code ec} variable
 */
public record ShutdownMagic(EcVariable ecVariable) implements Magic {

    static final MagicSpec SPEC = MagicSpec.named("shutdown")
            .help("end the experiment in ec: release every RM and stop its workers (%new starts another)")
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws Exception {
        ExperimentController ec = ecVariable.current();
        ec.shutdown();
        return "experiment " + ec.getExpId() + " is shut down (" + ec.getEcState() + ", " + ec.getFailureLevel()
                + "); %new starts a new one";
    }
}
