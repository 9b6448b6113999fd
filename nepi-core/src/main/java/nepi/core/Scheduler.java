package nepi.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import nepi.core.resource.ResourceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EC's time-ordered task queue and worker pool. Tasks run in order of due instant,
 * then arrival, each as soon as a worker is free; a failing task is recorded on the task
 * and never stops the pool.
 *
 * <p>Why not a {@code ScheduledThreadPoolExecutor}: most tasks are due at once (deploy,
 * start and release steps, and RMs written the NEPI way that reschedule themselves with
 * {@code "0s"} until what they wait for is READY), and its binary heap made each of them
 * pay O(log n) comparisons under the queue lock and a wake-up of the next waiting worker
 * per task taken. Here a task due at once goes to the end of a FIFO, which is already in
 * (due, arrival) order since both are taken under the lock; only delayed tasks go to a
 * heap. A worker takes whichever head comes first, so the order is the same as one heap's.
 * The pool of workers starts with the scheduler; idle workers park until a task is queued.
 */
final class Scheduler {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final String name;
    private final int threads;
    private final Instant origin = Instant.now();
    private final long originNanos = System.nanoTime();
    private final ReentrantLock lock = new ReentrantLock();
    /** Tasks due at once, in (due, arrival) order. Guarded by {@link #lock}. */
    private final ArrayDeque<Task> due = new ArrayDeque<>();
    /** Tasks with a delay, earliest (due, arrival) first. Guarded by {@link #lock}. */
    private final PriorityQueue<Task> delayed = new PriorityQueue<>((a, b) -> a.before(b) ? -1 : 1);
    /** Guarded by {@link #lock}. */
    private final List<Thread> workers = new ArrayList<>();
    /**
     * Workers parked for want of a task and not yet woken, the last one to park on top (its
     * caches are the warmest). A worker is woken for exactly one queued task, so a burst of
     * tasks wakes as many workers as it needs and no more. Guarded by {@link #lock}.
     */
    private final ArrayDeque<IdleWorker> idle = new ArrayDeque<>();

    private long lastId;
    private volatile boolean shutdown;

    /** A parked worker; {@code woken} is set (under the lock) by whoever hands it work. */
    private static final class IdleWorker {
        final Thread thread = Thread.currentThread();
        volatile boolean woken;
    }

    Scheduler(String name, int threads) {
        this.name = name;
        this.threads = threads;
        // The pool starts with the controller, as NEPI's does: the first deploy then pays no thread start-up
        // (about 0.1 s of a fresh JVM's 10,000-RM deploy); idle workers park.
        List<Thread> starting = new ArrayList<>();
        lock.lock();
        try {
            for (int i = 0; i < threads; i++) {
                Thread t = claimWorker();
                if (t != null) {
                    starting.add(t);
                }
            }
        } finally {
            lock.unlock();
        }
        starting.forEach(Scheduler::setGoing);
    }

    /**
     * Queues {@code work} (a {@link Runnable} or a {@link java.util.concurrent.Callable}) to run after {@code delay}.
     *
     * @throws IllegalStateException once the scheduler is shut down
     */
    Task schedule(Duration delay, Object work) {
        long wait = delay.isNegative() ? 0 : delay.toNanos();
        Thread claimed;
        Task task;
        lock.lock();
        try {
            checkOpen();
            task = enqueue(wait, work);
            claimed = claimWorker();
        } finally {
            lock.unlock();
        }
        if (claimed != null) {
            setGoing(claimed);
        }
        return task;
    }

    /**
     * Queues every work of {@code works} to run at once, in their order: the same as
     * scheduling them one by one, with one lock acquisition for all.
     *
     * @throws IllegalStateException once the scheduler is shut down
     */
    void scheduleAll(Collection<? extends Runnable> works) {
        List<Thread> claimed = new ArrayList<>();
        lock.lock();
        try {
            checkOpen();
            for (Runnable work : works) {
                enqueue(0, work);
                if (claimed.size() < threads) {
                    Thread t = claimWorker();
                    if (t != null) {
                        claimed.add(t);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        for (Thread t : claimed) {
            setGoing(t);
        }
    }

    private void checkOpen() {
        if (shutdown) {
            throw new IllegalStateException("the experiment controller is shut down; it runs no more tasks");
        }
    }

    /** Under the lock: a task due {@code wait} nanos from now, queued. */
    private Task enqueue(long wait, Object work) {
        long now = System.nanoTime();
        Task task = new Task(++lastId, now + wait, work, origin, originNanos);
        if (wait == 0) {
            due.addLast(task);
        } else {
            delayed.add(task);
        }
        return task;
    }

    /**
     * Under the lock, for a task just queued: an idle worker for it (marked woken), else a new one while the
     * pool is not full; else null, and the task waits for a busy worker to come back. The caller hands the
     * worker to {@link #setGoing} once the lock is released: an unpark is a system call, and made under the
     * lock it kept 20 workers waiting for it.
     */
    private Thread claimWorker() {
        IdleWorker sleeper = idle.pollFirst();
        if (sleeper != null) {
            sleeper.woken = true;
            return sleeper.thread;
        }
        if (workers.size() < threads) {
            Thread t = new Thread(this::work, name + "-worker-" + (workers.size() + 1));
            t.setDaemon(true);
            workers.add(t);
            return t;
        }
        return null;
    }

    /** Starts a worker {@link #claimWorker} created, or unparks the idle one it claimed. */
    private static void setGoing(Thread worker) {
        if (worker.getState() == Thread.State.NEW) {
            worker.start();
        } else {
            LockSupport.unpark(worker);
        }
    }

    private void work() {
        while (true) {
            Task task = next();
            if (task == null) {
                return;
            }
            try {
                runLogged(task);
            } catch (VirtualMachineError e) {
                LOG.error("task {} failed", task.getId(), e);
            }
            if (!shutdown) {
                // A task that interrupted its own thread must not stop the next one's waits.
                Thread.interrupted();
            }
        }
    }

    /** The next task to run, parking until there is one; null once shut down. */
    private Task next() {
        lock.lock();
        try {
            while (!shutdown) {
                Task first = due.peekFirst();
                Task later = delayed.peek();
                long now = later == null ? 0 : System.nanoTime();
                if (later != null && later.dueNanos() - now <= 0 && (first == null || later.before(first))) {
                    return delayed.poll();
                }
                if (first != null) {
                    return due.pollFirst();
                }
                IdleWorker me = new IdleWorker();
                idle.addFirst(me);
                lock.unlock();
                try {
                    park(me, later == null ? 0 : later.dueNanos());
                } finally {
                    lock.lock();
                }
                if (!me.woken) {
                    // Timed out for a delayed task (or shutdown): nobody took it off the list.
                    idle.remove(me);
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Parks until woken, shut down, or {@code deadline} (nano clock; 0: none) passed. */
    private void park(IdleWorker me, long deadline) {
        while (!me.woken && !shutdown) {
            // An interrupt left on an idle worker would make every park return at once.
            Thread.interrupted();
            if (deadline == 0) {
                LockSupport.park(this);
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, left);
            }
        }
    }

    private static void runLogged(Task task) {
        task.run();
        if (task.getStatus() == TaskStatus.ERROR) {
            Throwable error = task.getError();
            if (error instanceof ResourceException) {
                LOG.warn("task {} failed: {}", task.getId(), error.getMessage());
            } else {
                LOG.error("task {} failed", task.getId(), error);
            }
        }
    }

    /** Drops every task not yet started. */
    void dropPending() {
        lock.lock();
        try {
            due.clear();
            delayed.clear();
        } finally {
            lock.unlock();
        }
    }

    boolean isShutdown() {
        return shutdown;
    }

    /**
     * Stops accepting tasks and drops the queued ones, lets running ones finish for up to
     * {@code grace}, then interrupts them.
     */
    void shutdown(Duration grace) {
        List<Thread> started;
        lock.lock();
        try {
            shutdown = true;
            due.clear();
            delayed.clear();
            for (IdleWorker sleeper : idle) {
                LockSupport.unpark(sleeper.thread);
            }
            started = List.copyOf(workers);
        } finally {
            lock.unlock();
        }
        try {
            if (!joinAll(started, grace)) {
                LOG.warn("tasks still running after {}; interrupting them", grace);
                started.forEach(Thread::interrupt);
                joinAll(started, grace);
            }
        } catch (InterruptedException e) {
            started.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
        }
    }

    /** Whether every thread (but the calling one, when it is a worker) ended within {@code grace}. */
    private static boolean joinAll(List<Thread> threads, Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread t : threads) {
            if (t == Thread.currentThread()) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** The pool size: {@code NEPI_NTHREADS}, else the {@code nepi.nthreads} property, else 20. */
    static int configuredThreads() {
        String fromEnv = System.getenv("NEPI_NTHREADS");
        String fromProperty = System.getProperty("nepi.nthreads");
        String text = fromEnv != null ? fromEnv : fromProperty;
        String source = fromEnv != null ? "NEPI_NTHREADS" : "nepi.nthreads";
        if (text == null || text.isBlank()) {
            return 20;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(source + "=" + text + " is not a positive whole number of worker threads");
    }
}
