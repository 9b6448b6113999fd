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
     * Removes the leftovers of dead runs on this machine; runs whose owner lives (in this JVM or
     * another) are not touched. Runs at the first netns deploy of every experiment on this
     * machine; callable by hand.
     *
     * @return the names of the namespaces removed
     */
    public static List<String> removeDeadRuns() throws IOException {
        return removeDeadRuns(NetHost.LOCAL);
    }

    /**
     * Removes the leftovers of dead runs on {@code host}: the namespaces of every run tag whose
     * owner record is missing or names a process of this machine that is gone. Records of
     * controllers on other machines (other boot ids) are left alone: only they can tell whether
     * they live.
     *
     * @return the names of the namespaces removed
     */
    static List<String> removeDeadRuns(NetHost host) throws IOException {
        // Namespaces first, records second: a run writes its record before creating anything,
        // so a namespace listed here whose record is missing afterwards really is orphaned.
        Map<RunTag, List<String>> byTag = new LinkedHashMap<>();
        for (String name : host.namespaces()) {
            RunTag.ofNamespace(name).ifPresent(tag -> byTag.computeIfAbsent(tag, t -> new ArrayList<>())
                    .add(name));
        }
        Map<RunTag, Optional<OwnerRecord>> records = host.ownerRecords();
        for (RunTag tag : records.keySet()) {
            byTag.putIfAbsent(tag, List.of());
        }
        List<String> removed = new ArrayList<>();
        for (Map.Entry<RunTag, List<String>> entry : byTag.entrySet()) {
            RunTag tag = entry.getKey();
            Optional<OwnerRecord> owner = records.getOrDefault(tag, Optional.empty());
            if (owner.isPresent()
                    && (!owner.get().isOfThisMachine() || owner.get().isAlive())) {
                continue;
            }
            for (String name : entry.getValue()) {
                try {
                    host.deleteNamespace(name);
                    removed.add(name);
                } catch (IOException e) {
                    // Hosts emulated on one machine list each other's names: a name whose
                    // namespace is another host's cannot be removed from here.
                    LOG.warn("{}: cannot remove {} left by dead run {}: {}", host, name, tag, e.getMessage());
                }
            }
            host.deleteRecord(tag);
            if (!entry.getValue().isEmpty()) {
                LOG.info(
                        "removed {} network namespace(s) left by dead run {} on {}{}: {}",
                        entry.getValue().size(),
                        tag,
                        host,
                        owner.map(o -> " (experiment " + o.expId() + ", run " + o.runId() + ", pid " + o.pid() + ")")
                                .orElse(" (no owner record)"),
                        entry.getValue());
            }
        }
        return removed;
    }
}
