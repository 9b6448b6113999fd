package nepi.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * RMs deployed together. With {@code waitAllReady}, none of them starts before all of them
 * are READY; the group counts those not yet ready instead of scanning them all on every
 * state change.
 */
final class DeploymentGroup {

    private final int id;
    private final boolean waitAllReady;
    private final Set<Integer> members = ConcurrentHashMap.newKeySet();
    private final Set<Integer> notReady = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean launched = new AtomicBoolean();

    DeploymentGroup(int id, boolean waitAllReady) {
        this.id = id;
        this.waitAllReady = waitAllReady;
    }

    int id() {
        return id;
    }

    boolean waitAllReady() {
        return waitAllReady;
    }

    Set<Integer> members() {
        return members;
    }

    void add(int guid, boolean ready) {
        if (!ready) {
            notReady.add(guid);
        }
        members.add(guid);
    }

    /** Records that a member is ready; true when that makes the whole group ready. */
    boolean memberReady(int guid) {
        return notReady.remove(guid) && notReady.isEmpty();
    }

    void forget(int guid) {
        members.remove(guid);
        notReady.remove(guid);
    }

    boolean allReady() {
        return notReady.isEmpty();
    }

    boolean launched() {
        return launched.get();
    }

    /** True exactly once: for the caller that must start the group. */
    boolean claimLaunch() {
        return launched.compareAndSet(false, true);
    }
}
