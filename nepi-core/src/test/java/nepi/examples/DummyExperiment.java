package nepi.examples;

import static nepi.core.resource.ResourceAction.START;
import static nepi.core.resource.ResourceState.STARTED;
import static nepi.core.resource.ResourceState.STOPPED;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;

/**
 * A small experiment on the dummy family: two nodes on a link, a server, a client that
 * starts one second after the server, and a second client after the first stopped. Prints
 * when each resource entered each state.
 */
public final class DummyExperiment {

    public static void main(String[] args) throws InterruptedException {
        try (ExperimentController ec = new ExperimentController("dummy-example")) {
            int link = ec.registerResource("dummy::Link");
            int serverNode = node(ec, link);
            int clientNode = node(ec, link);
            int server = app(ec, serverNode, 2.0);
            int client1 = app(ec, clientNode, 0.5);
            int client2 = app(ec, clientNode, 0.5);
            ec.registerCondition(client1, START, server, STARTED, "1s");
            ec.registerCondition(client2, START, client1, STOPPED);

            ec.deploy();
            ec.waitFinished(server, client1, client2);

            Instant t0 = ec.getReadyTime(link);
            System.out.printf(
                    "%-6s %-20s %-8s %s%n", "guid", "type", "state", "started / stopped (s after the link was ready)");
            for (int guid : ec.getResources()) {
                ResourceManager rm = ec.getResource(guid);
                System.out.printf(
                        "%-6d %-20s %-8s %s / %s%n",
                        guid,
                        rm.getRtype(),
                        rm.getState(),
                        since(t0, rm.getStateTime(ResourceState.STARTED)),
                        since(t0, rm.getStateTime(STOPPED)));
            }
            System.out.println("results of run " + ec.getRunId() + " would go to " + ec.getRunDir());
        }
    }

    private static int node(ExperimentController ec, int link) {
        int node = ec.registerResource("dummy::Node");
        int iface = ec.registerResource("dummy::Interface");
        ec.registerConnection(node, iface);
        ec.registerConnection(iface, link);
        return node;
    }

    private static int app(ExperimentController ec, int node, double seconds) {
        int app = ec.registerResource("dummy::Application", Map.of("duration", seconds));
        ec.registerConnection(app, node);
        return app;
    }

    private static String since(Instant t0, Instant t) {
        return t == null ? "-" : String.format("%.3f", Duration.between(t0, t).toNanos() / 1e9);
    }

    private DummyExperiment() {}
}
