package nepi.kernel.magic;

/**
 * A cell magic: {@code %%name args} on the first line of a cell, which gets the rest of the cell (its body). Declare
 * it with {@link MagicSpec#cell} and register it with {@link MagicRegistry#register(CellMagic)}; the registry parses
 * and checks the arguments of the first line against the spec (a bad line gets the usage message) before
 * {@link #run} sees them. For example, an extension's {@code %%exec NODE}:
 * <pre>{@code
 * static final Positional<String> NODE = Positional.required("NODE", ValueKind.TEXT, "the node's guid");
 * static final MagicSpec SPEC = MagicSpec.cell("exec").help("runs the cell as a script on a node")
 *         .argument(NODE).body("a shell script").build();
 *
 * session.magics().register(new CellMagic() {
 *     public MagicSpec spec() { return SPEC; }
 *     public Object run(MagicArguments arguments, String body, MagicContext context) throws Exception {
 *         ...
 *     }
 * });
 * }</pre>
 */
public interface CellMagic {

    /** What the magic accepts and does: a spec made with {@link MagicSpec#cell}. */
    MagicSpec spec();

    /**
     * Throw {@link MagicUsageException} (e.g. from {@link MagicSpec#error}) for input that is well-formed but still
     * wrong; a magic that waits should let {@link InterruptedException} through, so that interrupting the cell stops
     * it.
     *
     * @param arguments the checked arguments of the first line
     * @param body      the rest of the cell after the first line, as typed (may be empty); its first line is
     *                  {@link MagicContext#origin()}
     * @return a value to show (as with {@code display}), or null for nothing; or the {@link
     *         nepi.kernel.jshell.CellResult} of {@link MagicContext#run} to end the cell as that code ended (its
     *         error, or the value of its trailing expression as the cell's result)
     */
    Object run(MagicArguments arguments, String body, MagicContext context) throws Exception;
}
