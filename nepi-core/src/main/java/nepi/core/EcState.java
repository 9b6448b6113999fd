package nepi.core;

/** The state of an experiment controller. */
public enum EcState {
    /** Accepting and running work. */
    RUNNING,
    /** Its own machinery failed; results may be incomplete. */
    FAILED,
    /** Shut down: every RM released, threads stopped. */
    TERMINATED
}
