package nepi.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;

/**
 * Decides what a failure means for the experiment (NEPI's {@code FailureManager}): the
 * failure of a critical RM aborts it with level {@link FailureLevel#RM_FAILURE}; that of a
 * non-critical one is only logged; a failure of the controller's own machinery aborts it
 * with {@link FailureLevel#EC_FAILURE}. The level only rises; the first critical RM
 * failure, and any failure of the machinery, abandon the pending work.
 */
final class FailurePolicy {

    private static final Logger LOG = LoggerFactory.getLogger(FailurePolicy.class);

    private final Runnable abandonPendingWork;
    private volatile FailureLevel level = FailureLevel.OK;
    private volatile boolean aborted;

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
            }
            aborted = true;
        }
        if (first) {
            LOG.error("critical {} failed: {}; aborting the experiment", rm, rm.getFailureReason().orElse("?"));
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
        }
        abandonPendingWork.run();
    }
}
