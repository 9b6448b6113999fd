package nepi.kernel.magic;

/** Bad arguments to a magic; the message (usage included) is all the user sees. */
public final class MagicUsageException extends Exception {
    public MagicUsageException(String message) {
        super(message);
    }
}
