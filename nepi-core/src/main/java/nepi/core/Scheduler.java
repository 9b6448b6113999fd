package nepi.core;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nepi.core.resource.ResourceException;

/**
 * The EC's time-ordered task queue and worker pool. Tasks run in order of due instant,
 * then arrival; a failing task is recorded on the task and never stops the pool. Built on
 * {@link ScheduledThreadPoolExecutor}, whose delay queue is exactly that ordering.
 */
final class Scheduler {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final ScheduledThreadPoolExecutor executor;
    private final AtomicLong ids = new AtomicLong();

    Scheduler(String name, int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread t = new Thread(runnable, name + "-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        executor = new ScheduledThreadPoolExecutor(threads, factory);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    /**
     * Queues {@code work} to run after {@code delay}.
     *
     * @throws IllegalStateException once the scheduler is shut down
     */
    Task schedule(Duration delay, Callable<?> work) {
        Duration wait = delay.isNegative() ? Duration.ZERO : delay;
        Task task = new Task(ids.incrementAndGet(), Instant.now().plus(wait), work);
        try {
            executor.schedule(() -> runLogged(task), wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the experiment controller is shut down; it runs no more tasks");
        }
        return task;
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
        executor.getQueue().clear();
    }

    boolean isShutdown() {
        return executor.isShutdown();
    }

    /** Stops accepting tasks, lets running ones finish for up to {@code grace}, then interrupts them. */
    void shutdown(Duration grace) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("tasks still running after {}; interrupting them", grace);
                executor.shutdownNow();
                executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
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
