package nepi.core.resource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The place where the RMs of one experiment report their state changes. It tells
 * listeners, wakes the threads waiting for states, and re-runs steps that were deferred
 * until another RM changed state, so that nothing in NEPI polls.
 *
 * <p>Each experiment controller owns one; RMs report to it, the EC waits on it.
 */
public final class StateMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(StateMonitor.class);

    private final List<StateListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<Integer, List<Runnable>> watchers = new ConcurrentHashMap<>();

    /** Adds a listener told of every state change. */
    public void addListener(StateListener listener) {
        listeners.add(listener);
    }

    /** Removes a listener added with {@link #addListener}. */
    public void removeListener(StateListener listener) {
        listeners.remove(listener);
    }

    /**
     * Listeners first, so that what they decide (the EC aborting on a critical failure) is
     * in place when the waiting threads and deferred steps wake up.
     */
    void stateChanged(StateChange change) {
        for (StateListener listener : listeners) {
            try {
                listener.stateChanged(change);
            } catch (RuntimeException e) {
                LOG.error("state listener {} failed on {}", listener, change, e);
            }
        }
        for (Waiter waiter : waiters) {
            waiter.changed(change.guid(), change.to());
        }
        List<Runnable> woken = watchers.remove(change.guid());
        if (woken != null) {
            for (Runnable step : woken) {
                try {
                    step.run();
                } catch (IllegalStateException e) {
                    LOG.debug("deferred step not resumed: {}", e.getMessage());
                }
            }
        }
    }

    /**
     * Runs {@code action} once, as soon as {@code rm} is no longer in state {@code seen}
     * (at once if it already left it).
     */
    void watch(ResourceManager rm, ResourceState seen, Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        Runnable once = () -> {
            if (done.compareAndSet(false, true)) {
                action.run();
            }
        };
        watchers.compute(rm.getGuid(), (guid, list) -> {
            List<Runnable> l = list == null ? new ArrayList<>(2) : list;
            l.add(once);
            return l;
        });
        if (rm.getState() != seen) {
            once.run();
        }
    }

    /** Forgets every deferred step: after an abort, pending work must not resume. */
    public void dropDeferredSteps() {
        watchers.clear();
    }

    /** Makes every waiting thread re-check whether it should give up (after an abort). */
    public void wakeAll() {
        waiters.forEach(Waiter::signal);
    }

    /**
     * Blocks until every RM of {@code rms} has reached at least {@code state}.
     *
     * @param timeout how long at most; null for no limit
     * @param quit checked on every wake-up; when true, waiting stops
     * @return true when every RM reached the state, false on time-out or quit
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean await(Collection<? extends ResourceManager> rms, ResourceState state, Duration timeout,
                         BooleanSupplier quit) throws InterruptedException {
        Waiter waiter = new Waiter(state);
        for (ResourceManager rm : rms) {
            waiter.remaining.add(rm.getGuid());
        }
        waiters.add(waiter);
        try {
            for (ResourceManager rm : rms) {
                if (rm.getState().isAtLeast(state)) {
                    waiter.remaining.remove(rm.getGuid());
                }
            }
            return waiter.await(timeout, quit);
        } finally {
            waiters.remove(waiter);
        }
    }

    private static final class Waiter {
        final Set<Integer> remaining = ConcurrentHashMap.newKeySet();
        final ResourceState target;
        final ReentrantLock lock = new ReentrantLock();
        final Condition progress = lock.newCondition();

        Waiter(ResourceState target) {
            this.target = target;
        }

        void changed(int guid, ResourceState to) {
            if (to.isAtLeast(target) && remaining.remove(guid) && remaining.isEmpty()) {
                signal();
            }
        }

        void signal() {
            lock.lock();
            try {
                progress.signalAll();
            } finally {
                lock.unlock();
            }
        }

        boolean await(Duration timeout, BooleanSupplier quit) throws InterruptedException {
            long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
            lock.lockInterruptibly();
            try {
                while (!remaining.isEmpty()) {
                    if (quit.getAsBoolean()) {
                        return false;
                    }
                    if (timeout == null) {
                        progress.await();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return false;
                        }
                        progress.awaitNanos(left);
                    }
                }
                return true;
            } finally {
                lock.unlock();
            }
        }
    }
}
