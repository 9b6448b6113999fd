package nepi.kernel.nepi.magic;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.kernel.display.ChartFormat;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicOption;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.magic.ValueKind;
import nepi.kernel.nepi.EcVariable;
import nepi.kernel.nepi.display.ResourceNames;
import nepi.kernel.nepi.display.TimelineChart;

/**
 * {@code %timeline [guids] [--order deploy|type] [--save FILE]}: a chart of when each RM entered each state, one
 * labelled row per RM, with the same times as a table; a failed RM's reason shows on hover.
 *
 * @param ecVariable the session's {@code ec} variable
 */
public record TimelineMagic(EcVariable ecVariable) implements Magic {

    static final MagicOption<TimelineChart.Order> ORDER = MagicOption.valued(
                    "--order",
                    ValueKind.choice(TimelineChart.Order.class),
                    "order of the rows: by when each RM's deployment began, or by type")
            .withDefault(TimelineChart.Order.DEPLOY);
    static final MagicOption<Path> SAVE = ChartSaving.option(ChartFormat.SVG, ChartFormat.PNG);
    static final MagicSpec SPEC = MagicSpec.named("timeline")
            .help("chart of when each RM (all when none is given) entered each state, a labelled row per RM")
            .argument(GuidArguments.GUIDS)
            .option(ORDER)
            .option(SAVE)
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws Exception {
        Path file = arguments.get(SAVE).orElse(null);
        if (file != null) {
            ChartSaving.format(SPEC, file, EnumSet.of(ChartFormat.SVG, ChartFormat.PNG));
        }
        ExperimentController ec = ecVariable.current();
        List<Integer> guids = GuidArguments.resolveOrAll(arguments.all(GuidArguments.GUIDS), context, ec, SPEC);
        List<TimelineChart.Row> rows = new ArrayList<>();
        for (int guid : guids) {
            ec.findResource(guid).ifPresent(rm -> rows.add(row(rm)));
        }
        TimelineChart.Order order = arguments.get(ORDER).orElseThrow();
        MimeBundle chart = TimelineChart.render("timeline of " + ec.getExpId(), order.sort(rows));
        if (file != null) {
            context.out().println(ChartSaving.save(SPEC, file, ChartSaving.ofBundle(chart)));
        }
        return chart;
    }

    private static TimelineChart.Row row(ResourceManager rm) {
        Map<ResourceState, Instant> times = new EnumMap<>(ResourceState.class);
        for (ResourceState state : ResourceState.values()) {
            if (rm.getStateTime(state) != null) {
                times.put(state, rm.getStateTime(state));
            }
        }
        String failure =
                rm.getState() == ResourceState.FAILED ? rm.getFailureReason().orElse("no reason given") : null;
        return new TimelineChart.Row(rm.getGuid(), rm.getRtype(), ResourceNames.of(rm), times, failure);
    }
}
