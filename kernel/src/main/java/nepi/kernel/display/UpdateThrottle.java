package nepi.kernel.display;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns a burst of change notices into at most one publication per interval: the first notice after a quiet
 * period schedules a publication as soon as the interval since the previous one allows; notices that arrive
 * before it runs ride along. Nothing runs while nothing changes (no polling). Publications run on one thread of
 * the throttle's own, never on the thread that reported the change (an EC worker must not wait for the notebook).
 */
public final class UpdateThrottle implements AutoCloseable {

    private static final Duration FINISH_LIMIT = Duration.ofSeconds(10);

    private final long intervalNanos;
    private final Runnable publish;
    private final ScheduledExecutorService thread;
    private ScheduledFuture<?> pending;
    private long lastPublished;
    private boolean publishedOnce;
    private boolean finished;
    private boolean publishing;
    private boolean changedWhilePublishing;

    /**
     * @param minInterval the least time between two publications (100 ms for 10 per second)
     * @param publish     what to run; called on the throttle's thread, one call at a time
     */
    public UpdateThrottle(Duration minInterval, Runnable publish) {
        this.intervalNanos = minInterval.toNanos();
        this.publish = publish;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "nepi-live-table");
            t.setDaemon(true);
            return t;
        });
    }

    /** Something changed: publish soon, but not sooner than the interval after the previous publication. */
    public synchronized void changed() {
        if (finished) {
            return;
        }
        if (publishing) {
            // Seen after the running publication read the states: one more publication must follow it.
            changedWhilePublishing = true;
            return;
        }
        if (pending == null) {
            pending = thread.schedule(this::runPending, delay(), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Publishes one last time (still respecting the interval), waits for it, and stops the throttle's thread.
     * Waits even when the calling thread is interrupted: the final state must be shown.
     */
    public void finish() {
        ScheduledFuture<?> last;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            if (pending != null) {
                pending.cancel(false);
            }
            last = thread.schedule(this::runFinal, delay(), TimeUnit.NANOSECONDS);
        }
        boolean interrupted = false;
        try {
            long deadline = System.nanoTime() + FINISH_LIMIT.toNanos();
            while (true) {
                try {
                    last.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | TimeoutException e) {
                    break;
                }
            }
        } finally {
            thread.shutdown();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Same as {@link #finish()}. */
    @Override
    public void close() {
        finish();
    }

    private synchronized long delay() {
        if (!publishedOnce) {
            return 0;
        }
        return Math.max(0, lastPublished + intervalNanos - System.nanoTime());
    }

    private void runPending() {
        synchronized (this) {
            pending = null;
            if (finished) {
                return;
            }
            publishing = true;
            changedWhilePublishing = false;
        }
        try {
            publish.run();
        } finally {
            synchronized (this) {
                publishing = false;
                markPublished();
                if (changedWhilePublishing && !finished) {
                    changedWhilePublishing = false;
                    pending = thread.schedule(this::runPending, delay(), TimeUnit.NANOSECONDS);
                }
            }
        }
    }

    private void runFinal() {
        try {
            // A publication that was running when finish() was called ended just now: keep the interval.
            long wait = delay();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            publish.run();
        } finally {
            synchronized (this) {
                markPublished();
            }
        }
    }

    /** The interval counts from the end of a publication (when the update was sent), whatever building it took. */
    private void markPublished() {
        lastPublished = System.nanoTime();
        publishedOnce = true;
    }
}
