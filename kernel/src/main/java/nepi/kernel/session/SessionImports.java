package nepi.kernel.session;

/**
 * The name of the JShell snippet that holds the session's prelude imports: JShell names an import snippet after its
 * first import, and a later snippet importing the same name replaces it, so the prelude's snippet starts with an
 * import of this class, which cells have no reason to import. Holds nothing; public only so that cells can import
 * it.
 */
public final class SessionImports {

    private SessionImports() {}
}
