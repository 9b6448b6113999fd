package nepi.kernel.nepi.magic;

import nepi.core.ExperimentController;
import nepi.kernel.magic.DescribedMagic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSyntax;
import nepi.kernel.nepi.EcVariable;

/**
 * {@code %new [expId]}: shuts down the experiment in {@code ec} and puts a new, empty one in its place (with a
 * generated id when none is given).
 */
public final class NewMagic implements DescribedMagic {

    private static final MagicSyntax SYNTAX = MagicSyntax.of("new", "%new [expId]",
            "shut down the experiment in ec and start a new one (expId generated when not given)");

    private final EcVariable ecVariable;

    /** @param ecVariable the session's {@code ec} variable */
    public NewMagic(EcVariable ecVariable) {
        this.ecVariable = ecVariable;
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
        return ecVariable.replace(next, "new experiment " + next.getExpId());
    }
}
