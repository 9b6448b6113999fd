package nepi.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;

/**
 * RMs deployed together. With {@code waitAllReady}, none of them starts before all of them
 * are READY; the group counts those not yet ready instead of scanning them all on every
 * state change.
 */
final class DeploymentGroup {

    private final int id;
    private final boolean waitAllReady;
    /**
     * The RMs themselves, so that the launch starts them without looking 10,000 guids up again; a list
     * rather than a map by guid, since it changes only as RMs join (all under this group's lock) and is read
     * once, by the launch. Guarded by {@code this}.
     */
    private final List<ResourceManager> members;

    private final Set<Integer> notReady;
    /** The size of {@link #notReady}, kept apart: a concurrent set's size sums its counter cells on every call. */
    private final AtomicInteger notReadyCount = new AtomicInteger();

    private final AtomicBoolean launched = new AtomicBoolean();

    /**
     * @param expected how many members it will have at first: the sets are sized for them rather than
     *     grown (and rehashed) a dozen times while 10,000 RMs join
     */
    DeploymentGroup(int id, boolean waitAllReady, int expected) {
        this.id = id;
        this.waitAllReady = waitAllReady;
        this.members = new ArrayList<>(expected);
        this.notReady = ConcurrentHashMap.newKeySet(expected);
    }

    int id() {
        return id;
    }

    boolean waitAllReady() {
        return waitAllReady;
    }

    /** The members' guids. */
    synchronized Set<Integer> members() {
        Set<Integer> guids = new HashSet<>();
        for (ResourceManager rm : members) {
            guids.add(rm.getGuid());
        }
        return guids;
    }

    /**
     * Adds members, each with its group set to this one. Atomic with {@link #claimLaunch()}, so that every
     * member is started exactly once: by the launch when it joined before, by the caller when it joined after.
     *
     * @return the members that joined once the group was launched already: the caller starts them itself
     */
    synchronized List<ResourceManager> addAll(List<ResourceManager> rms) {
        boolean late = launched.get();
        for (ResourceManager rm : rms) {
            if (rm.getDeploymentGroup() == id) {
                continue; // deployed in this group again: a member already
            }
            if (!rm.getState().isAtLeast(ResourceState.READY) && notReady.add(rm.getGuid())) {
                notReadyCount.incrementAndGet();
            }
            members.add(rm);
            rm.joinDeploymentGroup(id);
        }
        return late ? rms : List.of();
    }

    /** Records that a member is ready; true when that makes the whole group ready. */
    boolean memberReady(int guid) {
        return notReady.remove(guid) && notReadyCount.decrementAndGet() == 0;
    }

    synchronized void forget(int guid) {
        members.removeIf(rm -> rm.getGuid() == guid);
        if (notReady.remove(guid)) {
            notReadyCount.decrementAndGet();
        }
    }

    boolean allReady() {
        return notReadyCount.get() == 0;
    }

    boolean launched() {
        return launched.get();
    }

    /**
     * The members to start, exactly once: for the caller that must launch the group; empty for
     * every later caller. Members added afterwards are started by whoever adds them.
     */
    synchronized Optional<List<ResourceManager>> claimLaunch() {
        return launched.compareAndSet(false, true) ? Optional.of(List.copyOf(members)) : Optional.empty();
    }
}
