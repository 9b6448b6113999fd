package nepi.resources.ns3;

import java.util.List;
import nepi.core.resource.Attribute;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;

/**
 * Where a {@link Ns3Node} is and how it moves: ns-3's mobility model, connected to the node
 * (one per node). Wi-Fi devices need it: the radio channel computes losses from the positions.
 */
public abstract class Ns3MobilityModel extends Ns3Resource {

    public static final Attribute<String> POSITION = changeableWhileRunning(
            Attribute.ofString(
                    "Position",
                    "ns-3: the position in metres, x:y:z, e.g. 10:0:0 (default 0:0:0); changes while a RealTime simulation runs"));

    protected Ns3MobilityModel(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    /** The node it moves, or null. */
    public Ns3Node node() {
        List<Ns3Node> nodes = getConnected(Ns3Node.class);
        return nodes.isEmpty() ? null : nodes.get(0);
    }

    @Override
    public Ns3Simulation simulation() {
        Ns3Node node = node();
        return node == null ? null : node.simulation();
    }

    @Override
    protected void checkConnection(ResourceManager other) {
        if (!(other instanceof Ns3Node node)) {
            throw new IllegalArgumentException(this + " is the mobility model of a ns3::Node, not of " + other);
        }
        Ns3Node mine = node();
        if (mine != null && mine != other) {
            throw new IllegalArgumentException(this + " already moves " + mine);
        }
        for (Ns3MobilityModel m : node.getConnected(Ns3MobilityModel.class)) {
            if (m != this) {
                throw new IllegalArgumentException(node + " already has " + m + " as its mobility model");
            }
        }
    }
}
