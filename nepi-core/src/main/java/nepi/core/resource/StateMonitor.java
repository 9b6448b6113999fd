package nepi.core.resource;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
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
     * Each RM's deferred steps are a queue on the RM ({@link ResourceManager#onNextChange}), swapped out
     * by the change that runs them. Queues rather than lists: a hundred applications deferring on one
     * node from 20 workers add without a lock; a step added after the queue was taken is run by
     * {@link #register}'s own re-check of the state, so none is lost.
     */
    private static final VarHandle ON_NEXT_CHANGE;

    static {
        try {
            ON_NEXT_CHANGE = MethodHandles.lookup().findVarHandle(ResourceManager.class, "onNextChange", Queue.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Bumped by {@link #dropDeferredSteps()}: a deferred step registered before the bump is stale and is not
     * run (the queues live on the RMs, so they are not cleared one by one).
     */
    private volatile int epoch;

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
    void stateChanged(ResourceManager rm, ResourceState from, ResourceState to, Instant at) {
        for (StateListener listener : listeners) { // an array: no iterator
            try {
                listener.stateChanged(rm, from, to, at);
            } catch (RuntimeException e) {
                LOG.error("state listener {} failed on {} {} -> {}", listener, rm, from, to, e);
            }
        }
        int guid = rm.getGuid();
        for (Waiter waiter : waiters) { // an array: no iterator
            waiter.changed(guid, to);
        }
        @SuppressWarnings("unchecked")
        Queue<Runnable> woken = (Queue<Runnable>) ON_NEXT_CHANGE.getAndSet(rm, (Queue<Runnable>) null);
        if (woken != null) {
            resume(woken, epoch);
        }
    }

    /**
     * Runs the watchers' actions, and schedules the resumed steps in one batch per
     * context, in their order (all of them are due at once).
     */
    private static void resume(Queue<Runnable> woken, int epoch) {
        ResourceContext batchContext = null;
        List<Runnable> batch = null;
        for (Runnable action : woken) {
            try {
                if (action instanceof Once once) {
                    if (once.epoch == epoch) {
                        once.run();
                    }
                } else if (!(action instanceof Resumption resumption) || resumption.epoch != epoch) {
                    continue;
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
        final int epoch;

        Resumption(ResourceContext ec, Runnable step, int epoch) {
            this.ec = ec;
            this.step = step;
            this.epoch = epoch;
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
        register(rm, seen, new Resumption(ec, step, epoch));
    }

    /**
     * Runs {@code action} once, as soon as {@code rm} is no longer in state {@code seen}
     * (at once if it already left it).
     */
    void watch(ResourceManager rm, ResourceState seen, Runnable action) {
        register(rm, seen, new Once(action, epoch));
    }

    /** An action run at most once, dropped with the deferred steps of its epoch. */
    private static final class Once extends AtomicBoolean implements Runnable {
        final transient Runnable action;
        final int epoch;

        Once(Runnable action, int epoch) {
            this.action = action;
            this.epoch = epoch;
        }

        @Override
        public void run() {
            if (compareAndSet(false, true)) {
                action.run();
            }
        }
    }

    /** Queues {@code once} (which runs its action at most once) on {@code rm}'s next change, or runs it now. */
    private void register(ResourceManager rm, ResourceState seen, Runnable once) {
        while (true) {
            @SuppressWarnings("unchecked")
            Queue<Runnable> queue = (Queue<Runnable>) ON_NEXT_CHANGE.getVolatile(rm);
            if (queue == null) {
                Queue<Runnable> fresh = new ConcurrentLinkedQueue<>();
                if (!ON_NEXT_CHANGE.compareAndSet(rm, (Queue<Runnable>) null, fresh)) {
                    continue;
                }
                queue = fresh;
            }
            queue.add(once);
            if (rm.getState() != seen) {
                once.run();
                return;
            }
            if (ON_NEXT_CHANGE.getVolatile(rm) == queue) {
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
        synchronized (this) {
            epoch++;
        }
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
            ResourceManager[] members = waiter.members;
            for (int i = 0; i < members.length; i++) {
                if (members[i].getState().isAtLeast(state)) {
                    waiter.reachedMember(i);
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
        /** The RMs waited for, as given. */
        final ResourceManager[] members;
        /** Their guids, sorted and without duplicates. */
        final int[] guids;
        /** Whether {@code guids[i]} is {@code members[i]}'s guid (they came sorted, as the experiment lists them). */
        final boolean aligned;
        /** {@code slots[guid - guids[0]]} is the guid's index in {@link #guids} (-1: not waited for); null when sparse. */
        final int[] slots;
        /** 1 at the index of each guid that reached the target. */
        final AtomicIntegerArray arrived;

        final AtomicInteger remaining;

        Waiter(ResourceState target, Collection<? extends ResourceManager> rms) {
            this.target = target;
            this.members = rms.toArray(new ResourceManager[0]);
            int n = members.length;
            int[] all = new int[n];
            boolean ascending = true;
            for (int i = 0; i < n; i++) {
                all[i] = members[i].getGuid();
                ascending &= i == 0 || all[i - 1] < all[i];
            }
            // The experiment's own lists come in guid order: then no sort, and the members' indexes are the guids'.
            int unique = n;
            if (!ascending) {
                Arrays.sort(all);
                unique = 0;
                for (int i = 0; i < n; i++) {
                    if (unique == 0 || all[unique - 1] != all[i]) {
                        all[unique++] = all[i];
                    }
                }
            }
            this.aligned = ascending;
            this.guids = unique == all.length ? all : Arrays.copyOf(all, unique);
            this.arrived = new AtomicIntegerArray(guids.length);
            this.remaining = new AtomicInteger(guids.length);
            // Every change of the experiment asks whether its RM is waited for: an index by guid answers at once
            // when the guids are dense (a wait for all RMs, or for their applications), a binary search otherwise.
            int span = guids.length == 0 ? 0 : guids[guids.length - 1] - guids[0] + 1;
            if (guids.length > 0 && span <= 4 * guids.length) {
                slots = new int[span];
                Arrays.fill(slots, -1);
                for (int i = 0; i < guids.length; i++) {
                    slots[guids[i] - guids[0]] = i;
                }
            } else {
                slots = null;
            }
        }

        /** Records that {@code members[i]} reached the target. */
        void reachedMember(int i) {
            boolean last = aligned
                    ? arrived.compareAndSet(i, 0, 1) && remaining.decrementAndGet() == 0
                    : reached(members[i].getGuid());
            if (last) {
                signal();
            }
        }

        void changed(int guid, ResourceState to) {
            if (to.isAtLeast(target) && reached(guid)) {
                signal();
            }
        }

        /** Records that {@code guid} reached the target; true when that was the last one awaited. */
        boolean reached(int guid) {
            int i = indexOf(guid);
            return i >= 0 && arrived.compareAndSet(i, 0, 1) && remaining.decrementAndGet() == 0;
        }

        /** The index of {@code guid} in {@link #guids}, or a negative number when it is not waited for. */
        int indexOf(int guid) {
            if (slots == null) {
                return Arrays.binarySearch(guids, guid);
            }
            int offset = guid - guids[0];
            return offset >= 0 && offset < slots.length ? slots[offset] : -1;
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
