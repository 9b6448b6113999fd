package nepi.kernel.magic;

import nepi.core.ExperimentController;

/**
 * The session's {@code ec} as the NEPI magics see it: whatever the variable holds now (a cell may have assigned
 * another controller to it), and the way {@code %new} and {@code %load} put a new one in its place.
 */
public interface ExperimentSlot {

    /**
     * The controller {@code ec} holds now.
     *
     * @throws MagicUsageException when {@code ec} is gone or holds something else
     */
    ExperimentController current() throws MagicUsageException;

    /**
     * Makes {@code ec} hold {@code next}; the kernel releases it at shutdown. The previous controller is left as it
     * is (the caller shuts it down).
     */
    void replace(ExperimentController next);
}
