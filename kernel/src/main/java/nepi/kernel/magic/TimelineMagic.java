package nepi.kernel.magic;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.kernel.display.TimelineChart;

/** {@code %timeline [guids]}: a chart of when each RM entered each state, with the same times as a table. */
public final class TimelineMagic implements NepiMagic {

    private static final MagicSyntax SYNTAX = MagicSyntax.of("timeline", "%timeline [guids]",
            "chart of when each RM (all when none is given) entered each state");

    private final ExperimentSlot slot;

    /** @param slot where the session's {@code ec} is */
    public TimelineMagic(ExperimentSlot slot) {
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
