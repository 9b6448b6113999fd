package nepi.core.resource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
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

    /*
     * Copy-on-write arrays rather than CopyOnWriteArrayLists: every state change walks both, and an
     * indexed walk of an array allocates no iterator. Changed under this monitor's lock.
     */
    private volatile StateListener[] listeners = new StateListener[0];
    private volatile Waiter[] waiters = new Waiter[0];
    /**
     * Deferred steps by the guid they wait on. Queues rather than lists changed inside
     * {@code compute}: a hundred applications deferring on one node from 20 workers would all
     * lock that map bin; a step added after the queue was taken is run by {@link #watch}'s
     * own re-check of the state, so none is lost.
     */
    private final ConcurrentHashMap<Integer, Queue<Runnable>> watchers = new ConcurrentHashMap<>();

    /** Adds a listener told of every state change. */
    public void addListener(StateListener listener) {
        synchronized (this) {
            listeners = added(listeners, listener);
        }
    }

    /** Removes a listener added with {@link #addListener}. */
    public void removeListener(StateListener listener) {
        synchronized (this) {
            listeners = removed(listeners, listener);
        }
    }

    /**
     * Listeners first, so that what they decide (the EC aborting on a critical failure) is
     * in place when the waiting threads and deferred steps wake up.
     */
    void stateChanged(StateChange change) {
        for (StateListener listener : listeners) { // an array: no iterator
            try {
                listener.stateChanged(change);
            } catch (RuntimeException e) {
                LOG.error("state listener {} failed on {}", listener, change, e);
            }
        }
        for (Waiter waiter : waiters) { // an array: no iterator
            waiter.changed(change.guid(), change.to());
        }
        Queue<Runnable> woken = watchers.remove(change.guid());
        if (woken != null) {
            resume(woken);
        }
    }

    /**
     * Runs the watchers' actions, and schedules the resumed steps in one batch per
     * context, in their order (all of them are due at once).
     */
    private static void resume(Queue<Runnable> woken) {
        ResourceContext batchContext = null;
        List<Runnable> batch = null;
        for (Runnable action : woken) {
            try {
                if (!(action instanceof Resumption resumption)) {
                    action.run();
                } else if (resumption.claim()) {
                    if (batch != null && resumption.ec != batchContext) {
                        batchContext.scheduleNow(batch);
                        batch = null;
                    }
                    if (batch == null) {
                        batch = new ArrayList<>();
                        batchContext = resumption.ec;
                    }
                    batch.add(resumption.step);
                }
            } catch (IllegalStateException e) {
                LOG.debug("deferred step not resumed: {}", e.getMessage());
            }
        }
        if (batch != null) {
            try {
                batchContext.scheduleNow(batch);
            } catch (IllegalStateException e) {
                LOG.debug("deferred steps not resumed: {}", e.getMessage());
            }
        }
    }

    /**
     * A step to schedule on {@code ec} once an RM leaves a state: one object per deferred
     * step (it is its own run-once flag), where a lambda, its flag and a scheduling lambda
     * were three.
     */
    private static final class Resumption extends AtomicBoolean implements Runnable {
        final transient ResourceContext ec;
        final transient Runnable step;

        Resumption(ResourceContext ec, Runnable step) {
            this.ec = ec;
            this.step = step;
        }

        /** True for the one caller that gets to schedule the step. */
        boolean claim() {
            return compareAndSet(false, true);
        }

        @Override
        public void run() {
            if (claim()) {
                ec.schedule(Duration.ZERO, step);
            }
        }
    }

    /**
     * Schedules {@code step} on {@code ec} (due at once) as soon as {@code rm} is no longer in
     * state {@code seen}, or at once if it already left it. The steps resumed by one change
     * are queued in one batch.
     */
    void resumeWhenLeft(ResourceManager rm, ResourceState seen, ResourceContext ec, Runnable step) {
        register(rm, seen, new Resumption(ec, step));
    }

    /**
     * Runs {@code action} once, as soon as {@code rm} is no longer in state {@code seen}
     * (at once if it already left it).
     */
    void watch(ResourceManager rm, ResourceState seen, Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        register(rm, seen, () -> {
            if (done.compareAndSet(false, true)) {
                action.run();
            }
        });
    }

    /** Queues {@code once} (which runs its action at most once) on {@code rm}'s next change, or runs it now. */
    private void register(ResourceManager rm, ResourceState seen, Runnable once) {
        Integer guid = rm.getGuid();
        while (true) {
            // Not computeIfAbsent with a lambda: see ResourceManager.Step.
            Queue<Runnable> queue = watchers.get(guid);
            if (queue == null) {
                Queue<Runnable> fresh = new ConcurrentLinkedQueue<>();
                queue = watchers.putIfAbsent(guid, fresh);
                if (queue == null) {
                    queue = fresh;
                }
            }
            queue.add(once);
            if (rm.getState() != seen) {
                once.run();
                return;
            }
            if (watchers.get(guid) == queue) {
                return;
            }
            // The change into `seen` removed this queue and may have walked it already: a step added
            // after that walk would be run by nobody, so it goes into the queue of the next change.
        }
    }

    private static <T> T[] added(T[] array, T element) {
        T[] copy = Arrays.copyOf(array, array.length + 1);
        copy[array.length] = element;
        return copy;
    }

    /** {@code array} without its first element equal to {@code element} (the same array when none is). */
    private static <T> T[] removed(T[] array, T element) {
        for (int i = 0; i < array.length; i++) {
            if (element.equals(array[i])) {
                T[] copy = Arrays.copyOf(array, array.length - 1);
                System.arraycopy(array, i + 1, copy, i, array.length - i - 1);
                return copy;
            }
        }
        return array;
    }

    /** Forgets every deferred step: after an abort, pending work must not resume. */
    public void dropDeferredSteps() {
        watchers.clear();
    }

    /** Makes every waiting thread re-check whether it should give up (after an abort). */
    public void wakeAll() {
        for (Waiter waiter : waiters) {
            waiter.signal();
        }
    }

    /**
     * Blocks until every RM of {@code rms} has reached at least {@code state}.
     *
     * @param timeout how long at most; null for no limit
     * @param quit checked on every wake-up; when true, waiting stops
     * @return true when every RM reached the state, false on time-out or quit
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean await(
            Collection<? extends ResourceManager> rms, ResourceState state, Duration timeout, BooleanSupplier quit)
            throws InterruptedException {
        Waiter waiter = new Waiter(state, rms);
        synchronized (this) {
            waiters = added(waiters, waiter);
        }
        try {
            for (ResourceManager rm : rms) {
                if (rm.getState().isAtLeast(state)) {
                    waiter.reached(rm.getGuid());
                }
            }
            return waiter.await(timeout, quit);
        } finally {
            synchronized (this) {
                waiters = removed(waiters, waiter);
            }
        }
    }

    /**
     * One waiting thread. The guids it waits for are a sorted array with a flag each, and a
     * count of those not there yet: told of every state change of the experiment, it must
     * answer with a binary search and a flag, not hash sets of thousands of boxed guids.
     */
    private static final class Waiter {
        final ResourceState target;
        final int[] guids;
        /** 1 at the index of each guid that reached the target. */
        final AtomicIntegerArray arrived;

        final AtomicInteger remaining;

        Waiter(ResourceState target, Collection<? extends ResourceManager> rms) {
            this.target = target;
            int[] all = new int[rms.size()];
            int n = 0;
            for (ResourceManager rm : rms) {
                all[n++] = rm.getGuid();
            }
            Arrays.sort(all, 0, n);
            int unique = 0;
            for (int i = 0; i < n; i++) {
                if (unique == 0 || all[unique - 1] != all[i]) {
                    all[unique++] = all[i];
                }
            }
            this.guids = unique == all.length ? all : Arrays.copyOf(all, unique);
            this.arrived = new AtomicIntegerArray(guids.length);
            this.remaining = new AtomicInteger(guids.length);
        }

        void changed(int guid, ResourceState to) {
            if (to.isAtLeast(target) && reached(guid)) {
                signal();
            }
        }

        /** Records that {@code guid} reached the target; true when that was the last one awaited. */
        boolean reached(int guid) {
            int i = Arrays.binarySearch(guids, guid);
            return i >= 0 && arrived.compareAndSet(i, 0, 1) && remaining.decrementAndGet() == 0;
        }

        /*
         * The object's monitor rather than a ReentrantLock's condition: the first await of a JVM
         * on such a condition initialises the ForkJoinPool classes (it checks for a pool's
         * worker), a dozen classes loaded during a script's first wait.
         */
        synchronized void signal() {
            notifyAll();
        }

        synchronized boolean await(Duration timeout, BooleanSupplier quit) throws InterruptedException {
            long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
            while (remaining.get() > 0) {
                if (quit.getAsBoolean()) {
                    return false;
                }
                if (timeout == null) {
                    wait();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
            return true;
        }
    }
}
