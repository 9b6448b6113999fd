package nepi.resources.ns3;

import java.util.List;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/** ns-3's {@code ns3::UdpEchoClient}, installed on a {@link Ns3Node}. */
@ResourceType(
        value = "ns3::UdpEchoClient",
        help =
                "A simulated UDP echo client: MaxPackets packets of PacketSize bytes to RemoteAddress:RemotePort every Interval. stdout has one line per packet sent and per echo received.")
public class Ns3UdpEchoClient extends Ns3Application {

    public static final Attribute<String> REMOTE_ADDRESS = Attribute.ofString(
                    "RemoteAddress", "ns-3: the IPv4 address of the echo server, e.g. 10.0.0.2")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> REMOTE_PORT = Attribute.ofString(
                    "RemotePort", "ns-3: the port of the echo server (default 0: set it, e.g. 9)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> MAX_PACKETS = Attribute.ofString(
                    "MaxPackets", "ns-3: how many packets to send (default 100)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> INTERVAL = Attribute.ofString(
                    "Interval", "ns-3: time between packets (default 1s)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> PACKET_SIZE = Attribute.ofString(
                    "PacketSize", "ns-3: bytes in each packet (default 100)")
            .withFlags(Flag.DESIGN);

    public Ns3UdpEchoClient(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected List<Attribute<String>> required() {
        return List.of(REMOTE_ADDRESS, REMOTE_PORT);
    }
}
