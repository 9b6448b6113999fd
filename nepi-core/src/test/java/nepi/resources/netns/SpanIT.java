package nepi.resources.netns;

import static nepi.core.resource.ResourceState.FAILED;
import static nepi.core.resource.ResourceState.NEW;
import static nepi.core.resource.ResourceState.STARTED;
import static nepi.core.resource.ResourceState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceAction;
import nepi.resources.linux.Testbed;
import nepi.resources.linux.host.Host;
import nepi.resources.linux.host.SshHost;
import nepi.resources.linux.host.SshTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * netns designs spanning SSH hosts of a 20-host testbed (its first, middle and last; {@code install/testbed.sh}, its
 * own name and prefix, removed after the class even when a test fails), through the experiment
 * controller: netns nodes connected to {@code linux::Node}s are created on those hosts, a
 * point-to-point link between two hosts (a VXLAN tunnel) carries a ping and a shaped iperf3, a
 * switch over three hosts joins them all, netns applications on an SSH host end as their exit
 * events say, bad designs are refused before anything is created, and release leaves nothing
 * of the run on any host.
 */
class SpanIT {

    /** Overridable so that two checkouts can run this at once on one machine without clashing. */
    private static final String NAME = System.getProperty("nepi.span.name", "nepispn");

    private static final String PREFIX = System.getProperty("nepi.span.prefix", "198.18.66.0/24");
    private static Testbed testbed;
    /** The testbed hosts the designs use, as host 0, 1 and 2 of the tests: apart on a fleet-sized testbed. */
    private static final int[] USED = {0, 9, 19};

    /** A shell on each host, for checking what is there (not the experiment's). */
    private static final List<SshHost> shells = new ArrayList<>();

    @BeforeAll
    static void up() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the testbed needs root (network namespaces)");
        try {
            testbed = Testbed.up(20, NAME, PREFIX, 0);
        } catch (IOException | RuntimeException e) {
            Testbed.down(NAME);
            throw e;
        }
        for (int i = 0; i < 3; i++) {
            shells.add(new SshHost(
                    new SshTarget(
                            "root",
                            testbed.addresses().get(USED[i]),
                            22,
                            testbed.identity(),
                            null,
                            testbed.knownHosts(),
                            null,
                            null,
                            22,
                            Duration.ofSeconds(10)),
                    null));
        }
    }

    @AfterAll
    static void down() throws Exception {
        shells.forEach(Host::close);
        if (testbed != null) {
            testbed.close();
        }
    }

    /** Registers a linux::Node for testbed host {@code i} and a netns::Node on it. */
    private static int[] nodeOn(ExperimentController ec, int i) {
        int host = ec.registerResource("linux::Node", testbed.node(USED[i]));
        int node = ec.registerResource("netns::Node");
        ec.registerConnection(node, host);
        return new int[] {host, node};
    }

    private static int iface(ExperimentController ec, int node, String ip, Map<String, Object> more) {
        Map<String, Object> attrs = new HashMap<>(more);
        attrs.put("ip", ip);
        int i = ec.registerResource("netns::Interface", attrs);
        ec.registerConnection(i, node);
        return i;
    }

    /** What of run {@code tag} is left on host {@code i}: namespaces, tunnel devices, its owner record. */
    private static String leftOn(int i, RunTag tag) throws IOException {
        return shells.get(i)
                .run("ls /run/netns | grep " + tag.prefix() + "; ip -o link show | grep nv" + tag.value() + "; ls "
                        + OwnerRecord.DIR + "/" + tag.value() + " 2>/dev/null; exit 0")
                .stdout()
                .strip();
    }

    @Test
    void namespacesOnTwoHostsPingAndShapeIperfThroughATunnelAndASwitchOverThreeHostsAndLeaveNothing() throws Exception {
        RunTag tag;
        try (ExperimentController ec = new ExperimentController("span-it")) {
            int[] a = nodeOn(ec, 0);
            int[] b = nodeOn(ec, 1);
            int[] c = nodeOn(ec, 2);
            int ab = iface(ec, a[1], "198.18.67.1/24", Map.of("rate", "20mbit"));
            int ba = iface(ec, b[1], "198.18.67.2/24", Map.of());
            ec.registerConnection(ab, ba);
            int sw = ec.registerResource("netns::Switch");
            for (int[] n : List.of(a, b, c)) {
                int port = iface(ec, n[1], "198.18.68." + (n == a ? 1 : n == b ? 2 : 3) + "/24", Map.of());
                ec.registerConnection(port, sw);
            }
            int ping = ec.registerResource("linux::Ping", Map.of("target", "198.18.67.2", "count", 3));
            ec.registerConnection(ping, a[1]);
            int pingSwitch = ec.registerResource("linux::Ping", Map.of("target", "198.18.68.3", "count", 3));
            ec.registerConnection(pingSwitch, a[1]);
            int server = ec.registerResource("linux::Iperf", Map.of("role", "server"));
            ec.registerConnection(server, b[1]);
            int client = ec.registerResource(
                    "linux::Iperf", Map.of("role", "client", "target", "198.18.67.2", "duration", 3));
            ec.registerConnection(client, a[1]);
            ec.registerCondition(client, ResourceAction.START, server, STARTED);
            int fails = ec.registerResource(
                    "netns::Application", Map.of("command", "ip -br addr; exit 3", "critical", false));
            ec.registerConnection(fails, b[1]);
            ec.deploy();
            ec.waitFinished(List.of(ping, pingSwitch, client, fails), Duration.ofMinutes(3));

            tag = RunTag.ofNamespace(((NetnsNode) ec.getResource(a[1])).namespace())
                    .orElseThrow();
            assertThat(ec.trace(ping, "stdout")).contains("3 received");
            assertThat(ec.trace(pingSwitch, "stdout")).contains("3 received");
            // The tunnel end is the interface: 1450 bytes (VXLAN's 50 off the testbed's 1500).
            assertThat(shells.get(0)
                            .run("ip -n " + tag.nodeNamespace(a[1]) + " -d -o link show eth0")
                            .stdout())
                    .contains("mtu 1450")
                    .contains("vxlan");
            String iperf = ec.trace(client, "stdout");
            Matcher m = Pattern.compile("([0-9.]+) Mbits/sec.*receiver").matcher(iperf);
            assertThat(m.find()).as(iperf).isTrue();
            double mbits = Double.parseDouble(m.group(1));
            System.out.printf("span IT: iperf3 A->B over the tunnel under a 20mbit rate: %.1f Mbit/s%n", mbits);
            assertThat(mbits).isBetween(5.0, 22.0);
            // Its end came through the SSH host's exit events, with its code and output.
            assertThat(ec.getResource(fails).getState()).isEqualTo(FAILED);
            assertThat(ec.getResource(fails).getFailureReason())
                    .hasValueSatisfying(r -> assertThat(r).contains("code 3"));
            assertThat(ec.trace(fails, "stdout")).contains("198.18.67.2/24");
            for (int i = 0; i < 3; i++) {
                assertThat(leftOn(i, tag)).isNotEmpty();
            }
            ec.shutdown();
        }
        for (int i = 0; i < 3; i++) {
            assertThat(leftOn(i, tag)).as("left on host %d", i).isEmpty();
        }
    }

    @Test
    void aHostTheOthersCannotReachIsRefusedBeforeAnythingIsCreated() throws Exception {
        try (ExperimentController ec = new ExperimentController("span-it-bad")) {
            int[] a = nodeOn(ec, 0);
            int[] b = nodeOn(ec, 1);
            // A documentation address (TEST-NET-3): nothing answers there.
            ec.set(b[0], "underlay", "203.0.113.9");
            int ab = iface(ec, a[1], "198.18.69.1/24", Map.of());
            int ba = iface(ec, b[1], "198.18.69.2/24", Map.of());
            ec.registerConnection(ab, ba);
            ec.deploy();
            ec.waitDeployed(ec.getResources(), Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (int guid : ec.filterResources("netns::Node")) {
                    assertThat(ec.getResource(guid).getState()).isIn(FAILED, NEW);
                }
            });
            assertThat(ec.getResource(a[1]).getFailureReason()).hasValueSatisfying(r -> assertThat(r)
                    .contains("nothing was created")
                    .contains("a tunnel between them cannot")
                    .contains("203.0.113.9"));
            for (int i = 0; i < 2; i++) {
                assertThat(shells.get(i)
                                .run("ls /run/netns | grep -c '^nepi[a-z0-9]\\{6\\}-' ; exit 0")
                                .stdout()
                                .strip())
                        .isEqualTo("0");
            }
        }
    }

    @Test
    void theSweepOverAnSshHostRemovesRunsOfDeadOwnersOfThisMachineAndLeavesOtherMachinesRuns() throws Exception {
        NetHost host = NetHost.over(shells.get(1));
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        OwnerRecord dead = new OwnerRecord(
                p.pid(), OwnerRecord.startTicks(ProcessHandle.current().pid()).orElse(0L) - 1, "exp", "run");
        OwnerRecord elsewhere = new OwnerRecord(1, 1, "exp", "run", "another-machine");
        RunTag deadTag = RunTag.random();
        RunTag foreignTag = RunTag.random();
        try {
            host.writeRecord(deadTag, dead);
            host.createNamespace(deadTag.nodeNamespace(1));
            host.writeRecord(foreignTag, elsewhere);
            host.createNamespace(foreignTag.nodeNamespace(1));
            // A process left in the dead run's namespace goes with it.
            host.script(
                    "starting a leftover process",
                    "ip netns exec " + deadTag.nodeNamespace(1) + " setsid sleep 600 </dev/null >/dev/null 2>&1 &");

            assertThat(LeftoverSweep.removeDeadRuns(host)).contains(deadTag.nodeNamespace(1));

            assertThat(host.exists(deadTag.nodeNamespace(1))).isFalse();
            assertThat(host.ownerRecords()).doesNotContainKey(deadTag);
            assertThat(host.exists(foreignTag.nodeNamespace(1))).isTrue();
            assertThat(host.ownerRecords().get(foreignTag)).contains(elsewhere);
        } finally {
            host.deleteNamespace(deadTag.nodeNamespace(1));
            host.deleteNamespace(foreignTag.nodeNamespace(1));
            host.deleteRecord(deadTag);
            host.deleteRecord(foreignTag);
        }
    }

    @Test
    void netnsApplicationsOnAnSshHostStopWhenTheyEndWell() throws Exception {
        try (ExperimentController ec = new ExperimentController("span-it-app")) {
            int[] a = nodeOn(ec, 2);
            int app = ec.registerResource("netns::Application", Map.of("command", "ip netns identify $$"));
            ec.registerConnection(app, a[1]);
            ec.deploy();
            ec.waitFinished(List.of(app), Duration.ofMinutes(2));
            assertThat(ec.getResource(app).getState()).isEqualTo(STOPPED);
            assertThat(ec.trace(app, "stdout").strip()).isEqualTo(((NetnsNode) ec.getResource(a[1])).namespace());
        }
    }
}
