package nepi.core.exec;

import java.io.IOException;
import java.time.Duration;

/** A command on a node did not end within its time-out, and was killed. */
public final class ExecTimeoutException extends IOException {

    private final Duration timeout;

    public ExecTimeoutException(String command, String node, Duration timeout) {
        super("'" + RunningCommand.firstLine(command) + "' on " + node + " did not end within "
                + RunningCommand.describe(timeout) + " (the time-out) and was killed");
        this.timeout = timeout;
    }

    /** The time-out that ran out. */
    public Duration timeout() {
        return timeout;
    }
}
