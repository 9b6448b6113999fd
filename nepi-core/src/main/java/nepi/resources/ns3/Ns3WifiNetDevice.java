package nepi.resources.ns3;

import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/**
 * ns-3's Wi-Fi device in ad hoc mode, on a {@link Ns3YansWifiChannel}: built as ns-3's Wi-Fi
 * helpers build it (YANS PHY, {@code ns3::AdhocWifiMac}, the helper's default standard and rate
 * manager). Its node needs a mobility model (a position for the radio).
 */
@ResourceType(
        value = "ns3::WifiNetDevice",
        help = "A simulated ad hoc Wi-Fi device: connect it to its ns3::Node (which needs a mobility model, e.g."
                + " ns3::ConstantPositionMobilityModel) and to a ns3::YansWifiChannel shared with the other devices."
                + " ns-3 attribute Mtu; ip and prefix give it an address. Traces: pcap (802.11 with radiotap), ascii.")
public class Ns3WifiNetDevice extends Ns3NetDevice {

    public static final Attribute<String> MTU = Attribute.ofString(
                    "Mtu", "ns-3: the MAC-level MTU in bytes (default 2296)")
            .withFlags(Flag.DESIGN);

    public Ns3WifiNetDevice(ResourceContext ec, int guid) {
        super(ec, guid);
    }
}
