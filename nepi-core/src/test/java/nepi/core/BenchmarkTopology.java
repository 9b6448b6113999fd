package nepi.core;

import java.util.ArrayList;
import java.util.List;

/** The topology of NEPI's scalability benchmark: N dummy nodes, each with one interface on a shared link. */
final class BenchmarkTopology {

    private BenchmarkTopology() {
    }

    /** Registers the link and N nodes with their interfaces; returns the nodes' guids. */
    static List<Integer> nodesOnALink(ExperimentController ec, int nodes) {
        int link = ec.registerResource("dummy::Link");
        List<Integer> guids = new ArrayList<>(nodes);
        for (int n = 0; n < nodes; n++) {
            int node = ec.registerResource("dummy::Node");
            int iface = ec.registerResource("dummy::Interface");
            ec.registerConnection(node, iface);
            ec.registerConnection(iface, link);
            guids.add(node);
        }
        return guids;
    }
}
