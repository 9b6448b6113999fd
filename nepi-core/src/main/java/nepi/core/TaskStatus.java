package nepi.core;

/** Where a scheduled task stands. */
public enum TaskStatus {
    /** Not run yet. */
    NEW,
    /** Ran and returned. */
    DONE,
    /** Ran and threw. */
    ERROR
}
