package nepi.core.resource;

/**
 * Told of every state change of the RMs of an experiment, on the thread that made the
 * change and in the order the RM made them. Keep it quick: hand slow work to another thread.
 */
@FunctionalInterface
public interface StateListener {
    void stateChanged(StateChange change);
}
