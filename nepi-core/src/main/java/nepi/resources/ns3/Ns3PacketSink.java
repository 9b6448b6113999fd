package nepi.resources.ns3;

import java.util.List;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/** ns-3's {@code ns3::PacketSink}, installed on a {@link Ns3Node}. */
@ResourceType(
        value = "ns3::PacketSink",
        help =
                "A simulated sink that receives and counts packets on Local (address:port, e.g. 0.0.0.0:9). stdout: the bytes received and the throughput, at its stop.")
public class Ns3PacketSink extends Ns3Application {

    public static final Attribute<String> LOCAL = Attribute.ofString(
                    "Local", "ns-3: the address:port to receive on, e.g. 0.0.0.0:9")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> PROTOCOL = Attribute.ofString(
                    "Protocol", "ns-3: the socket type, ns3::UdpSocketFactory (default) or ns3::TcpSocketFactory")
            .withFlags(Flag.DESIGN);

    public Ns3PacketSink(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected List<Attribute<String>> required() {
        return List.of(LOCAL);
    }
}
