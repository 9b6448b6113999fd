package nepi.kernel.nepi.magic;

import java.time.Instant;
import java.util.List;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceState;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicOption;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.nepi.EcVariable;
import nepi.kernel.nepi.display.ResourceTable;

/**
 * {@code %state [guids] [--failed]}: the table of the RMs (all when none is given): type, state, times, attributes,
 * failures, each failure reason in full; with {@code --failed} only the FAILED ones.
 *
 * @param ecVariable the session's {@code ec} variable
 */
public record StateMagic(EcVariable ecVariable) implements Magic {

    static final MagicOption<Boolean> FAILED =
            MagicOption.flag("--failed", "only the RMs that FAILED, each with its reason in full");
    static final MagicSpec SPEC = MagicSpec.named("state")
            .help("table of the RMs (all when none is given): guid, type, state, since, attributes set, failure (in"
                    + " full below the row when long)")
            .argument(GuidArguments.GUIDS)
            .option(FAILED)
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws Exception {
        ExperimentController ec = ecVariable.current();
        List<Integer> guids = GuidArguments.resolveOrAll(arguments.all(GuidArguments.GUIDS), context, ec, SPEC);
        String title = "experiment " + ec.getExpId() + " (" + ec.getEcState() + ", " + ec.getFailureLevel() + ")";
        if (arguments.has(FAILED)) {
            guids = guids.stream()
                    .filter(guid -> ec.findResource(guid)
                            .map(rm -> rm.getState() == ResourceState.FAILED)
                            .orElse(false))
                    .toList();
            if (guids.isEmpty()) {
                return "no RM FAILED in experiment " + ec.getExpId();
            }
            title += ", failed RMs";
        }
        return ResourceTable.of(ec, guids, ResourceTable.Layout.STATE, title, Instant.now());
    }
}
