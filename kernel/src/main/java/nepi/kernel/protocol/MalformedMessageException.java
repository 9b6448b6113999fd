package nepi.kernel.protocol;

/** A received message that does not follow the wire protocol; the message says what is wrong. */
public final class MalformedMessageException extends Exception {
    public MalformedMessageException(String message) {
        super(message);
    }
}
