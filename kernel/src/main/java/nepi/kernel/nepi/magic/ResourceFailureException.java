package nepi.kernel.nepi.magic;

/** RMs a magic deployed, waited for or released failed; the message names them and their reasons. */
public final class ResourceFailureException extends Exception {

    /** @param message which RMs failed and why, without a stack trace's worth of detail */
    public ResourceFailureException(String message) {
        super(message);
    }
}
