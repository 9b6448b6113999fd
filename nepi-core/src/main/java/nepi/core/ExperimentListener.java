package nepi.core;

import nepi.core.resource.StateChange;

/**
 * Told of what happens in an experiment. Every method has an empty default, so a listener
 * overrides only what it needs. Calls come on the thread that caused the event; keep them
 * quick.
 */
public interface ExperimentListener {

    /** An RM was registered. */
    default void resourceRegistered(int guid, String type) {}

    /** An RM was removed (explicitly, or by a hard release). */
    default void resourceRemoved(int guid) {}

    /** An RM changed state. */
    default void stateChanged(StateChange change) {}

    /**
     * The failure level rose (a critical RM failed, or the EC itself failed), or returned to
     * OK on {@link ExperimentController#recover()}.
     */
    default void failureLevelChanged(FailureLevel level) {}

    /** The controller changed state (failed, or terminated by shutdown). */
    default void ecStateChanged(EcState state) {}
}
