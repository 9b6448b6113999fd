package nepi.core.exec;

import static nepi.core.resource.ResourceState.FAILED;
import static nepi.core.resource.ResourceState.PROVISIONED;
import static nepi.core.resource.ResourceState.RELEASED;

import java.io.IOException;
import java.util.List;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceFactory;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.core.resource.ResourceTypeInfo;

/** Finds the node a guid names and starts a command on it, or says why it cannot: the body of {@code ec.exec}. */
public final class NodeCommands {

    private NodeCommands() {}

    /**
     * Starts {@code command} on the node of guid {@code guid} of {@code ec}.
     *
     * @throws IllegalArgumentException for an unknown guid, an RM that is not a node (naming the node types), or a
     *                                  blank command
     * @throws IllegalStateException    for a node that is not deployed yet, failed or was released (naming its state)
     * @throws IOException              when the node cannot start the command
     */
    public static RunningCommand start(ResourceContext ec, int guid, String command, ExecOptions options)
            throws IOException {
        CommandNode node = node(ec, guid);
        ResourceManager rm = (ResourceManager) node;
        if (options == null) {
            throw new IllegalArgumentException("no options: give ExecOptions.defaults() or options built from it");
        }
        return RunningCommand.start(node, rm.toString(), command, options);
    }

    /**
     * The node of guid {@code guid}, ready to run commands.
     *
     * @throws IllegalArgumentException for an unknown guid or an RM that is not a node
     * @throws IllegalStateException    for a node that cannot run commands in its state
     */
    public static CommandNode node(ResourceContext ec, int guid) {
        ResourceManager rm = ec.getResource(guid);
        if (!(rm instanceof CommandNode node)) {
            throw new IllegalArgumentException(rm + " is not a node: commands run on RMs of type "
                    + String.join(", ", nodeTypes()) + " (connect " + rm.getRtype()
                    + " to one of them and give that node's guid)");
        }
        ResourceState state = rm.getState();
        if (state.isBefore(PROVISIONED)) {
            throw new IllegalStateException(rm + " is " + state + ": commands run on a node once it is deployed"
                    + " (PROVISIONED or later); deploy it first (ec.deploy() or %deploy)");
        }
        if (state == FAILED) {
            throw new IllegalStateException(rm + " is FAILED"
                    + rm.getFailureReason().map(r -> " (" + r + ")").orElse("") + ": a failed node runs no commands");
        }
        if (state == RELEASED) {
            throw new IllegalStateException(rm + " is RELEASED: a released node runs no commands");
        }
        return node;
    }

    /** The names of the registered types whose RMs run commands, sorted. */
    public static List<String> nodeTypes() {
        return ResourceFactory.types().stream()
                .filter(type -> CommandNode.class.isAssignableFrom(type.getResourceClass()))
                .map(ResourceTypeInfo::getName)
                .toList();
    }
}
