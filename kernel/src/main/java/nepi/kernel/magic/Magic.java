package nepi.kernel.magic;

/**
 * A line magic declared by its {@link MagicSpec}: the registry parses and checks the arguments against the spec
 * (a bad line gets the usage message) before {@link #run} sees them. Register it with
 * {@link MagicRegistry#register(Magic)}.
 */
public interface Magic {

    /** What the magic accepts and does. */
    MagicSpec spec();

    /**
     * Throw {@link MagicUsageException} (e.g. from {@link MagicSpec#error}) for arguments that are well-formed but
     * still wrong; a magic that waits should let {@link InterruptedException} through.
     *
     * @return a value to show (as with {@code display}), or null for nothing
     */
    Object run(MagicArguments arguments, MagicContext context) throws Exception;
}
