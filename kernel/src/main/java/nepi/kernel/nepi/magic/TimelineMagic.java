package nepi.kernel.nepi.magic;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.nepi.EcVariable;
import nepi.kernel.nepi.display.TimelineChart;

/**
 * {@code %timeline [guids]}: a chart of when each RM entered each state, with the same times as a table.
 *
 * @param ecVariable the session's {@code ec} variable
 */
public record TimelineMagic(EcVariable ecVariable) implements Magic {

    static final MagicSpec SPEC = MagicSpec.named("timeline")
            .help("chart of when each RM (all when none is given) entered each state")
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
        List<TimelineChart.Row> rows = new ArrayList<>();
        for (int guid : guids) {
            ec.findResource(guid).ifPresent(rm -> rows.add(row(rm)));
        }
        return TimelineChart.render("timeline of " + ec.getExpId(), rows);
    }

    private static TimelineChart.Row row(ResourceManager rm) {
        Map<ResourceState, java.time.Instant> times = new EnumMap<>(ResourceState.class);
        for (ResourceState state : ResourceState.values()) {
            if (rm.getStateTime(state) != null) {
                times.put(state, rm.getStateTime(state));
            }
        }
        return new TimelineChart.Row(rm.getGuid(), rm.getRtype(), times);
    }
}
