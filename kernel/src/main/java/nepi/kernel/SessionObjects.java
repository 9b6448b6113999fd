package nepi.kernel;

import nepi.core.ExperimentController;

/**
 * Hands the objects the kernel creates for a session to the session's Java code: the prelude declares
 * {@code ExperimentController ec = SessionObjects.experimentController();}. Public because JShell snippets call it.
 */
public final class SessionObjects {

    private static volatile ExperimentController experimentController;

    private SessionObjects() {
    }

    /** The session's experiment controller, the initial value of {@code ec}. */
    public static ExperimentController experimentController() {
        ExperimentController current = experimentController;
        if (current == null) {
            throw new IllegalStateException("no notebook session is running");
        }
        return current;
    }

    static void install(ExperimentController ec) {
        experimentController = ec;
    }
}
