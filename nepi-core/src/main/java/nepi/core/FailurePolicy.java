package nepi.core;

import java.util.Optional;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a failure means for the experiment (NEPI's {@code FailureManager}): the
 * failure of a critical RM aborts it with level {@link FailureLevel#RM_FAILURE}; that of a
 * non-critical one is only logged; a failure of the controller's own machinery aborts it
 * with {@link FailureLevel#EC_FAILURE}. The level only rises until {@link #recover()}; the
 * first critical RM failure, and any failure of the machinery, abandon the pending work.
 * An RM failure can be recovered from (the failed RM stays FAILED, new work proceeds); a
 * machinery failure cannot, since the controller's own state may then be inconsistent.
 */
final class FailurePolicy {

    private static final Logger LOG = LoggerFactory.getLogger(FailurePolicy.class);

    private final Runnable abandonPendingWork;
    private volatile FailureLevel level = FailureLevel.OK;
    private volatile boolean aborted;
    private volatile ResourceManager abortedBy;
    private volatile Throwable machineryError;

    /**
     * @param abandonPendingWork run once when the experiment aborts, after the level and the
     *        abort are recorded, so that what it wakes sees them
     */
    FailurePolicy(Runnable abandonPendingWork) {
        this.abandonPendingWork = abandonPendingWork;
    }

    /** OK, RM_FAILURE or EC_FAILURE. */
    FailureLevel level() {
        return level;
    }

    /** Whether a failure aborted the experiment. */
    boolean aborted() {
        return aborted;
    }

    /**
     * Why the experiment is aborted, for a message refusing new work: the RM whose failure
     * aborted it ({@code #guid type: reason}), or the machinery's error; empty when not aborted.
     */
    synchronized Optional<String> abortCause() {
        if (!aborted) {
            return Optional.empty();
        }
        if (level == FailureLevel.EC_FAILURE) {
            Throwable e = machineryError;
            return Optional.of("the experiment controller's own machinery failed ("
                    + (e == null
                            ? "?"
                            : e.getMessage() != null
                                    ? e.getMessage()
                                    : e.getClass().getSimpleName()) + ")");
        }
        ResourceManager rm = abortedBy;
        return Optional.of(
                rm == null
                        ? "a critical resource failed"
                        : "#" + rm.getGuid() + " " + rm.getRtype() + ": "
                                + rm.getFailureReason().orElse("?"));
    }

    /**
     * Returns the level to OK after an RM failure, so that new work proceeds; the failed RMs
     * keep their state. Does nothing when the experiment is not aborted.
     *
     * @param whileAborted run first, while the experiment still counts as aborted, so that
     *        steps left from before the abort that wake meanwhile still give up
     * @return whether the experiment was aborted
     * @throws IllegalStateException after a machinery failure (EC_FAILURE), which cannot be recovered from
     */
    synchronized boolean recover(Runnable whileAborted) {
        if (level == FailureLevel.EC_FAILURE) {
            throw new IllegalStateException(abortCause().orElseThrow() + "; its state may be inconsistent, so it"
                    + " cannot recover: shut it down and start a new experiment");
        }
        if (!aborted) {
            return false;
        }
        whileAborted.run();
        level = FailureLevel.OK;
        aborted = false;
        abortedBy = null;
        return true;
    }

    /**
     * Evaluates the failure of {@code rm} (null, or an RM that is not FAILED, is none).
     *
     * @return true when this failure raised the level to RM_FAILURE: the first critical
     *         failure while the level was OK
     */
    boolean evaluate(ResourceManager rm) {
        if (rm == null || rm.getState() != ResourceState.FAILED) {
            return false;
        }
        if (!rm.isCritical()) {
            LOG.warn("{} failed (not critical): {}", rm, rm.getFailureReason().orElse("?"));
            return false;
        }
        boolean first;
        synchronized (this) {
            first = level == FailureLevel.OK;
            if (first) {
                level = FailureLevel.RM_FAILURE;
                abortedBy = rm;
            }
            aborted = true;
        }
        if (first) {
            LOG.error(
                    "critical {} failed: {}; aborting the experiment (the rest stays as it is): call ec.recover()"
                            + " (or %recover) to go on",
                    rm, rm.getFailureReason().orElse("?"));
            abandonPendingWork.run();
        }
        return first;
    }

    /** Records that the controller's own machinery failed: level EC_FAILURE, and the experiment aborts. */
    void machineryFailed(Throwable error) {
        LOG.error("the experiment controller's own machinery failed", error);
        synchronized (this) {
            level = FailureLevel.EC_FAILURE;
            aborted = true;
            machineryError = error;
        }
        abandonPendingWork.run();
    }
}
