package nepi.resources.linux.host;

import java.io.IOException;

/**
 * A host could not be reached: connecting, the key exchange or the login failed, just now or within the connect
 * timeout before (then the same failure is given again at once, without waiting for a new attempt). Its message
 * says why and names the host.
 */
public final class HostUnreachableException extends IOException {

    public HostUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
