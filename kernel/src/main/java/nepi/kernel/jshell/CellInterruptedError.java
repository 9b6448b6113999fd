package nepi.kernel.jshell;

/**
 * Thrown in the running cell when the user interrupts it. An {@link Error}, so that cell code catching
 * {@code Exception} cannot swallow the interrupt. Its stack trace shows the user where the cell was stopped.
 */
public final class CellInterruptedError extends Error {
    public CellInterruptedError() {
        super("cell interrupted");
    }
}
