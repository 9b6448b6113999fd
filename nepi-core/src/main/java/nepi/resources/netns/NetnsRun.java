package nepi.resources.netns;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import nepi.core.resource.ResourceContext;

/**
 * What one experiment controller's run has created in the kernel: its {@link RunTag}, the
 * namespaces that carry it, and the {@link OwnerRecord} that says they are alive. The first
 * netns resource of an EC to deploy checks privileges and removes what crashed runs left.
 */
final class NetnsRun {

    /** One per EC; weak, so that a forgotten EC does not stay in memory because of this map. */
    private static final Map<ResourceContext, NetnsRun> RUNS = new WeakHashMap<>();

    private final RunTag tag;
    private final OwnerRecord owner;
    private final Set<String> live = new HashSet<>();
    private boolean recorded;

    private NetnsRun(RunTag tag, OwnerRecord owner) {
        this.tag = tag;
        this.owner = owner;
    }

    /**
     * The run of {@code ec}, started on first use: that checks privileges and removes the
     * leftovers of runs whose owner died.
     *
     * @throws IllegalStateException without root (CAP_NET_ADMIN), saying so
     */
    static NetnsRun of(ResourceContext ec) throws IOException {
        synchronized (RUNS) {
            NetnsRun run = RUNS.get(ec);
            if (run == null) {
                Privileges.require();
                LeftoverSweep.removeDeadRuns();
                run = new NetnsRun(unusedTag(), OwnerRecord.current(ec.getExpId(), ec.getRunId()));
                RUNS.put(ec, run);
            }
            return run;
        }
    }

    private static RunTag unusedTag() throws IOException {
        Set<String> names = new HashSet<>(NetworkNamespace.list());
        while (true) {
            RunTag candidate = RunTag.random();
            boolean used = OwnerRecord.recordedTags().contains(candidate)
                    || names.stream().anyMatch(n -> n.startsWith(candidate.prefix()));
            if (!used) {
                return candidate;
            }
        }
    }

    /** The tag of this run's names. */
    RunTag tag() {
        return tag;
    }

    /**
     * Records that {@code namespace} is about to be created by this run: the owner record is
     * written first, so that another run sweeping leftovers never takes it for one.
     */
    synchronized NetworkNamespace claim(String namespace) throws IOException {
        if (!recorded) {
            owner.write(tag);
            recorded = true;
        }
        live.add(namespace);
        return new NetworkNamespace(namespace);
    }

    /** Deletes a namespace this run claimed; the owner record goes with the last one. */
    void remove(NetworkNamespace namespace) throws IOException {
        namespace.delete();
        synchronized (this) {
            live.remove(namespace.name());
            if (live.isEmpty() && recorded) {
                OwnerRecord.delete(tag);
                recorded = false;
            }
        }
    }
}
