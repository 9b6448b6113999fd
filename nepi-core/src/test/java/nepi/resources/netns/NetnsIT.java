package nepi.resources.netns;

import static nepi.core.resource.ResourceState.FAILED;
import static nepi.core.resource.ResourceState.READY;
import static nepi.core.resource.ResourceState.STARTED;
import static nepi.core.resource.ResourceState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceAction;
import nepi.core.resource.ResourceState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The netns family end to end, with real namespaces, veth pairs, bridges, routes and tc
 * (needs root: skipped, with the reason, otherwise). Every test checks in {@link #shutdown}
 * that releasing left nothing of its run in the kernel.
 */
class NetnsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path home;

    private ExperimentController ec;
    private Topology t;
    private final List<Integer> nodes = new ArrayList<>();

    @BeforeEach
    void needsRoot() {
        assumeTrue(Privileges.missing().isEmpty(), () -> Privileges.missing().orElse(""));
        ec = new ExperimentController("netns-it-" + ProcessHandle.current().pid(), home.resolve("local"));
        t = new Topology(ec, home);
    }

    @AfterEach
    void shutdown() throws Exception {
        if (ec == null) {
            return;
        }
        String prefix = nodes.stream()
                .map(t::nodeRm)
                .filter(n -> n.getState() != ResourceState.NEW)
                .map(n -> n.getState() == FAILED ? null : Kernel.prefixOf(n.namespace()))
                .filter(p -> p != null)
                .findFirst()
                .orElse(null);
        ec.shutdown();
        if (prefix != null) {
            assertThat(Kernel.namespaces(prefix))
                    .as("namespaces left after release")
                    .isEmpty();
        }
        assertThat(Kernel.createdFor(ec.getExpId())).as("what the run left").isEmpty();
    }

    private int node() {
        int node = t.node();
        nodes.add(node);
        return node;
    }

    private void deployAndWait() throws InterruptedException {
        ec.deploy();
        assertThat(ec.waitDeployed(ec.getResources(), WAIT)).isTrue();
        assertNoFailure();
    }

    private void assertNoFailure() {
        for (int guid : ec.getResources()) {
            assertThat(ec.getResource(guid).getFailureReason())
                    .as("failure of %s", ec.getResource(guid))
                    .isEmpty();
        }
    }

    private void assertStoppedWith(int app, String output) throws InterruptedException {
        assertThat(ec.waitFinished(List.of(app), WAIT)).isTrue();
        assertThat(ec.state(app))
                .as(
                        "%s: %s / %s",
                        ec.getResource(app),
                        ec.trace(app, "stdout"),
                        ec.getResource(app).getFailureReason())
                .isEqualTo(STOPPED);
        assertThat(ec.trace(app, "stdout")).contains(output);
    }

    @Test
    void twoNodesOnAPointToPointLinkPingEachOther() throws Exception {
        int a = node();
        int b = node();
        t.link(a, "198.18.0.1/30", b, "198.18.0.2/30");
        int aToB = t.ping(a, "198.18.0.2", 2);
        int bToA = ec.registerResource("netns::Application", Map.of("command", "ping -n -c 2 -W 1 -i 0.2 198.18.0.1"));
        ec.registerConnection(bToA, b);
        deployAndWait();

        assertStoppedWith(aToB, "2 received");
        assertStoppedWith(bToA, "2 received");
    }

    @Test
    void applicationsRunInsideTheirNodesNamespaceAndStopLikeLinuxApplications() throws Exception {
        int a = node();
        int b = node();
        int[] link = t.link(a, "198.18.0.1/30", b, "198.18.0.2/30");
        ec.set(link[0], "name", "uplink0");
        int netns = t.app(a, "readlink /proc/self/ns/net; ip -o addr show");
        int sleeper = t.app(b, "sleep 60");
        int failing = t.app(b, "echo 'link on fire' >&2; exit 3");
        ec.set(failing, "critical", false);
        deployAndWait();

        assertStoppedWith(netns, "uplink0");
        String inode = "net:["
                + Files.readAttributes(Path.of("/run/netns", t.nodeRm(a).namespace()), "unix:ino")
                        .get("ino") + "]";
        assertThat(ec.trace(netns, "stdout"))
                .startsWith(inode)
                .contains("198.18.0.1/30")
                .doesNotContain("198.18.0.2");

        ec.waitFinished(List.of(failing), WAIT);
        assertThat(ec.state(failing)).isEqualTo(FAILED);
        assertThat(ec.getResource(failing).getFailureReason())
                .hasValueSatisfying(
                        r -> assertThat(r).contains("exited with code 3").contains("link on fire"));

        assertThat(ec.waitStarted(List.of(sleeper), WAIT)).isTrue();
        int pid = ((NetnsApplication) ec.getResource(sleeper)).getPid();
        assertThat(ProcessHandle.of(pid)).isPresent();
        ec.stop(sleeper);
        assertThat(ec.waitFinished(List.of(sleeper), WAIT)).isTrue();
        assertThat(ec.state(sleeper)).isEqualTo(STOPPED);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }

    @Test
    void threeNodesOnASwitchReachEachOther() throws Exception {
        int sw = t.switchNode();
        int a = node();
        int b = node();
        int c = node();
        t.port(a, sw, "198.18.1.1/24");
        t.port(b, sw, "198.18.1.2/24");
        t.port(c, sw, "198.18.1.3/24");
        int aToB = t.ping(a, "198.18.1.2", 1);
        int bToC = t.ping(b, "198.18.1.3", 1);
        int cToA = t.ping(c, "198.18.1.1", 1);
        deployAndWait();

        assertStoppedWith(aToB, "1 received");
        assertStoppedWith(bToC, "1 received");
        assertStoppedWith(cToA, "1 received");
        String bridge = Kernel.ip(
                ((NetnsSwitch) ec.getResource(sw)).namespace(), "-o", "link", "show", "master", NetnsSwitch.BRIDGE);
        assertThat(bridge.lines()).hasSize(3);
    }

    @Test
    void aLineOfThreeRoutesThroughTheMiddleOnceTheRoutesAreDeployed() throws Exception {
        int a = node();
        int b = node();
        int c = node();
        t.link(a, "198.18.1.1/24", b, "198.18.1.2/24");
        t.link(b, "198.18.2.1/24", c, "198.18.2.2/24");
        int before = t.ping(a, "198.18.2.2", 1);
        ec.set(before, "critical", false);
        deployAndWait();
        ec.waitFinished(List.of(before), WAIT);
        assertThat(ec.state(before)).as("ping end to end without routes").isEqualTo(FAILED);

        // Interactively, as a notebook would: routes, then a new ping and a traceroute.
        int there = t.route(a, "198.18.2.0", 24, "198.18.1.2");
        int back = t.route(c, "198.18.1.0", 24, "198.18.2.1");
        ec.deploy(there, back);
        assertThat(ec.waitDeployed(List.of(there, back), WAIT)).isTrue();
        assertThat(ec.state(there)).isIn(READY, STARTED);
        int after = t.ping(a, "198.18.2.2", 1);
        int trace = ec.registerResource(
                "linux::Traceroute", Map.of("target", "198.18.2.2", "useIP", true, "queries", 1, "wait", 1));
        ec.registerConnection(trace, a);
        ec.deploy(after, trace);

        assertStoppedWith(after, "1 received");
        assertStoppedWith(trace, "198.18.2.2");
        assertThat(ec.trace(trace, "stdout")).contains("198.18.1.2");
        assertThat(Kernel.ip(t.nodeRm(a).namespace(), "route", "show")).contains("198.18.2.0/24 via 198.18.1.2");
    }

    @Test
    void aRouteThroughAnUnreachableNextHopFailsAndAddsNothing() throws Exception {
        int a = node();
        int b = node();
        t.link(a, "198.18.1.1/24", b, "198.18.1.2/24");
        deployAndWait();
        String routesBefore = Kernel.ip(t.nodeRm(a).namespace(), "route", "show");

        int bad = t.route(a, "198.18.9.0", 24, "198.18.7.1");
        ec.set(bad, "critical", false);
        ec.deploy(bad);
        ec.waitDeployed(List.of(bad), WAIT);
        assertThat(ec.state(bad)).isEqualTo(FAILED);
        assertThat(ec.getResource(bad).getFailureReason()).hasValueSatisfying(r -> assertThat(r)
                .contains("next hop 198.18.7.1 is unreachable")
                .contains("198.18.1.0/24"));
        assertThat(Kernel.ip(t.nodeRm(a).namespace(), "route", "show")).isEqualTo(routesBefore);
    }

    @Test
    void aRateLimitedLinkIsMeasuredWithinTwentyPercentOfItsLimit() throws Exception {
        int a = node();
        int b = node();
        int[] link = t.link(a, "198.18.0.1/30", b, "198.18.0.2/30");
        ec.set(link[0], "rate", "10mbit");
        int server = ec.registerResource("linux::Iperf", Map.of("role", "server"));
        ec.registerConnection(server, b);
        int client = ec.registerResource(
                "linux::Iperf", Map.of("role", "client", "target", "198.18.0.2", "duration", 3, "json", true));
        ec.registerConnection(client, a);
        // The server is STARTED once it listens (inside b's namespace): no delay to guess.
        ec.registerCondition(client, ResourceAction.START, server, ResourceState.STARTED);
        deployAndWait();

        assertStoppedWith(client, "sum_received");
        JsonNode report = new ObjectMapper().readTree(ec.trace(client, "stdout"));
        double received =
                report.path("end").path("sum_received").path("bits_per_second").asDouble();
        System.out.printf("netns: iperf3 over a 10mbit tbf limit received %.2f Mbit/s%n", received / 1e6);
        assertThat(received).as("received bit/s over a 10mbit limit").isBetween(8e6, 12e6);
        assertThat(Kernel.tc(t.nodeRm(a).namespace(), "qdisc", "show", "dev", "eth0"))
                .contains("tbf")
                .contains("rate 10Mbit");
    }

    @Test
    void loweringTheRateUnderLoadNeverWedgesTheLink() throws Exception {
        int a = node();
        int b = node();
        int[] link = t.link(a, "198.18.0.1/30", b, "198.18.0.2/30");
        deployAndWait();
        String ns = t.nodeRm(a).namespace();

        for (int round = 1; round <= 3; round++) {
            ec.set(link[0], "rate", "20mbit");
            ec.set(link[1], "rate", "20mbit");
            // A server of its own for each round: one that just served a test may still be busy.
            int port = 5200 + round;
            int server = t.app(b, "iperf3 -s -1 -p " + port);
            ec.set(server, "critical", false);
            ec.deploy(server);
            ec.waitStarted(List.of(server), WAIT);
            int client = t.app(a, "sleep 0.5; iperf3 -c 198.18.0.2 -p " + port + " -t 6 -i 1 --connect-timeout 3000");
            ec.set(client, "critical", false);
            ec.deploy(client);
            ec.waitStarted(List.of(client), WAIT);
            // Two seconds at 20mbit fill the queue with segmentation-offload packets.
            Thread.sleep(2000);
            long before = sentBytes(ns);
            Thread.sleep(500);
            assertThat(sentBytes(ns) - before)
                    .as("round %d: iperf3 sends before the change: %s", round, ec.trace(client, "stderr"))
                    .isPositive();

            ec.set(link[0], "rate", "2mbit");
            ec.set(link[1], "rate", "2mbit");
            Thread.sleep(1000);
            long sentBefore = sentBytes(ns);
            Thread.sleep(1000);
            long sent = sentBytes(ns) - sentBefore;
            int ping = t.ping(a, "198.18.0.2", 3);
            ec.set(ping, "critical", false);
            ec.deploy(ping);
            ec.waitFinished(List.of(ping, client, server), WAIT);

            String qdisc = Kernel.tc(ns, "-s", "qdisc", "show", "dev", "eth0");
            assertThat(sent)
                    .as("round %d: bytes sent in a second at 2mbit: %s", round, qdisc)
                    .isPositive();
            assertThat(ec.trace(ping, "stdout"))
                    .as("round %d: ping after the change: %s", round, qdisc)
                    .containsPattern("[123] received");
            assertThat(ec.state(client))
                    .as("round %d: iperf3 %s%s", round, ec.trace(client, "stdout"), ec.trace(client, "stderr"))
                    .isEqualTo(STOPPED);
            assertThat(qdisc).contains("rate 2Mbit");
        }
    }

    /** What the root qdisc of eth0 in {@code ns} has sent so far, in bytes. */
    private static long sentBytes(String ns) throws Exception {
        Matcher sent =
                Pattern.compile("Sent (\\d+) bytes").matcher(Kernel.tc(ns, "-s", "qdisc", "show", "dev", "eth0"));
        assertThat(sent.find()).isTrue();
        return Long.parseLong(sent.group(1));
    }

    @Test
    void delayAndLossNeedNetemAndSaySoWhenTheKernelLacksIt() throws Exception {
        int a = node();
        int b = node();
        int[] link = t.link(a, "198.18.0.1/30", b, "198.18.0.2/30");
        ec.set(link[0], "delay", 40);
        int ping = t.ping(a, "198.18.0.2", 2);
        ec.deploy();
        ec.waitDeployed(ec.getResources(), WAIT);

        if (NetemProbe.available()) {
            assertNoFailure();
            assertStoppedWith(ping, "2 received");
            assertThat(ec.trace(ping, "stdout")).containsPattern("time=4\\d(\\.\\d+)? ms");
        } else {
            assertThat(ec.state(link[0])).isEqualTo(FAILED);
            assertThat(ec.getResource(link[0]).getFailureReason()).hasValueSatisfying(r -> assertThat(r)
                    .contains("delay 40ms")
                    .contains("sch_netem")
                    .contains("does not have it"));
        }
    }

    @Test
    void upAndMtuApplyAtDeployAndWhileRunning() throws Exception {
        int a = node();
        int b = node();
        int[] link = t.link(a, "198.18.0.1/30", b, "198.18.0.2/30");
        ec.set(link[0], "mtu", 1400);
        ec.set(link[1], "mtu", 1400);
        deployAndWait();
        String ns = t.nodeRm(a).namespace();
        assertThat(Kernel.ip(ns, "link", "show", "eth0")).contains("mtu 1400").contains(",UP");

        ec.set(link[0], "up", false);
        assertThat(Kernel.ip(ns, "link", "show", "eth0")).doesNotContain(",UP");
        int down = t.ping(a, "198.18.0.2", 1);
        ec.set(down, "critical", false);
        ec.deploy(down);
        ec.waitFinished(List.of(down), WAIT);
        assertThat(ec.state(down)).isEqualTo(FAILED);

        ec.set(link[0], "up", true);
        ec.set(link[0], "mtu", 1300);
        assertThat(Kernel.ip(ns, "link", "show", "eth0")).contains("mtu 1300").contains(",UP");
        int up = t.ping(a, "198.18.0.2", 1);
        ec.deploy(up);
        assertStoppedWith(up, "1 received");
    }

    @Test
    void interfacesAreNamedByTheDesignAndNamesIpCouldReadAsKeywordsWork() throws Exception {
        int a = node();
        int b = node();
        int c = node();
        int d = node();
        int[] ab = t.link(a, "198.18.1.1/30", b, "198.18.1.2/30");
        int[] ac = t.link(a, "198.18.2.1/30", c, "198.18.2.2/30");
        int[] ad = t.link(a, "198.18.3.1/30", d, "198.18.3.2/30");
        // "h" is what ip link add takes for "help" unless the name follows the keyword "name".
        ec.set(ab[1], "name", "h");
        ec.set(ac[1], "name", "wan_1.x-2");
        int ping = t.ping(b, "198.18.1.1", 1);
        deployAndWait();

        assertThat(List.of(ec.get(ab[0], "name"), ec.get(ac[0], "name"), ec.get(ad[0], "name")))
                .containsExactly("eth0", "eth1", "eth2");
        String ns = t.nodeRm(a).namespace();
        assertThat(Kernel.ip(ns, "-4", "addr", "show", "dev", "eth0")).contains("198.18.1.1/30");
        assertThat(Kernel.ip(ns, "-4", "addr", "show", "dev", "eth1")).contains("198.18.2.1/30");
        assertThat(Kernel.ip(ns, "-4", "addr", "show", "dev", "eth2")).contains("198.18.3.1/30");
        assertThat(Kernel.ip(t.nodeRm(b).namespace(), "-4", "addr", "show", "dev", "h"))
                .contains("198.18.1.2/30");
        assertThat(Kernel.links(t.nodeRm(c).namespace())).contains("wan_1.x-2");
        assertStoppedWith(ping, "1 received");
    }

    @Test
    void tcpdumpCapturesInsideTheNamespace() throws Exception {
        int a = node();
        int b = node();
        t.link(a, "198.18.0.1/30", b, "198.18.0.2/30");
        int dump = ec.registerResource(
                "linux::Tcpdump", Map.of("interface", "eth0", "expression", "icmp", "count", 2, "noResolve", true));
        ec.registerConnection(dump, b);
        int ping = t.ping(a, "198.18.0.2", 1);
        // tcpdump is STARTED once its capture is open: no delay to guess.
        ec.registerCondition(ping, ResourceAction.START, dump, ResourceState.STARTED);
        deployAndWait();

        assertStoppedWith(ping, "1 received");
        assertStoppedWith(dump, "198.18.0.1 > 198.18.0.2: ICMP echo request");
    }

    @Test
    void aPortCheckSeesTheSocketsOfItsNamespaceNotTheHosts() throws Exception {
        int a = node();
        int b = node();
        try (java.net.ServerSocket onTheHost = new java.net.ServerSocket(0)) {
            int port = onTheHost.getLocalPort();
            // The port listens on the host and in b, never in a: a's check must not take another's socket for its own.
            int blind = ec.registerResource(
                    "netns::Application",
                    Map.of(
                            "command",
                            "sleep 30",
                            "readyCheck",
                            "port:" + port,
                            "readyTimeout",
                            "1s",
                            "critical",
                            false));
            ec.registerConnection(blind, a);
            int server = ec.registerResource(
                    "netns::Application", Map.of("command", "exec iperf3 -s -p " + port, "readyCheck", "port:" + port));
            ec.registerConnection(server, b);
            ec.deploy();
            assertThat(ec.waitStarted(List.of(server), WAIT)).isTrue();
            ec.waitFinished(List.of(blind), WAIT);

            assertThat(ec.state(server)).isEqualTo(STARTED);
            assertThat(ec.state(blind)).isEqualTo(FAILED);
            assertThat(ec.getResource(blind).getFailureReason().orElse(""))
                    .contains("readyCheck port:" + port + " did not pass within 1s")
                    .contains("nothing listens on TCP port " + port);
        }
    }

    @Test
    void releaseLeavesNoNamespaceBridgeOrVethBehind() throws Exception {
        int sw = t.switchNode();
        int a = node();
        int b = node();
        int c = node();
        t.port(a, sw, "198.18.1.1/24");
        t.port(b, sw, "198.18.1.2/24");
        t.link(b, "198.18.2.1/24", c, "198.18.2.2/24");
        t.route(a, "198.18.2.0", 24, "198.18.1.2");
        int sleeper = t.app(c, "sleep 600");
        deployAndWait();
        ec.waitStarted(List.of(sleeper), WAIT);

        String prefix = Kernel.prefixOf(t.nodeRm(a).namespace());
        String switchNs = ((NetnsSwitch) ec.getResource(sw)).namespace();
        assertThat(Kernel.namespaces(prefix)).hasSize(4);
        assertThat(Kernel.links(switchNs)).contains(NetnsSwitch.BRIDGE).hasSize(4);
        assertThat(Kernel.links(t.nodeRm(b).namespace())).containsExactlyInAnyOrder("lo", "eth0", "eth1");
        assertThat(Kernel.rootLinks(prefix)).isEmpty();
        assertThat(OwnerRecord.DIR.resolve(
                        RunTag.ofNamespace(switchNs).orElseThrow().value()))
                .exists();

        ec.release();

        assertThat(Kernel.namespaces(prefix)).isEmpty();
        assertThat(Kernel.rootLinks(prefix)).isEmpty();
        assertThat(OwnerRecord.DIR.resolve(
                        RunTag.ofNamespace(switchNs).orElseThrow().value()))
                .doesNotExist();
        int pid = ((NetnsApplication) ec.getResource(sleeper)).getPid();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }
}
