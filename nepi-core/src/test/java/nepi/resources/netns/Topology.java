package nepi.resources.netns;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import nepi.core.ExperimentController;

/**
 * Registers netns designs on an experiment controller the way a notebook would, with the
 * nodes' files under a test directory.
 */
final class Topology {

    final ExperimentController ec;
    private final Path home;

    Topology(ExperimentController ec, Path home) {
        this.ec = ec;
        this.home = home;
    }

    int node() {
        return ec.registerResource("netns::Node", Map.of("home", home.toString()));
    }

    int switchNode() {
        return ec.registerResource("netns::Switch");
    }

    /** An interface of {@code node} with address {@code ip} (null: none), not linked yet. */
    int iface(int node, String ip) {
        Map<String, Object> attrs = new HashMap<>();
        if (ip != null) {
            attrs.put("ip", ip);
        }
        int iface = ec.registerResource("netns::Interface", attrs);
        ec.registerConnection(iface, node);
        return iface;
    }

    /** A point-to-point link between two nodes; returns the two interfaces. */
    int[] link(int nodeA, String ipA, int nodeB, String ipB) {
        int a = iface(nodeA, ipA);
        int b = iface(nodeB, ipB);
        ec.registerConnection(a, b);
        return new int[] {a, b};
    }

    /** An interface of {@code node} on switch {@code sw}. */
    int port(int node, int sw, String ip) {
        int iface = iface(node, ip);
        ec.registerConnection(iface, sw);
        return iface;
    }

    int route(int node, String network, int prefix, String nexthop) {
        int route =
                ec.registerResource("netns::Route", Map.of("network", network, "prefix", prefix, "nexthop", nexthop));
        ec.registerConnection(route, node);
        return route;
    }

    /** linux::Ping on {@code node}: {@code count} requests, one second each at most. */
    int ping(int node, String target, int count) {
        int ping = ec.registerResource(
                "linux::Ping",
                Map.of("target", target, "count", count, "timeout", 1, "numeric", true, "interval", 0.2));
        ec.registerConnection(ping, node);
        return ping;
    }

    /** netns::Application running {@code command} on {@code node}. */
    int app(int node, String command) {
        int app = ec.registerResource("netns::Application", Map.of("command", command));
        ec.registerConnection(app, node);
        return app;
    }

    NetnsNode nodeRm(int guid) {
        return (NetnsNode) ec.getResource(guid);
    }
}
