package nepi.kernel.nepi.magic;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceState;
import nepi.core.run.RunArchive;
import nepi.kernel.display.Table;
import nepi.kernel.display.TimeText;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.nepi.EcVariable;

/**
 * {@code %runs}: the archived runs of the experiment in {@code ec} (same expId), newest first.
 *
 * @param ecVariable the session's {@code ec} variable
 */
public record RunsMagic(EcVariable ecVariable) implements Magic {

    static final MagicSpec SPEC = MagicSpec.named("runs")
            .help("table of the archived runs of the current expId, newest first")
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws Exception {
        ExperimentController ec = ecVariable.current();
        List<RunArchive> runs = RunArchive.list(ec.getLocalDir(), ec.getExpId());
        if (runs.isEmpty()) {
            return "no archived runs of " + ec.getExpId() + " under " + ec.getLocalDir()
                    + " (RunArchive.write(ec) archives the current run)";
        }
        return table(ec.getExpId(), runs);
    }

    /** One row per run, in the order given. */
    static Table table(String expId, List<RunArchive> runs) {
        List<List<String>> rows = new ArrayList<>();
        for (RunArchive run : runs) {
            Map<ResourceState, Integer> states = new EnumMap<>(ResourceState.class);
            long failures = 0;
            for (RunArchive.ResourceRecord record : run.resources()) {
                states.merge(record.state(), 1, Integer::sum);
                failures += record.failure() == null ? 0 : 1;
            }
            List<String> stateText = new ArrayList<>();
            states.forEach((state, count) -> stateText.add(count + " " + state));
            rows.add(List.of(
                    run.runId(),
                    TimeText.dateTime(run.archivedAt()),
                    String.valueOf(run.failureLevel()),
                    Integer.toString(run.resources().size()),
                    String.join(", ", stateText),
                    Long.toString(failures),
                    run.dir().toString()));
        }
        return new Table(
                runs.size() + (runs.size() == 1 ? " archived run" : " archived runs") + " of " + expId
                        + ", newest first",
                List.of("run", "archived", "failure level", "RMs", "states", "failed", "directory"),
                rows,
                "");
    }
}
