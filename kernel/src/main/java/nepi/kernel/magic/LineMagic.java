package nepi.kernel.magic;

/**
 * A line magic, {@code %name args}. Register it with {@link MagicRegistry#register}.
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
