package nepi.resources.ns3;

import java.util.List;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceType;
import nepi.resources.netns.Ipv4Address;

/** A static route in the table of a {@link Ns3Node}: packets for network/prefix go to nexthop. */
@ResourceType(
        value = "ns3::Route",
        help = "A static IPv4 route of a simulated ns3::Node (which needs enableStack): network/prefix via nexthop, an"
                + " address in the network of one of the node's devices. Or set populateRoutingTables on the"
                + " simulation for ns-3's global routing.")
public class Ns3Route extends Ns3Resource {

    public static final Attribute<String> NETWORK = Attribute.ofString(
                    "network", "Destination network address, e.g. 10.0.2.0")
            .withFlags(Flag.DESIGN)
            .withHook((rm, value) ->
                    value == null ? null : Ipv4Address.parse(value).toString());
    public static final Attribute<Integer> PREFIX = Attribute.ofInteger(
                    "prefix", "Prefix length of the destination network, e.g. 24")
            .withRange(0, 32)
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> NEXTHOP = Attribute.ofString(
                    "nexthop", "Address of the neighbour to send the packets to, e.g. 10.0.1.2")
            .withFlags(Flag.DESIGN)
            .withHook((rm, value) ->
                    value == null ? null : Ipv4Address.parse(value).toString());

    public Ns3Route(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    /** The node whose table the route goes in, or null. */
    public Ns3Node node() {
        List<Ns3Node> nodes = getConnected(Ns3Node.class);
        return nodes.isEmpty() ? null : nodes.get(0);
    }

    @Override
    public String typeId() {
        return "-";
    }

    @Override
    public Ns3Simulation simulation() {
        Ns3Node node = node();
        return node == null ? null : node.simulation();
    }

    @Override
    protected void checkConnection(ResourceManager other) {
        if (!(other instanceof Ns3Node)) {
            throw new IllegalArgumentException(this + " goes in the table of a ns3::Node, not of " + other);
        }
        Ns3Node node = node();
        if (node != null && node != other) {
            throw new IllegalArgumentException(this + " already goes in the table of " + node);
        }
    }
}
