package nepi.kernel.nepi.magic;

import java.util.List;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceState;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.nepi.EcVariable;

/**
 * {@code %release [guids]}: releases the RMs (all when none is given) and shows their table live until they are
 * released. Interrupting stops the wait, not the release.
 *
 * @param ecVariable the session's {@code ec} variable
 */
public record ReleaseMagic(EcVariable ecVariable) implements Magic {

    static final MagicSpec SPEC = MagicSpec.named("release")
            .help("release the RMs (all when none is given), showing their states live until released")
            .argument(GuidArguments.GUIDS)
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws Exception {
        ExperimentController ec = ecVariable.current();
        List<Integer> guids = GuidArguments.resolveOrAll(arguments.all(GuidArguments.GUIDS), context, ec, SPEC);
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
