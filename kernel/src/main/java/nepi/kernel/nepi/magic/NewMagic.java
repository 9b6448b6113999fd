package nepi.kernel.nepi.magic;

import nepi.core.ExperimentController;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.magic.Positional;
import nepi.kernel.magic.ValueKind;
import nepi.kernel.nepi.EcVariable;

/**
 * {@code %new [expId]}: shuts down the experiment in {@code ec} and puts a new, empty one in its place (with a
 * generated id when none is given).
 *
 * @param ecVariable the session's {@code ec} variable
 */
public record NewMagic(EcVariable ecVariable) implements Magic {

    static final Positional<String> EXP_ID =
            Positional.optional("expId", ValueKind.TEXT, "the new experiment's id; generated when not given");
    static final MagicSpec SPEC = MagicSpec.named("new")
            .help("shut down the experiment in ec and start a new one (expId generated when not given)")
            .argument(EXP_ID)
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws Exception {
        ExperimentController next;
        try {
            // Created before the old one is shut down: a refused expId leaves the session as it was.
            next = new ExperimentController(arguments.find(EXP_ID).orElse(null));
        } catch (IllegalArgumentException e) {
            throw SPEC.usageError(e.getMessage());
        }
        return ecVariable.replace(next, "new experiment " + next.getExpId());
    }
}
