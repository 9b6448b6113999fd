package nepi.kernel.magic;

import java.time.Instant;
import java.util.List;
import nepi.core.ExperimentController;
import nepi.kernel.display.ResourceTable;

/** {@code %state [guids]}: the table of the RMs (all when none is given): type, state, times, attributes, failures. */
public final class StateMagic implements NepiMagic {

    private static final MagicSyntax SYNTAX = MagicSyntax.of("state", "%state [guids]",
            "table of the RMs (all when none is given): guid, type, state, since, attributes set, failure");

    private final ExperimentSlot slot;

    /** @param slot where the session's {@code ec} is */
    public StateMagic(ExperimentSlot slot) {
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
        return ResourceTable.of(ec, guids, ResourceTable.Layout.STATE, "experiment " + ec.getExpId() + " ("
                + ec.getEcState() + ", " + ec.getFailureLevel() + ")", Instant.now());
    }
}
