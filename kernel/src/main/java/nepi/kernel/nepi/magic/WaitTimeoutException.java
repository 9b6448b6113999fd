package nepi.kernel.nepi.magic;

/** A {@code %wait --timeout} ran out before every RM reached the state; the message says which did not. */
public final class WaitTimeoutException extends Exception {

    /** @param message what was still missing when the time ran out */
    public WaitTimeoutException(String message) {
        super(message);
    }
}
