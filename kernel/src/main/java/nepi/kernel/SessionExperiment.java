package nepi.kernel;

import java.util.Optional;
import nepi.core.ExperimentController;
import nepi.kernel.magic.ExperimentSlot;
import nepi.kernel.magic.MagicUsageException;

/**
 * The session's {@code ec} variable for the NEPI magics: read from JShell each time, so a cell that assigned
 * another controller to {@code ec} is followed; replaced through the session so that the kernel releases the new
 * one at shutdown.
 */
final class SessionExperiment implements ExperimentSlot {

    private final Session session;

    SessionExperiment(Session session) {
        this.session = session;
    }

    @Override
    public ExperimentController current() throws MagicUsageException {
        Optional<Object> value = session.valueOf("ec");
        if (value.isEmpty()) {
            throw new MagicUsageException("there is no experiment in ec (the variable is gone or null);"
                    + " %new puts a new one there");
        }
        if (value.get() instanceof ExperimentController ec) {
            return ec;
        }
        throw new MagicUsageException("ec holds a " + value.get().getClass().getSimpleName()
                + ", not an ExperimentController; %new puts a new experiment there");
    }

    /** The controller {@code ec} holds, or empty when it holds none (for completion and inspection). */
    Optional<ExperimentController> find() {
        return session.valueOf("ec").filter(ExperimentController.class::isInstance)
                .map(ExperimentController.class::cast);
    }

    @Override
    public void replace(ExperimentController next) {
        session.replaceExperimentController(next);
    }
}
