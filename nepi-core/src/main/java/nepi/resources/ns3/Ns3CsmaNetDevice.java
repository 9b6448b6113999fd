package nepi.resources.ns3;

import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/** ns-3's CSMA (Ethernet-like) device, on a shared {@link Ns3CsmaChannel}. */
@ResourceType(
        value = "ns3::CsmaNetDevice",
        help = "A simulated Ethernet-like device: connect it to its ns3::Node and to a ns3::CsmaChannel shared with"
                + " other devices. ns-3 attributes Mtu, EncapsulationMode (Dix, Llc); ip and prefix give it an"
                + " address. Traces: pcap, ascii.")
public class Ns3CsmaNetDevice extends Ns3NetDevice {

    public static final Attribute<String> MTU = Attribute.ofString(
                    "Mtu", "ns-3: the MAC-level MTU in bytes (default 1500)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> ENCAPSULATION_MODE = Attribute.ofString(
                    "EncapsulationMode", "ns-3: the link-layer framing, Dix (default) or Llc")
            .withFlags(Flag.DESIGN);

    public Ns3CsmaNetDevice(ResourceContext ec, int guid) {
        super(ec, guid);
    }
}
