package nepi.core.resource;

/**
 * The lifecycle states of a resource, in order.
 *
 * <p>States are ordered, so "reached at least READY" is {@code state.isAtLeast(READY)}.
 * FAILED and RELEASED come after STOPPED: a failed or released RM counts as having passed
 * every earlier state.
 */
public enum ResourceState {
    NEW,
    DISCOVERED,
    PROVISIONED,
    READY,
    STARTED,
    STOPPED,
    FAILED,
    RELEASED;

    /** Whether this state comes at or after {@code other} in the lifecycle. */
    public boolean isAtLeast(ResourceState other) {
        // Ordinals rather than compareTo, which checks the classes first: every step asks this.
        return ordinal() >= other.ordinal();
    }

    /** Whether this state comes strictly before {@code other} in the lifecycle. */
    public boolean isBefore(ResourceState other) {
        return ordinal() < other.ordinal();
    }
}
