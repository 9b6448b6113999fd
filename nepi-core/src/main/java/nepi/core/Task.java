package nepi.core;

import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * A unit of work scheduled on an experiment controller with {@code schedule}. When
 * tracked, it can be found again with {@link ExperimentController#getTask(long)} to read
 * its status and result.
 */
public final class Task {

    private final long id;
    /** When it is due, on the {@link System#nanoTime()} clock: the scheduler orders by this, then by id. */
    private final long dueNanos;
    /** A wall-clock instant and its {@link System#nanoTime()} reading, from which {@link #getDue()} is computed when asked. */
    private final Instant origin;

    private final long originNanos;
    /** A {@link Runnable} or a {@link Callable}: a Runnable is not wrapped, so a rescheduling step costs one object less. */
    private final Object work;

    private volatile TaskStatus status = TaskStatus.NEW;
    private volatile Object result;
    private volatile Throwable error;

    /**
     * @param work a {@link Runnable} or a {@link Callable}
     * @param origin a wall-clock instant read at {@code originNanos} on the nano clock
     */
    Task(long id, long dueNanos, Object work, Instant origin, long originNanos) {
        this.id = id;
        this.dueNanos = dueNanos;
        this.work = work;
        this.origin = origin;
        this.originNanos = originNanos;
    }

    public long getId() {
        return id;
    }

    /** When it was due to run. */
    public Instant getDue() {
        return origin.plusNanos(dueNanos - originNanos);
    }

    long dueNanos() {
        return dueNanos;
    }

    public TaskStatus getStatus() {
        return status;
    }

    /** What the work returned (null for a Runnable), or the error's message after ERROR. */
    public Object getResult() {
        return result;
    }

    /** What the work threw, or null. */
    public Throwable getError() {
        return error;
    }

    /** Whether this task runs before {@code other}: earlier due time, then earlier arrival. */
    boolean before(Task other) {
        return dueNanos != other.dueNanos ? dueNanos - other.dueNanos < 0 : id < other.id;
    }

    /** Runs the work, keeping its result or error; never throws but a {@link VirtualMachineError}. */
    void run() {
        try {
            if (work instanceof Runnable runnable) {
                runnable.run();
            } else {
                result = ((Callable<?>) work).call();
            }
            status = TaskStatus.DONE;
        } catch (Throwable t) {
            error = t;
            result = String.valueOf(t.getMessage() != null ? t.getMessage() : t);
            status = TaskStatus.ERROR;
            if (t instanceof VirtualMachineError vme) {
                throw vme;
            }
        }
    }

    @Override
    public String toString() {
        return "Task " + id + " (" + status + ", due " + getDue() + ")";
    }
}
