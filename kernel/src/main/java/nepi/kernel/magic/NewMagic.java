package nepi.kernel.magic;

import nepi.core.ExperimentController;

/**
 * {@code %new [expId]}: shuts down the experiment in {@code ec} and puts a new, empty one in its place (with a
 * generated id when none is given).
 */
public final class NewMagic implements NepiMagic {

    private static final MagicSyntax SYNTAX = MagicSyntax.of("new", "%new [expId]",
            "shut down the experiment in ec and start a new one (expId generated when not given)");

    private final ExperimentSlot slot;

    /** @param slot where the session's {@code ec} is */
    public NewMagic(ExperimentSlot slot) {
        this.slot = slot;
    }

    @Override
    public MagicSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public Object run(String args, MagicContext context) throws Exception {
        MagicArguments arguments = MagicArguments.parse(args, SYNTAX);
        if (arguments.positional().size() > 1) {
            throw SYNTAX.usageError("give at most one expId");
        }
        ExperimentController next;
        try {
            // Created before the old one is shut down: a refused expId leaves the session as it was.
            next = new ExperimentController(arguments.positional().isEmpty() ? null : arguments.positional().get(0));
        } catch (IllegalArgumentException e) {
            throw SYNTAX.usageError(e.getMessage());
        }
        return ExperimentSwap.swap(slot, next, "new experiment " + next.getExpId());
    }
}
