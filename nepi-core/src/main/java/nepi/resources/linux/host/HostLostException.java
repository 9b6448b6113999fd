package nepi.resources.linux.host;

import java.io.IOException;

/**
 * The connection to a host was lost and could not be opened again at once: what was waited for there (the end
 * of a command) is unknown. Its message names the host and why, e.g. {@code connection to root@10.0.0.2:22 lost:
 * no answer to keepalives for 10 s}.
 */
public final class HostLostException extends IOException {

    public HostLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
