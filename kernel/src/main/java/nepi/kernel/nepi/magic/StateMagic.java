package nepi.kernel.nepi.magic;

import java.time.Instant;
import java.util.List;
import nepi.core.ExperimentController;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.nepi.EcVariable;
import nepi.kernel.nepi.display.ResourceTable;

/**
 * {@code %state [guids]}: the table of the RMs (all when none is given): type, state, times, attributes, failures.
 *
 * @param ecVariable the session's {@code ec} variable
 */
public record StateMagic(EcVariable ecVariable) implements Magic {

    static final MagicSpec SPEC = MagicSpec.named("state")
            .help("table of the RMs (all when none is given): guid, type, state, since, attributes set, failure")
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
        return ResourceTable.of(
                ec,
                guids,
                ResourceTable.Layout.STATE,
                "experiment " + ec.getExpId() + " (" + ec.getEcState() + ", " + ec.getFailureLevel() + ")",
                Instant.now());
    }
}
