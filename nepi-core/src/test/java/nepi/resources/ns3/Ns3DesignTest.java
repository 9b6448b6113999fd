package nepi.resources.ns3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.core.resource.Attribute;
import nepi.core.resource.ResourceFactory;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceTypeInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ns-3 designs without ns-3: attribute names against the TypeIds, the checks, and the description. */
class Ns3DesignTest {

    @TempDir
    Path home;

    private ExperimentController ec;
    private int sim;

    @BeforeEach
    void newExperiment() {
        ec = new ExperimentController("ns3-design", home);
        sim = ec.registerResource("linux::ns3::Simulation");
    }

    @AfterEach
    void shutdown() {
        ec.shutdown();
    }

    private int node(boolean stack) {
        int node = ec.registerResource("ns3::Node", Map.of("enableStack", stack));
        ec.registerConnection(node, sim);
        return node;
    }

    private int connected(String type, Map<String, Object> attrs, int... to) {
        int guid = ec.registerResource(type, attrs);
        for (int other : to) {
            ec.registerConnection(guid, other);
        }
        return guid;
    }

    private List<String> problems() {
        List<ResourceManager> rms = new ArrayList<>();
        for (int guid : ec.getResources()) {
            rms.add(ec.getResource(guid));
        }
        return Ns3Design.problems(rms, Ns3TypeIds.bundled());
    }

    @Test
    void everyNs3AttributeDeclaredIsOneOfItsTypeIdInNs3() {
        Ns3TypeIds ids = Ns3TypeIds.bundled();
        int checked = 0;
        for (Class<? extends ResourceManager> c : new Ns3Types().resourceTypes()) {
            ResourceTypeInfo type = ResourceFactory.typeOf(c);
            for (Attribute<?> attr : type.getAttributes()) {
                if (Ns3Resource.isNs3Attribute(attr)) {
                    String typeId = c == Ns3DropTailQueue.class ? Ns3DropTailQueue.TYPE_ID : type.getName();
                    assertThat(ids.attributes(typeId))
                            .as("%s of %s", attr.getName(), type.getName())
                            .containsKey(attr.getName());
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(25);
    }

    @Test
    void typeIdsIncludeInheritedAttributes() {
        Ns3TypeIds ids = Ns3TypeIds.bundled();
        assertThat(ids.hasType("ns3::V4Ping")).isTrue();
        assertThat(ids.valueType("ns3::V4Ping", "Remote")).contains("Ipv4AddressValue");
        assertThat(ids.valueType("ns3::V4Ping", "StartTime")).contains("TimeValue");
        assertThat(ids.valueType("ns3::V4Ping", "Delay")).isEmpty();
        assertThat(ids.hasType("ns3::NoSuchThing")).isFalse();
    }

    @Test
    void mistypedNs3AttributeIsRefusedAtSetWithTheValidNames() {
        int channel = ec.registerResource("ns3::PointToPointChannel");
        assertThatThrownBy(() -> ec.set(channel, "Dealy", "2ms"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no attribute 'Dealy'")
                .hasMessageContaining("Delay");
        assertThatThrownBy(() -> ec.set(sim, "stopTime", "ten seconds"))
                .hasMessageContaining("stopTime is a time such as 10s");
        int device = ec.registerResource("ns3::CsmaNetDevice");
        assertThatThrownBy(() -> ec.set(device, "ip", "10.0.0.300")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mistypedNs3ValueIsRefusedAtSetWithWhatIsAccepted() {
        int device = ec.registerResource("ns3::PointToPointNetDevice");
        assertThatThrownBy(() -> ec.set(device, "DataRate", "5Mbs"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ns3::PointToPointNetDevice #" + device
                        + ": DataRate cannot be \"5Mbs\": a data rate such as 5Mbps, 1Gbps, 100kbps");
        assertThatThrownBy(() -> ec.registerResource("ns3::DropTailQueue", Map.of("MaxSize", "10 parcels")))
                .hasMessageContaining("MaxSize cannot be \"10 parcels\": a queue size such as 100p");
        ec.set(device, "DataRate", "5Mbps");
        ec.set(device, "Mtu", "9000");
        assertThat(ec.getResource(device).get("DataRate")).isEqualTo("5Mbps");
    }

    @Test
    void valueTheHostsNs3RefusesIsADesignProblem() {
        int n = node(true);
        int device = connected("ns3::CsmaNetDevice", Map.of("Mtu", "9000"), n);
        Ns3TypeIds host = Ns3TypeIds.parse("type ns3::CsmaNetDevice -\nattr ns3::CsmaNetDevice Mtu UintegerValue\n"
                + "info ns3::CsmaNetDevice Mtu uint16_t 0:1500\n");
        List<ResourceManager> rms = new ArrayList<>();
        for (int guid : ec.getResources()) {
            rms.add(ec.getResource(guid));
        }
        assertThat(Ns3Design.problems(rms, host))
                .contains("ns3::CsmaNetDevice #" + device + ": Mtu cannot be \"9000\": a whole number from 0 to 1500");
    }

    @Test
    void connectionsOfTheWrongKindAreRefusedWhenMade() {
        int n = node(true);
        int p2p = ec.registerResource("ns3::PointToPointChannel");
        int csmaDevice = connected("ns3::CsmaNetDevice", Map.of(), n);
        assertThatThrownBy(() -> ec.registerConnection(csmaDevice, p2p))
                .hasMessageContaining("joins ns3::PointToPointNetDevice devices only");
        connected("ns3::PointToPointNetDevice", Map.of(), n, p2p);
        connected("ns3::PointToPointNetDevice", Map.of(), n, p2p);
        int third = connected("ns3::PointToPointNetDevice", Map.of(), n);
        assertThatThrownBy(() -> ec.registerConnection(third, p2p)).hasMessageContaining("already joins 2 devices");
        int other = node(true);
        assertThatThrownBy(() -> ec.registerConnection(n, other)).hasMessageContaining("cannot be connected");
    }

    @Test
    void queueAndErrorModelBelongToOneDeviceEach() {
        int n = node(true);
        int device = connected("ns3::PointToPointNetDevice", Map.of(), n);
        int queue = connected("ns3::DropTailQueue", Map.of("MaxSize", "10p"), device);
        int errors = connected("ns3::RateErrorModel", Map.of("ErrorRate", "0.1"), device);
        assertThatThrownBy(() -> connected("ns3::DropTailQueue", Map.of(), device))
                .hasMessageContaining("already has ns3::DropTailQueue #" + queue + " as its queue");
        assertThatThrownBy(() -> connected("ns3::RateErrorModel", Map.of(), device))
                .hasMessageContaining("already has ns3::RateErrorModel #" + errors + " as its error model");
        int other = connected("ns3::PointToPointNetDevice", Map.of(), n);
        assertThatThrownBy(() -> ec.registerConnection(queue, other))
                .hasMessageContaining("is already the queue of ns3::PointToPointNetDevice #" + device);
        assertThatThrownBy(() -> ec.registerConnection(errors, n))
                .hasMessageContaining("is the error model of a device");
        assertThatThrownBy(() -> ec.set(errors, "ErorRate", "0.1")).hasMessageContaining("ErrorRate");
        int loose = ec.registerResource("ns3::RateErrorModel");
        assertThat(problems())
                .contains("ns3::RateErrorModel #" + loose + " is the error model of no device: connect it to a"
                        + " ns3::PointToPointNetDevice or a ns3::CsmaNetDevice");
    }

    @Test
    void wifiDeviceNeedsAMobilityModelOnItsNodeAndKeepsItsOwnQueues() {
        int n = node(true);
        int channel = ec.registerResource("ns3::YansWifiChannel");
        int wifi = connected("ns3::WifiNetDevice", Map.of("ip", "10.0.0.1", "prefix", 24), n, channel);
        assertThatThrownBy(() -> connected("ns3::DropTailQueue", Map.of(), wifi))
                .hasMessageContaining("keeps the queues and error models of ns-3's Wi-Fi");
        assertThatThrownBy(() -> connected("ns3::PointToPointNetDevice", Map.of(), channel))
                .hasMessageContaining("joins ns3::WifiNetDevice devices only");
        assertThat(problems())
                .anyMatch(p -> p.startsWith("ns3::WifiNetDevice #" + wifi + " is a Wi-Fi device but ns3::Node #" + n
                        + " has no mobility model"));

        int still = connected("ns3::ConstantPositionMobilityModel", Map.of("Position", "10:0:0"), n);
        assertThatThrownBy(() -> connected("ns3::RandomWalk2dMobilityModel", Map.of(), n))
                .hasMessageContaining("already has ns3::ConstantPositionMobilityModel #" + still);
        assertThat(problems()).noneMatch(p -> p.contains("mobility"));
        String description = Ns3Design.describe(Ns3Design.of((Ns3Simulation) ec.getResource(sim)), "/run");
        assertThat(description.lines())
                .containsSubsequence(
                        "object " + still + " ns3::ConstantPositionMobilityModel",
                        "attr " + still + " Position 10:0:0",
                        "mobility " + n + " " + still,
                        "attach " + wifi + " " + n + " " + channel);
    }

    @Test
    void everyProblemOfTheDesignIsListedNamingTheResources() {
        int stacked = node(true);
        int bare = node(false);
        int channel = ec.registerResource("ns3::PointToPointChannel");
        int d1 = connected("ns3::PointToPointNetDevice", Map.of("ip", "10.0.0.1", "prefix", 24), stacked, channel);
        int d2 = connected("ns3::PointToPointNetDevice", Map.of("ip", "10.0.0.1", "prefix", 24), stacked);
        int noPrefix = connected("ns3::CsmaNetDevice", Map.of("ip", "10.9.0.1"), bare);
        int ping = connected("ns3::V4Ping", Map.of(), bare);
        int route =
                connected("ns3::Route", Map.of("network", "10.2.0.0", "prefix", 24, "nexthop", "10.3.0.1"), stacked);
        int orphan = ec.registerResource("ns3::UdpEchoServer");

        List<String> problems = problems();
        assertThat(problems)
                .contains(
                        "ns3::UdpEchoServer #" + orphan + " is installed on no node: connect it to a ns3::Node",
                        "linux::ns3::Simulation #" + sim
                                + " runs on no host: connect it to a linux::Node (hostname localhost for this machine)",
                        "ns3::PointToPointNetDevice #" + d2
                                + " has no channel: connect it to a ns3::PointToPointChannel",
                        "ns3::PointToPointNetDevice #" + d1 + " and ns3::PointToPointNetDevice #" + d2
                                + " both have address 10.0.0.1; each device needs its own",
                        "ns3::PointToPointChannel #" + channel + " joins 1 device(s) [ns3::PointToPointNetDevice #" + d1
                                + "]; a point-to-point link needs two",
                        "ns3::V4Ping #" + ping + " is installed on ns3::Node #" + bare
                                + ", which has no internet stack: set enableStack on ns3::Node #" + bare,
                        "ns3::V4Ping #" + ping + ": 'Remote' not set")
                .anyMatch(p -> p.startsWith("ns3::CsmaNetDevice #" + noPrefix + ": 'ip' is set but not 'prefix'"))
                .anyMatch(p -> p.startsWith("ns3::Route #" + route + ": next hop 10.3.0.1 is unreachable"));
    }

    @Test
    void hybridDeviceNeedsARealInterfaceRealTimeAndTheNamespacesHost() {
        int far = ec.registerResource("linux::Node", Map.of("hostname", "10.0.0.9"));
        ec.registerConnection(sim, far);
        int n = node(true);
        int alone = connected("ns3::FdNetDevice", Map.of("ip", "198.18.213.2", "prefix", 24), n);
        int realNode = ec.registerResource("netns::Node");
        int iface = connected("netns::Interface", Map.of(), realNode);
        int fd = connected("ns3::FdNetDevice", Map.of("ip", "198.18.214.2", "prefix", 24), n, iface);

        assertThat(problems())
                .contains(
                        "ns3::FdNetDevice #" + alone
                                + " takes over no real interface: connect it to a netns::Interface of this machine",
                        "ns3::FdNetDevice #" + fd + " carries real packets, which need the simulated clock to follow"
                                + " the wall clock: set simulatorImpl to RealTime on linux::ns3::Simulation #" + sim)
                .anyMatch(p -> p.startsWith("ns3::FdNetDevice #" + fd + " takes over netns::Interface #" + iface
                        + " on this machine but linux::ns3::Simulation #" + sim + " runs on linux::Node #" + far))
                .noneMatch(p -> p.contains("has no channel"));
        assertThatThrownBy(() -> ec.registerConnection(fd, ec.registerResource("ns3::PointToPointChannel")))
                .hasMessageContaining("has no ns-3 channel");
    }

    @Test
    void onlyAttributesThatNs3ChangesLiveAreChangeableAfterDeploy() {
        List<String> live = new ArrayList<>();
        for (Class<? extends ResourceManager> c : new Ns3Types().resourceTypes()) {
            ResourceTypeInfo type = ResourceFactory.typeOf(c);
            for (Attribute<?> attr : type.getAttributes()) {
                if (Ns3Resource.isNs3Attribute(attr) && !attr.hasFlag(Attribute.Flag.DESIGN)) {
                    live.add(type.getName() + "." + attr.getName());
                }
            }
        }
        assertThat(live)
                .containsExactlyInAnyOrder(
                        "ns3::PointToPointNetDevice.DataRate",
                        "ns3::PointToPointChannel.Delay",
                        "ns3::CsmaChannel.DataRate",
                        "ns3::CsmaChannel.Delay",
                        "ns3::ConstantPositionMobilityModel.Position",
                        "ns3::RandomWalk2dMobilityModel.Position",
                        "ns3::RateErrorModel.ErrorRate",
                        "ns3::V4Ping.Interval",
                        "ns3::OnOffApplication.DataRate");
    }

    @Test
    void descriptionCreatesObjectsWithTheirAttributesThenWiresThem() {
        ec.set(sim, "stopTime", "8s");
        ec.set(sim, "seed", 7);
        ec.set(sim, "populateRoutingTables", true);
        ec.enableTrace(sim, "flowmon");
        int n1 = node(true);
        int n2 = node(true);
        int channel = ec.registerResource("ns3::PointToPointChannel", Map.of("Delay", "2ms"));
        int d1 = connected(
                "ns3::PointToPointNetDevice", Map.of("ip", "10.0.0.1", "prefix", 24, "DataRate", "5Mbps"), n1, channel);
        int d2 = connected("ns3::PointToPointNetDevice", Map.of("ip", "10.0.0.2", "prefix", 24), n2, channel);
        ec.enableTrace(d2, "pcap");
        int queue = connected("ns3::DropTailQueue", Map.of("MaxSize", "10p"), d1);
        int errors = connected("ns3::RateErrorModel", Map.of("ErrorRate", "0.1", "ErrorUnit", "ERROR_UNIT_PACKET"), d2);
        int ping = connected("ns3::V4Ping", Map.of("Remote", "10.0.0.2", "StartTime", "1s"), n1);
        int route = connected("ns3::Route", Map.of("network", "10.5.0.0", "prefix", 16, "nexthop", "10.0.0.2"), n1);
        int sink = connected("ns3::PacketSink", Map.of("Local", "0.0.0.0:9", "throughputInterval", "1s"), n2);
        assertThat(problems())
                .containsExactly("linux::ns3::Simulation #" + sim + " runs on no host: connect it to a"
                        + " linux::Node (hostname localhost for this machine)");

        String description = Ns3Design.describe(Ns3Design.of((Ns3Simulation) ec.getResource(sim)), "/run dir");
        assertThat(description.lines().filter(l -> !l.startsWith("#")))
                .containsExactly(
                        "impl Default",
                        "checksum false",
                        "seed 7",
                        "run 1",
                        "stop 8s",
                        "node " + n1,
                        "stack " + n1,
                        "node " + n2,
                        "stack " + n2,
                        "object " + d1 + " ns3::PointToPointNetDevice",
                        "attr " + d1 + " DataRate 5Mbps",
                        "object " + d2 + " ns3::PointToPointNetDevice",
                        "object " + channel + " ns3::PointToPointChannel",
                        "attr " + channel + " Delay 2ms",
                        "object " + ping + " ns3::V4Ping",
                        "attr " + ping + " StartTime 1s",
                        "attr " + ping + " Remote 10.0.0.2",
                        "object " + sink + " ns3::PacketSink",
                        "attr " + sink + " Local 0.0.0.0:9",
                        "object " + queue + " ns3::DropTailQueue<Packet>",
                        "attr " + queue + " MaxSize 10p",
                        "object " + errors + " ns3::RateErrorModel",
                        "attr " + errors + " ErrorRate 0.1",
                        "attr " + errors + " ErrorUnit ERROR_UNIT_PACKET",
                        "queue " + d1 + " " + queue,
                        "attach " + d1 + " " + n1 + " " + channel,
                        "errormodel " + d2 + " " + errors,
                        "attach " + d2 + " " + n2 + " " + channel,
                        "address " + d1 + " 10.0.0.1 24",
                        "address " + d2 + " 10.0.0.2 24",
                        "route " + n1 + " 10.5.0.0 16 10.0.0.2",
                        "globalrouting",
                        "app " + ping + " " + n1 + " /run dir/app-" + ping + ".stdout",
                        "app " + sink + " " + n2 + " /run dir/app-" + sink + ".stdout",
                        "throughput " + sink + " 1s /run dir/app-" + sink + ".throughput",
                        "pcap " + d2 + " /run dir/dev-" + d2 + ".pcap",
                        "flowmon /run dir/flowmon.tsv");
        assertThat(route).isPositive();
    }

    @Test
    void driverIsNamedByTheHashOfItsSource() {
        assertThat(Ns3Driver.hash()).matches("[0-9a-f]{16}");
        assertThat(Ns3Driver.source()).contains("int\nmain(int argc, char** argv)");
    }
}
