package nepi.resources.ns3;

import java.util.List;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;
import nepi.core.resource.Trace;
import nepi.core.resource.TraceSource;

/** ns-3's {@code ns3::PacketSink}, installed on a {@link Ns3Node}. */
@ResourceType(
        value = "ns3::PacketSink",
        help =
                "A simulated sink that receives and counts packets on Local (address:port, e.g. 0.0.0.0:9). stdout: the bytes received and the throughput, at its stop; throughput: Mbit/s received per throughputInterval.")
public class Ns3PacketSink extends Ns3Application {

    public static final Attribute<String> LOCAL = Attribute.ofString(
                    "Local", "ns-3: the address:port to receive on, e.g. 0.0.0.0:9")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> PROTOCOL = Attribute.ofString(
                    "Protocol", "ns-3: the socket type, ns3::UdpSocketFactory (default) or ns3::TcpSocketFactory")
            .withFlags(Flag.DESIGN);

    public static final Attribute<String> THROUGHPUT_INTERVAL = Attribute.ofString(
                    "throughputInterval", "Simulated time between two lines of the throughput trace, e.g. 100ms, 1s")
            .withDefault("100ms")
            .withFlags(Flag.DESIGN)
            .withHook((rm, value) -> {
                if (value != null && !Ns3Simulation.isTime(value)) {
                    throw new IllegalArgumentException(
                            "throughputInterval is a time such as 100ms or 1s, not \"" + value + "\"");
                }
                return value == null ? null : value.strip();
            });

    public static final Trace THROUGHPUT = Trace.enabled(
            "throughput",
            "What the sink received, in Mbit/s, every throughputInterval of simulated time from its StartTime: a"
                    + " header 'time Mbps', then one line 'T MBPS' per interval ending at T (seconds)");

    public Ns3PacketSink(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected List<Attribute<String>> required() {
        return List.of(LOCAL);
    }

    @Override
    public TraceSource traceSource(String name) {
        if (!"throughput".equals(name)) {
            return super.traceSource(name);
        }
        Ns3Simulation sim = simulation();
        return sim == null ? null : sim.runFile(Ns3Design.throughputFile(getGuid()));
    }
}
