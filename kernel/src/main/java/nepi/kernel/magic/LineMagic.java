package nepi.kernel.magic;

/**
 * A magic called with the raw text of its line: what the registry runs. Most magics are {@link Magic}s, whose
 * arguments the registry parses; register a {@code LineMagic} with {@link MagicRegistry#register(MagicSpec,
 * LineMagic)} only to parse the line yourself.
 * <p>
 * Throw {@link MagicUsageException} for bad arguments: the user sees its short message, never a stack trace.
 * A magic that waits should let {@link InterruptedException} through, so that interrupting the cell stops it.
 */
@FunctionalInterface
public interface LineMagic {

    /**
     * @param args    the rest of the line after the magic's name, trimmed
     * @param context the session the magic runs in
     * @return a value to show (as with {@code display}), or null for nothing
     */
    Object run(String args, MagicContext context) throws Exception;
}
