package nepi.kernel.session;

/**
 * Adds to every session what a domain needs: imports and variables, magics, renderers, completion and inspection.
 * Implementations are found with {@link java.util.ServiceLoader} (list them in
 * {@code META-INF/services/nepi.kernel.session.SessionExtension}) and need a public no-argument constructor.
 */
public interface SessionExtension {

    /**
     * Installs the extension in {@code session}. It runs on the session's cell thread once JShell is up, before the
     * first cell, so it may call {@link Session#addToPrelude} and {@link Session#setVariable}. Throwing makes the
     * session unusable: every cell then reports the failure.
     */
    void install(Session session);

    /** Releases what the extension holds; called once when the session closes. */
    void close();
}
