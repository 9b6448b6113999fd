package nepi.resources.ns3;

import java.util.List;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/** ns-3's {@code ns3::BulkSendApplication}, installed on a {@link Ns3Node}. */
@ResourceType(
        value = "ns3::BulkSendApplication",
        help =
                "A simulated bulk TCP sender: sends as fast as TCP allows to Remote (address:port) until MaxBytes. stdout: the total sent, at its stop.")
public class Ns3BulkSendApplication extends Ns3Application {

    public static final Attribute<String> REMOTE = Attribute.ofString(
                    "Remote", "ns-3: the destination, address:port, e.g. 10.0.0.2:9")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> SEND_SIZE =
            Attribute.ofString("SendSize", "ns-3: bytes per send (default 512)").withFlags(Flag.DESIGN);
    public static final Attribute<String> MAX_BYTES = Attribute.ofString(
                    "MaxBytes", "ns-3: how many bytes to send (default 0: no limit)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> PROTOCOL = Attribute.ofString(
                    "Protocol", "ns-3: the socket type (default ns3::TcpSocketFactory)")
            .withFlags(Flag.DESIGN);

    public Ns3BulkSendApplication(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected List<Attribute<String>> required() {
        return List.of(REMOTE);
    }
}
