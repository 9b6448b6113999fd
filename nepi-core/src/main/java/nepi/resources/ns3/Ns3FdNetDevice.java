package nepi.resources.ns3;

import java.util.List;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceType;
import nepi.resources.netns.NetnsInterface;
import nepi.resources.netns.NetnsInterfaceUser;

/**
 * Where real meets simulated: ns-3's {@code ns3::FdNetDevice} on a real interface, a
 * {@link NetnsInterface} of a {@code netns::Node} on the simulation's host. The driver opens a
 * raw socket on that interface (inside its namespace), so the frames its veth peer sends enter
 * the simulation through this device and what the device sends leaves there: a real
 * {@code ping} from the peer's namespace crosses the simulated links. Needs the {@code RealTime}
 * simulator (the simulated clock must follow the real packets) and root.
 */
@ResourceType(
        value = "ns3::FdNetDevice",
        help = "A simulated device on a real interface: connect it to its ns3::Node and to a netns::Interface of this"
                + " machine, which ns-3 takes over (a raw socket): what the interface's veth peer sends enters the"
                + " simulation here. Needs simulatorImpl RealTime. ip and prefix give it an address. Trace: pcap.")
public class Ns3FdNetDevice extends Ns3NetDevice implements NetnsInterfaceUser {

    public Ns3FdNetDevice(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    /** The real interface it takes over, or null. */
    public NetnsInterface netnsInterface() {
        List<NetnsInterface> ifaces = getConnected(NetnsInterface.class);
        return ifaces.isEmpty() ? null : ifaces.get(0);
    }

    @Override
    protected void checkConnection(ResourceManager other) {
        if (other instanceof NetnsInterface) {
            NetnsInterface iface = netnsInterface();
            if (iface != null && iface != other) {
                throw new IllegalArgumentException(this + " already takes over " + iface);
            }
        } else if (other instanceof Ns3Channel) {
            throw new IllegalArgumentException(this + " has no ns-3 channel: it is attached to a real interface,"
                    + " connect it to a netns::Interface, not to " + other);
        } else {
            super.checkConnection(other);
        }
    }
}
