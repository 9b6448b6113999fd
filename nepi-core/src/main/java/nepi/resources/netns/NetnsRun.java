package nepi.resources.netns;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import nepi.core.resource.ResourceContext;

/**
 * What one experiment controller's run has created in the kernels of its hosts: its
 * {@link RunTag}, the namespaces that carry it on each host, and the {@link OwnerRecord} on
 * each host that says they are alive. The first netns resource of an EC to use a host checks
 * privileges there and removes what crashed runs left on it.
 */
final class NetnsRun {

    /** One per EC; weak, so that a forgotten EC does not stay in memory because of this map. */
    private static final Map<ResourceContext, NetnsRun> RUNS = new WeakHashMap<>();

    private final RunTag tag;
    private final OwnerRecord owner;
    /** Per host name: what the run has there. */
    private final Map<String, OnHost> hosts = new HashMap<>();

    /** The run's state on one host. */
    private static final class OnHost {
        final Set<String> live = new HashSet<>();
        boolean prepared;
        boolean recorded;
    }

    private NetnsRun(RunTag tag, OwnerRecord owner) {
        this.tag = tag;
        this.owner = owner;
    }

    /** The run of {@code ec}, started on first use. */
    static NetnsRun of(ResourceContext ec) throws IOException {
        synchronized (RUNS) {
            NetnsRun run = RUNS.get(ec);
            if (run == null) {
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
     * Checks, on first use of {@code host} by this run, that netns pieces can be built there and
     * removes what dead runs left there.
     *
     * @throws IllegalStateException without root on this machine, saying so
     */
    void prepare(NetHost host) throws IOException {
        OnHost state = state(host);
        synchronized (state) {
            if (state.prepared) {
                return;
            }
            if (host.isLocal()) {
                Privileges.require();
            }
            LeftoverSweep.removeDeadRuns(host);
            state.prepared = true;
        }
    }

    /**
     * Records that {@code namespace} is about to be created on {@code host} by this run: the
     * owner record is written there first, so that another run sweeping leftovers never takes
     * it for one.
     */
    NetworkNamespace claim(NetHost host, String namespace) throws IOException {
        prepare(host);
        OnHost state = state(host);
        synchronized (state) {
            if (!state.recorded) {
                host.writeRecord(tag, owner);
                state.recorded = true;
            }
            state.live.add(namespace);
        }
        return new NetworkNamespace(namespace);
    }

    /** Deletes a namespace this run claimed on {@code host}; the owner record goes with the last one. */
    void remove(NetHost host, NetworkNamespace namespace) throws IOException {
        host.deleteNamespace(namespace.name());
        OnHost state = state(host);
        synchronized (state) {
            state.live.remove(namespace.name());
            if (state.live.isEmpty() && state.recorded) {
                host.deleteRecordIfUnused(tag);
                state.recorded = false;
            }
        }
    }

    private OnHost state(NetHost host) {
        synchronized (hosts) {
            return hosts.computeIfAbsent(host.name(), h -> new OnHost());
        }
    }
}
