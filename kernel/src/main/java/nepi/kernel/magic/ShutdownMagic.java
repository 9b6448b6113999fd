package nepi.kernel.magic;

import nepi.core.ExperimentController;

/** {@code %shutdown}: ends the experiment of {@code ec}: pending work dropped, every RM released, workers stopped. */
public final class ShutdownMagic implements NepiMagic {

    private static final MagicSyntax SYNTAX = MagicSyntax.of("shutdown", "%shutdown",
            "end the experiment in ec: release every RM and stop its workers (%new starts another)");

    private final ExperimentSlot slot;

    /** @param slot where the session's {@code ec} is */
    public ShutdownMagic(ExperimentSlot slot) {
        this.slot = slot;
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
        ExperimentController ec = slot.current();
        ec.shutdown();
        return "experiment " + ec.getExpId() + " is shut down (" + ec.getEcState() + ", " + ec.getFailureLevel()
                + "); %new starts a new one";
    }
}
