package nepi.core.resource;

import java.time.Duration;
import java.util.Set;

/**
 * One condition on an action of an RM: every RM of {@code guids} must have reached
 * {@code state}, and, when {@code delay} is given, at least that long ago.
 *
 * @param guids the RMs waited for
 * @param state the state they must have reached
 * @param delay how long after reaching it (null: no delay)
 */
public record Condition(Set<Integer> guids, ResourceState state, Duration delay) {

    public Condition {
        guids = Set.copyOf(guids);
        if (state == null) {
            throw new IllegalArgumentException("a condition needs a state to wait for");
        }
        if (delay != null && delay.isNegative()) {
            throw new IllegalArgumentException("a condition's delay cannot be negative: " + delay);
        }
    }
}
