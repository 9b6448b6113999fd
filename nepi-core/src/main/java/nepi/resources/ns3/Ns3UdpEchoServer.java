package nepi.resources.ns3;

import java.util.List;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/** ns-3's {@code ns3::UdpEchoServer}, installed on a {@link Ns3Node}. */
@ResourceType(
        value = "ns3::UdpEchoServer",
        help =
                "A simulated UDP echo server: it sends back what it receives on Port. ns-3 attributes Port, StartTime, StopTime; stdout has one line per packet received.")
public class Ns3UdpEchoServer extends Ns3Application {

    public static final Attribute<String> PORT = Attribute.ofString("Port", "ns-3: UDP port it listens on (default 9)")
            .withFlags(Flag.DESIGN);

    public Ns3UdpEchoServer(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected List<Attribute<String>> required() {
        return List.of();
    }
}
