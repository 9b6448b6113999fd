package nepi.resources.ns3;

import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/** ns-3's point-to-point device (PPP framing), one of the two ends of a {@link Ns3PointToPointChannel}. */
@ResourceType(
        value = "ns3::PointToPointNetDevice",
        help = "A simulated point-to-point device: connect it to its ns3::Node and to a ns3::PointToPointChannel."
                + " ns-3 attributes DataRate (e.g. 5Mbps), Mtu, InterframeGap; ip and prefix give it an address."
                + " Traces: pcap, ascii.")
public class Ns3PointToPointNetDevice extends Ns3NetDevice {

    public static final Attribute<String> DATA_RATE = changeableWhileRunning(
            Attribute.ofString(
                    "DataRate",
                    "ns-3: the rate at which the device sends, e.g. 5Mbps (ns-3 default 32768bps); changes while a RealTime simulation runs"));
    public static final Attribute<String> MTU = Attribute.ofString(
                    "Mtu", "ns-3: the MAC-level MTU in bytes (default 1500)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> INTERFRAME_GAP = Attribute.ofString(
                    "InterframeGap", "ns-3: the time to wait between packet transmissions, e.g. 0ns")
            .withFlags(Flag.DESIGN);

    public Ns3PointToPointNetDevice(ResourceContext ec, int guid) {
        super(ec, guid);
    }
}
