package nepi.core;

/** How badly an experiment has failed. */
public enum FailureLevel {
    /** No critical failure. */
    OK,
    /** A critical RM failed: the experiment was aborted. */
    RM_FAILURE,
    /** The controller's own machinery failed. */
    EC_FAILURE
}
