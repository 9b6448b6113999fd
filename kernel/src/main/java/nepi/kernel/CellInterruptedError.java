package nepi.kernel;

/**
 * Thrown in the running cell when the user interrupts it. An {@link Error}, so that cell code catching
 * {@code Exception} cannot swallow the interrupt.
 */
public final class CellInterruptedError extends Error {
    public CellInterruptedError() {
        super("cell interrupted", null, false, false);
    }
}
