package nepi.resources.ns3;

import java.util.List;
import java.util.Optional;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.Trace;
import nepi.core.resource.TraceSource;
import nepi.resources.netns.Ipv4Address;
import nepi.resources.netns.Ipv4Cidr;

/**
 * A simulated network device: connected to one {@link Ns3Node} and one {@link Ns3Channel} of
 * its kind, with an IPv4 address when {@code ip} and {@code prefix} are set. Traces: {@code pcap}
 * (a capture file readable by tcpdump and Wireshark) and {@code ascii} (ns-3's text trace).
 */
public abstract class Ns3NetDevice extends Ns3Resource {

    public static final Attribute<String> IP = Attribute.ofString(
                    "ip", "IPv4 address of the device, e.g. 10.0.0.1 (needs enableStack on its node)")
            .withFlags(Flag.DESIGN)
            .withHook((rm, value) ->
                    value == null ? null : Ipv4Address.parse(value).toString());
    public static final Attribute<Integer> PREFIX = Attribute.ofInteger(
                    "prefix", "Prefix length of the device's network, e.g. 24")
            .withRange(1, 32)
            .withFlags(Flag.DESIGN);

    public static final Trace PCAP =
            Trace.of("pcap", "Packets the device sent and received, as a pcap file (tcpdump -r, Wireshark)");
    public static final Trace ASCII = Trace.of("ascii", "ns-3's ASCII trace of the device's queue and receptions");

    protected Ns3NetDevice(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    /** The node the device belongs to, or null. */
    public Ns3Node node() {
        List<Ns3Node> nodes = getConnected(Ns3Node.class);
        return nodes.isEmpty() ? null : nodes.get(0);
    }

    /** The channel the device is attached to, or null. */
    public Ns3Channel channel() {
        List<Ns3Channel> channels = getConnected(Ns3Channel.class);
        return channels.isEmpty() ? null : channels.get(0);
    }

    /** Its queue or error model of type {@code type}, if it has one. */
    public <T extends Ns3DeviceComponent> Optional<T> component(Class<T> type) {
        return getConnected(type).stream().findFirst();
    }

    /** The device's address and network, when both {@code ip} and {@code prefix} are set. */
    public Optional<Ipv4Cidr> cidr() {
        String ip = get(IP);
        Integer prefix = get(PREFIX);
        return ip == null || prefix == null
                ? Optional.empty()
                : Optional.of(new Ipv4Cidr(Ipv4Address.parse(ip), prefix));
    }

    @Override
    public Ns3Simulation simulation() {
        Ns3Node node = node();
        return node == null ? null : node.simulation();
    }

    @Override
    protected void checkConnection(ResourceManager other) {
        if (other instanceof Ns3Node) {
            Ns3Node node = node();
            if (node != null && node != other) {
                throw new IllegalArgumentException(this + " already belongs to " + node);
            }
        } else if (other instanceof Ns3Channel) {
            Ns3Channel channel = channel();
            if (channel != null && channel != other) {
                throw new IllegalArgumentException(this + " is already attached to " + channel);
            }
        } else if (!(other instanceof Ns3DeviceComponent)) {
            // A queue or an error model checks the connection itself.
            throw new IllegalArgumentException(this + " connects to one ns3::Node, one channel of its kind, a"
                    + " ns3::DropTailQueue and a ns3::RateErrorModel, not to " + other);
        }
    }

    @Override
    public TraceSource traceSource(String name) {
        Ns3Simulation sim = simulation();
        if (sim == null || !traceEnabled(name)) {
            return null;
        }
        return sim.runFile(name.equals("pcap") ? Ns3Design.pcapFile(getGuid()) : Ns3Design.asciiFile(getGuid()));
    }
}
