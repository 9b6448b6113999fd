package nepi.resources.ns3;

import java.util.List;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/** ns-3's {@code ns3::OnOffApplication}, installed on a {@link Ns3Node}. */
@ResourceType(
        value = "ns3::OnOffApplication",
        help =
                "A simulated traffic source sending at DataRate to Remote (address:port) during on periods (OnTime) separated by off periods (OffTime: ns3::ConstantRandomVariable[Constant=0] for constant traffic). stdout: the total sent, at its stop.")
public class Ns3OnOffApplication extends Ns3Application {

    public static final Attribute<String> REMOTE = Attribute.ofString(
                    "Remote", "ns-3: the destination, address:port, e.g. 10.0.0.2:9")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> PROTOCOL = Attribute.ofString(
                    "Protocol", "ns-3: the socket type, ns3::UdpSocketFactory (default) or ns3::TcpSocketFactory")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> DATA_RATE = changeableWhileRunning(Attribute.ofString(
            "DataRate", "ns-3: the rate in the on state, e.g. 5Mbps; changes while a RealTime simulation runs"));
    public static final Attribute<String> PACKET_SIZE = Attribute.ofString(
                    "PacketSize", "ns-3: bytes per packet (default 512)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> ON_TIME = Attribute.ofString(
                    "OnTime",
                    "ns-3: length of on periods, a random variable, e.g. ns3::ConstantRandomVariable[Constant=1]")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> OFF_TIME = Attribute.ofString(
                    "OffTime", "ns-3: length of off periods, e.g. ns3::ConstantRandomVariable[Constant=0] for none")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> MAX_BYTES = Attribute.ofString(
                    "MaxBytes", "ns-3: stop after this many bytes (default 0: no limit)")
            .withFlags(Flag.DESIGN);

    public Ns3OnOffApplication(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected List<Attribute<String>> required() {
        return List.of(REMOTE);
    }
}
