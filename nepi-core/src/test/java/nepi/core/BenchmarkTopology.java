package nepi.core;

import java.util.ArrayList;
import java.util.List;

/** The topology of NEPI's scalability benchmark: N nodes, each with one interface on a shared link. */
final class BenchmarkTopology {

    private BenchmarkTopology() {}

    /** Registers the dummy link and N dummy nodes with their interfaces; returns the nodes' guids. */
    static List<Integer> nodesOnALink(ExperimentController ec, int nodes) {
        return nodesOnALink(ec, nodes, "dummy");
    }

    /**
     * Registers the link and N nodes with their interfaces of a family of types named
     * {@code <family>::Link}, {@code ::Node} and {@code ::Interface}; returns the nodes' guids.
     */
    static List<Integer> nodesOnALink(ExperimentController ec, int nodes, String family) {
        int link = ec.registerResource(family + "::Link");
        List<Integer> guids = new ArrayList<>(nodes);
        for (int n = 0; n < nodes; n++) {
            int node = ec.registerResource(family + "::Node");
            int iface = ec.registerResource(family + "::Interface");
            ec.registerConnection(node, iface);
            ec.registerConnection(iface, link);
            guids.add(node);
        }
        return guids;
    }
}
