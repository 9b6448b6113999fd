package nepi.kernel.nepi.magic;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.kernel.magic.DescribedMagic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSyntax;
import nepi.kernel.nepi.EcVariable;
import nepi.kernel.nepi.display.TimelineChart;

/** {@code %timeline [guids]}: a chart of when each RM entered each state, with the same times as a table. */
public final class TimelineMagic implements DescribedMagic {

    private static final MagicSyntax SYNTAX = MagicSyntax.of("timeline", "%timeline [guids]",
            "chart of when each RM (all when none is given) entered each state");

    private final EcVariable ecVariable;

    /** @param ecVariable the session's {@code ec} variable */
    public TimelineMagic(EcVariable ecVariable) {
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
