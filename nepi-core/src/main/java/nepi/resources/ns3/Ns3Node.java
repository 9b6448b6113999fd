package nepi.resources.ns3;

import java.util.List;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceType;

/** A simulated node, connected to its {@link Ns3Simulation}; devices, applications and routes connect to it. */
@ResourceType(
        value = "ns3::Node",
        help = "A simulated ns-3 node, connected to its linux::ns3::Simulation. Connect ns-3 devices (with a channel),"
                + " applications and ns3::Route resources to it; enableStack gives it IPv4, ARP, ICMP, UDP and TCP.")
public class Ns3Node extends Ns3Resource {

    public static final Attribute<Boolean> ENABLE_STACK = Attribute.ofBoolean(
                    "enableStack",
                    "Install the internet stack (IPv4, ARP, ICMP, UDP, TCP); needed for addresses and applications")
            .withFlags(Flag.DESIGN);

    public Ns3Node(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    public Ns3Simulation simulation() {
        List<Ns3Simulation> sims = getConnected(Ns3Simulation.class);
        return sims.isEmpty() ? null : sims.get(0);
    }

    /** Whether the node gets the internet stack. */
    public boolean hasStack() {
        return get(ENABLE_STACK);
    }

    @Override
    protected void checkConnection(ResourceManager other) {
        if (other instanceof Ns3Simulation && simulation() != null && simulation() != other) {
            throw new IllegalArgumentException(this + " already belongs to " + simulation());
        }
        if (other instanceof Ns3Node || other instanceof Ns3Channel) {
            throw new IllegalArgumentException(
                    this + " cannot be connected to " + other + " directly: connect a ns-3"
                            + " device (ns3::PointToPointNetDevice, ns3::CsmaNetDevice, ns3::WifiNetDevice) to the node and to the channel");
        }
        if (!(other instanceof Ns3Resource || other instanceof Ns3Simulation)) {
            throw new IllegalArgumentException(this + " connects to its linux::ns3::Simulation and to ns-3 devices,"
                    + " applications, routes and a mobility model, not to " + other);
        }
    }
}
