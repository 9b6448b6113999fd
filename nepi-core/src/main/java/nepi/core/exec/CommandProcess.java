package nepi.core.exec;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** A command a {@link CommandNode} started: its exit code to come, and the means to end it. */
public interface CommandProcess {

    /**
     * The command's exit code (128 + n when signal n ended it, -1 when the host did not say), once it ended and
     * everything it printed was written out; completes exceptionally when the node lost track of it (a dropped
     * connection).
     */
    CompletableFuture<Integer> exit();

    /**
     * Ends the command and everything it started in its process group on the node: SIGTERM, then SIGKILL for what
     * is still there shortly after. Ending a command that already ended does nothing.
     *
     * @throws IOException when the node could not be told (its connection is down)
     */
    void kill() throws IOException;
}
