package nepi.resources.ns3;

import static nepi.core.resource.ResourceState.FAILED;
import static nepi.core.resource.ResourceState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceAction;
import nepi.core.resource.ResourceState;
import nepi.resources.netns.Privileges;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real meets simulated: a real namespace pings across a simulated point-to-point link through an
 * {@code ns3::FdNetDevice} on a veth end (real namespaces, real ns-3, as root). The namespaces are
 * the netns family's, named per experiment controller ({@code nepi<tag>-n<guid>}), and go with the
 * controller's shutdown.
 */
class Ns3HybridIT {

    /** Shared with {@link Ns3SimulationIT}: whichever runs first builds the driver there, once. */
    private static final Path HOME = Path.of("target", "ns3-it-home").toAbsolutePath();

    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern RTT = Pattern.compile("time=([0-9.]+) ms");

    @TempDir
    Path local;

    private ExperimentController ec;
    private int sim;

    @BeforeEach
    void simulation() throws Exception {
        assumeTrue(Privileges.missing().isEmpty(), () -> Privileges.missing().orElse(""));
        Files.createDirectories(HOME);
        ec = new ExperimentController("ns3-hybrid-it", local);
        int host = ec.registerResource("linux::Node", Map.of("hostname", "localhost", "home", HOME.toString()));
        sim = ec.registerResource("linux::ns3::Simulation", Map.of("simulatorImpl", "RealTime", "stopTime", "60s"));
        ec.registerConnection(sim, host);
    }

    @AfterEach
    void shutdown() {
        if (ec != null) {
            ec.shutdown();
        }
    }

    private int register(String type, Map<String, Object> attrs, int... connectedTo) {
        int guid = ec.registerResource(type, attrs);
        for (int other : connectedTo) {
            ec.registerConnection(guid, other);
        }
        return guid;
    }

    /**
     * A real namespace {@code real} (198.18.213.1/24) whose veth peer, in namespace {@code edge},
     * is taken over by the ns-3 node n1 (198.18.213.2); n1 reaches n2 (10.0.0.2) over a simulated
     * 5 Mbps / {@code delay} point-to-point link. Returns {real, fd device}.
     */
    private int[] hybrid(String delay) {
        int real = register("netns::Node", Map.of());
        int edge = register("netns::Node", Map.of());
        int a = register("netns::Interface", Map.of("ip", "198.18.213.1/24"), real);
        int b = register("netns::Interface", Map.of(), edge);
        ec.registerConnection(a, b);
        register("netns::Route", Map.of("network", "10.0.0.0", "prefix", 24, "nexthop", "198.18.213.2"), real);

        int n1 = register("ns3::Node", Map.of("enableStack", true), sim);
        int n2 = register("ns3::Node", Map.of("enableStack", true), sim);
        int fd = register("ns3::FdNetDevice", Map.of("ip", "198.18.213.2", "prefix", 24), n1, b);
        int link = register("ns3::PointToPointChannel", Map.of("Delay", delay));
        register("ns3::PointToPointNetDevice", Map.of("ip", "10.0.0.1", "prefix", 24, "DataRate", "5Mbps"), n1, link);
        register("ns3::PointToPointNetDevice", Map.of("ip", "10.0.0.2", "prefix", 24, "DataRate", "5Mbps"), n2, link);
        register("ns3::Route", Map.of("network", "198.18.213.0", "prefix", 24, "nexthop", "10.0.0.1"), n2);
        return new int[] {real, fd};
    }

    private static List<Double> rtts(String stdout) {
        return stdout.lines()
                .map(RTT::matcher)
                .filter(Matcher::find)
                .map(m -> Double.parseDouble(m.group(1)))
                .toList();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void realPingFromANamespaceCrossesTheSimulatedLink() throws Exception {
        int[] h = hybrid("10ms");
        // Past the simulated device (the ns-3 node's own address), then across the simulated link.
        int near = register("linux::Ping", Map.of("target", "198.18.213.2", "count", 3), h[0]);
        int far = register("linux::Ping", Map.of("target", "10.0.0.2", "count", 5), h[0]);
        // Once the driver has had time to open the interface and run: earlier pings would be lost.
        ec.registerCondition(near, ResourceAction.START, sim, ResourceState.STARTED, "3s");
        ec.registerCondition(far, ResourceAction.START, sim, ResourceState.STARTED, "3s");
        ec.enableTrace(h[1], "pcap");
        ec.deploy();
        assertThat(ec.waitFinished(List.of(near, far), TIMEOUT)).isTrue();

        String farOut = ec.trace(far, "stdout");
        List<Double> farRtts = rtts(farOut);
        List<Double> nearRtts = rtts(ec.trace(near, "stdout"));
        assertThat(nearRtts).as(ec.trace(near, "stdout")).hasSize(3);
        // 10 ms each way plus 0.1376 ms of transmission at 5 Mbit/s each way: 20.275 ms in simulated time,
        // plus what the real kernel and the driver add (the host is loaded: bounded loosely).
        assertThat(farRtts).as(farOut).hasSize(5).allSatisfy(rtt -> assertThat(rtt)
                .isBetween(20.2, 1000.0));
        assertThat(ec.state(sim)).isNotEqualTo(FAILED);
        ec.stop(sim);
        assertThat(ec.waitFinished(List.of(sim), TIMEOUT)).isTrue();
        assertThat(ec.state(sim)).isEqualTo(STOPPED);
    }

    @Test
    void hybridWithoutRealTimeIsRefusedNamingTheDevice() throws Exception {
        int[] h = hybrid("2ms");
        ec.set(sim, "simulatorImpl", "Default");
        ec.deploy();
        ec.waitFinished(List.of(sim), Duration.ofMinutes(2));

        assertThat(ec.state(sim)).isEqualTo(FAILED);
        assertThat(ec.getResource(sim).getFailureReason().orElseThrow())
                .contains("ns3::FdNetDevice #" + h[1] + " carries real packets")
                .contains("set simulatorImpl to RealTime");
    }
}
