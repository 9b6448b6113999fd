package nepi.kernel.nepi.magic;

import java.util.List;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceState;
import nepi.kernel.magic.DescribedMagic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSyntax;
import nepi.kernel.nepi.EcVariable;

/**
 * {@code %release [guids]}: releases the RMs (all when none is given) and shows their table live until they are
 * released. Interrupting stops the wait, not the release.
 */
public final class ReleaseMagic implements DescribedMagic {

    private static final MagicSyntax SYNTAX = MagicSyntax.of("release", "%release [guids]",
            "release the RMs (all when none is given), showing their states live until released");

    private final EcVariable ecVariable;

    /** @param ecVariable the session's {@code ec} variable */
    public ReleaseMagic(EcVariable ecVariable) {
        this.ecVariable = ecVariable;
    }

    @Override
    public MagicSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public Object run(String args, MagicContext context) throws Exception {
        MagicArguments arguments = MagicArguments.parse(args, SYNTAX);
        ExperimentController ec = ecVariable.current();
        List<Integer> guids = arguments.positional().isEmpty() ? ec.getResources()
                : GuidArguments.resolve(arguments.positional(), context, ec, SYNTAX);
        if (guids.isEmpty()) {
            return "nothing to release: the experiment has no RMs";
        }
        return ProgressWait.run(ec, guids, ResourceState.RELEASED, null, "releasing", "released", () -> {
            ec.release(guids);
            // release() keeps waiting through an interrupt only by returning early with the flag set.
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        });
    }
}
