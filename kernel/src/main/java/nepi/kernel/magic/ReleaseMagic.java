package nepi.kernel.magic;

import java.util.List;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceState;

/**
 * {@code %release [guids]}: releases the RMs (all when none is given) and shows their table live until they are
 * released. Interrupting stops the wait, not the release.
 */
public final class ReleaseMagic implements NepiMagic {

    private static final MagicSyntax SYNTAX = MagicSyntax.of("release", "%release [guids]",
            "release the RMs (all when none is given), showing their states live until released");

    private final ExperimentSlot slot;

    /** @param slot where the session's {@code ec} is */
    public ReleaseMagic(ExperimentSlot slot) {
        this.slot = slot;
    }

    @Override
    public MagicSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public Object run(String args, MagicContext context) throws Exception {
        MagicArguments arguments = MagicArguments.parse(args, SYNTAX);
        ExperimentController ec = slot.current();
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
