package nepi.kernel.nepi.magic;

import nepi.core.ExperimentController;
import nepi.kernel.magic.DescribedMagic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSyntax;
import nepi.kernel.nepi.EcVariable;

/** {@code %shutdown}: ends the experiment of {@code ec}: pending work dropped, every RM released, workers stopped. */
public final class ShutdownMagic implements DescribedMagic {

    private static final MagicSyntax SYNTAX = MagicSyntax.of("shutdown", "%shutdown",
            "end the experiment in ec: release every RM and stop its workers (%new starts another)");

    private final EcVariable ecVariable;

    /** @param ecVariable the session's {@code ec} variable */
    public ShutdownMagic(EcVariable ecVariable) {
        this.ecVariable = ecVariable;
    }

    @Override
    public MagicSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public Object run(String args, MagicContext context) throws Exception {
        if (!MagicArguments.parse(args, SYNTAX).positional().isEmpty()) {
            throw SYNTAX.usageError("%shutdown takes no arguments");
        }
        ExperimentController ec = ecVariable.current();
        ec.shutdown();
        return "experiment " + ec.getExpId() + " is shut down (" + ec.getEcState() + ", " + ec.getFailureLevel()
                + "); %new starts a new one";
    }
}
