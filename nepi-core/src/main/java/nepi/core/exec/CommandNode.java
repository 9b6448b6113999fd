package nepi.core.exec;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A resource that runs shell commands: the node RMs ({@code linux::Node}, {@code netns::Node}). The experiment
 * controller's {@code exec} finds it through the RM of the guid it is given, so a new node type gets {@code exec}
 * (and {@code %exec}) by implementing this interface.
 *
 * <p>Only the start of a command is the node's business; line splitting, capture, time-outs and cancellation are
 * {@link RunningCommand}'s, the same for every node.
 */
public interface CommandNode {

    /**
     * Starts {@code command} with {@code sh} on the node, with nothing on its standard input, in a process group of
     * its own that {@link CommandProcess#kill()} ends. Its output is written to {@code stdout} and {@code stderr} as
     * it comes (from threads of the node's own).
     *
     * @throws IllegalStateException when the node cannot run commands now (not deployed yet, released)
     * @throws IOException when the command cannot be started (the connection to the host failed, say)
     */
    CommandProcess startCommand(String command, OutputStream stdout, OutputStream stderr) throws IOException;
}
