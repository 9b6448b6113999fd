package nepi.kernel.jshell;

/** Thrown instead of ending the JVM when a cell calls {@code System.exit}: the kernel holds live resources. */
public final class ExitRefusedError extends Error {
    public ExitRefusedError(int status) {
        super(
                "System.exit(" + status + ") refused: the kernel holds the live experiment session (ec). "
                        + "Release resources with ec.shutdown() and use the notebook's Restart or Shut Down instead.",
                null,
                false,
                false);
    }
}
