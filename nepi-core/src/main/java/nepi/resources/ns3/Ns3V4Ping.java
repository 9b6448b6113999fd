package nepi.resources.ns3;

import java.util.List;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/** ns-3's {@code ns3::V4Ping}, installed on a {@link Ns3Node}. */
@ResourceType(
        value = "ns3::V4Ping",
        help =
                "A simulated ping (ICMP echo) from its ns3::Node to Remote every Interval; its stdout has one line per reply with the round-trip time. ns-3 attributes Remote, Interval, Size, Verbose, StartTime, StopTime.")
public class Ns3V4Ping extends Ns3Application {

    public static final Attribute<String> REMOTE = Attribute.ofString(
                    "Remote", "ns-3: the IPv4 address to ping, e.g. 10.0.0.2")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> INTERVAL = changeableWhileRunning(Attribute.ofString(
            "Interval",
            "ns-3: time between echo requests, e.g. 1s (default 1s); changes while a RealTime simulation runs"));
    public static final Attribute<String> SIZE = Attribute.ofString(
                    "Size", "ns-3: bytes of data in each request (default 56)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> VERBOSE = Attribute.ofString(
                    "Verbose", "ns-3: true: ns-3 also prints its own lines on the simulation stdout")
            .withFlags(Flag.DESIGN);

    public Ns3V4Ping(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected List<Attribute<String>> required() {
        return List.of(REMOTE);
    }
}
