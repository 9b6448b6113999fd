package nepi.core.resource;

import java.time.Instant;

/**
 * Told of every state change of the RMs of an experiment, on the thread that made the
 * change and in the order the RM made them. Keep it quick: hand slow work to another thread.
 */
@FunctionalInterface
public interface StateListener {
    void stateChanged(StateChange change);

    /**
     * Told of a change together with the RM that made it. The default describes the change as a
     * {@link StateChange} for {@link #stateChanged(StateChange)}; a listener that needs the RM
     * itself, or that most changes do not concern, overrides this and builds nothing per change.
     */
    default void stateChanged(ResourceManager rm, ResourceState from, ResourceState to, Instant at) {
        stateChanged(new StateChange(rm.getGuid(), rm.getRtype(), from, to, at));
    }
}
