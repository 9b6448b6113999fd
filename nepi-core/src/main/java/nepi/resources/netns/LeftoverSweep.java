package nepi.resources.netns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what runs that died without releasing (a killed JVM, a power cut of the notebook)
 * left behind: the namespaces of every run tag whose {@link OwnerRecord} is missing or names a
 * process that is gone, with the bridges and veth links inside them, then the record.
 */
public final class LeftoverSweep {

    private static final Logger LOG = LoggerFactory.getLogger(LeftoverSweep.class);

    private LeftoverSweep() {}

    /**
     * Removes the leftovers of dead runs; runs whose owner lives (in this JVM or another) are
     * not touched. Runs at the first netns deploy of every experiment; callable by hand.
     *
     * @return the names of the namespaces removed
     */
    public static List<String> removeDeadRuns() throws IOException {
        // Namespaces first, records second: a run writes its record before creating anything,
        // so a namespace listed here whose record is missing afterwards really is orphaned.
        Map<RunTag, List<String>> byTag = new LinkedHashMap<>();
        for (String name : NetworkNamespace.list()) {
            RunTag.ofNamespace(name).ifPresent(tag -> byTag.computeIfAbsent(tag, t -> new ArrayList<>())
                    .add(name));
        }
        for (RunTag tag : OwnerRecord.recordedTags()) {
            byTag.putIfAbsent(tag, List.of());
        }
        List<String> removed = new ArrayList<>();
        for (Map.Entry<RunTag, List<String>> entry : byTag.entrySet()) {
            RunTag tag = entry.getKey();
            Optional<OwnerRecord> owner = OwnerRecord.read(tag);
            if (owner.isPresent() && owner.get().isAlive()) {
                continue;
            }
            for (String name : entry.getValue()) {
                new NetworkNamespace(name).delete();
                removed.add(name);
            }
            OwnerRecord.delete(tag);
            if (!entry.getValue().isEmpty()) {
                LOG.info(
                        "removed {} network namespace(s) left by dead run {}{}: {}",
                        entry.getValue().size(),
                        tag,
                        owner.map(o -> " (experiment " + o.expId() + ", run " + o.runId() + ", pid " + o.pid() + ")")
                                .orElse(" (no owner record)"),
                        entry.getValue());
            }
        }
        return removed;
    }
}
