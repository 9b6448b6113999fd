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
    private final Instant due;
    private final Callable<?> work;
    private volatile TaskStatus status = TaskStatus.NEW;
    private volatile Object result;
    private volatile Throwable error;

    Task(long id, Instant due, Callable<?> work) {
        this.id = id;
        this.due = due;
        this.work = work;
    }

    public long getId() { return id; }

    /** When it was due to run. */
    public Instant getDue() { return due; }

    public TaskStatus getStatus() { return status; }

    /** What the work returned (null for a Runnable), or the error's message after ERROR. */
    public Object getResult() { return result; }

    /** What the work threw, or null. */
    public Throwable getError() { return error; }

    /** Runs the work, keeping its result or error; never throws. */
    void run() {
        try {
            result = work.call();
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
        return "Task " + id + " (" + status + ", due " + due + ")";
    }
}
