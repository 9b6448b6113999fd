package nepi.core.resource;

/** A step of a resource manager failed; the message says which RM and why. */
public class ResourceException extends RuntimeException {

    public ResourceException(String message) {
        super(message);
    }

    public ResourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
