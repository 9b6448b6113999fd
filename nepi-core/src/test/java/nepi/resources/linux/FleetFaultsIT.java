package nepi.resources.linux;

import static nepi.core.resource.ResourceState.FAILED;
import static nepi.core.resource.ResourceState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import nepi.core.ExperimentController;
import nepi.core.ExperimentListener;
import nepi.core.resource.StateChange;
import nepi.resources.linux.host.SshHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults on a fleet of SSH hosts ({@code install/testbed.sh}, root; a testbed of its own, {@code nepiflf} on
 * 198.18.64.0/24 unless {@code nepi.fleetfaults.name} and {@code nepi.fleetfaults.prefix} say otherwise): hosts lost while their applications run (the link down, the sshd killed) and coming back, and
 * release with a host down; and hosts behind one gateway sharing one session to it.
 */
// The gateway test first: it counts the TCP connections on the hosts, and a test that took a host's link
// down can leave that host's sshd a half-open connection (the controller's FIN lost with the link) until
// sshd's ClientAlive check gives up on it, tens of seconds later (seen once as a second connection).
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetFaultsIT {

    private static final int HOSTS = 20;
    /** Overridable so that two checkouts can run this at once on one machine without clashing. */
    private static final String NAME = System.getProperty("nepi.fleetfaults.name", "nepiflf");

    private static final String PREFIX = System.getProperty("nepi.fleetfaults.prefix", "198.18.64.0/24");
    /** The nodes' connect timeout: how long a host may leave keepalives unanswered. */
    private static final double CONNECT_TIMEOUT = 3.0;

    private static Testbed testbed;
    private ExperimentController ec;
    private final List<StateChange> changes = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void up() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the testbed needs root (network namespaces)");
        try {
            testbed = Testbed.up(HOSTS, NAME, PREFIX, 0);
        } catch (Exception e) {
            Testbed.down(NAME);
            throw e;
        }
    }

    @AfterAll
    static void down() throws Exception {
        if (testbed != null) {
            testbed.close();
        }
    }

    @AfterEach
    void shutdown() throws Exception {
        if (ec != null) {
            ec.shutdown();
        }
        if (testbed != null) {
            // The next test finds every host up, whatever this one did to them.
            for (int i = 0; i < HOSTS; i++) {
                testbed.link(i, true);
                if (!isSshd(testbed.sshdPid(i))) {
                    testbed.startSshd(i);
                }
            }
        }
    }

    @Test
    void hostsLostMidRunFailTheirApplicationsTheOthersGoOnAndAReconnectRestoresTheExitEvents() throws Exception {
        int silent = 0; // its link goes down: its packets vanish, only the keepalives tell
        int crashed = 1; // its sshd is killed, sessions included: the connection closes at once
        ec = experiment("fleet-lost");
        List<Integer> nodes = new ArrayList<>();
        Map<Integer, Integer> longApps = new HashMap<>();
        Map<Integer, Integer> earlyApps = new HashMap<>();
        Map<Integer, Integer> outageApps = new HashMap<>();
        for (int i = 0; i < HOSTS; i++) {
            int node = node(i);
            nodes.add(node);
            longApps.put(i, app(node, i < 2 ? "sleep 60" : "sleep 8; echo done"));
            earlyApps.put(i, app(node, "echo early"));
            // Ends during the outage: its end is written on the host while the controller cannot hear it.
            outageApps.put(i, app(node, "sleep 4; echo late"));
        }
        ec.deploy();
        assertThat(ec.waitStarted(List.copyOf(longApps.values()))).isTrue();
        assertThat(ec.waitFinished(List.copyOf(earlyApps.values()))).isTrue();

        Instant lostAt = Instant.now();
        testbed.link(silent, false);
        assertThat(testbed.killSshd(crashed)).as("sshd processes killed").isGreaterThanOrEqualTo(2);

        List<Integer> lostApps =
                List.of(longApps.get(silent), outageApps.get(silent), longApps.get(crashed), outageApps.get(crashed));
        assertThat(ec.wait(lostApps, STOPPED, Duration.ofSeconds(60))).isTrue();
        for (int i : List.of(silent, crashed)) {
            String address = testbed.addresses().get(i);
            for (int app : List.of(longApps.get(i), outageApps.get(i))) {
                assertThat(ec.state(app))
                        .as("%s on the lost host %s", app, address)
                        .isEqualTo(FAILED);
                assertThat(reason(app)).contains("connection to root@" + address + ":22 lost");
                Duration detected = Duration.between(lostAt, ec.getResource(app).getFailedTime());
                assertThat(detected)
                        .as("detected within the connect timeout (3 s) and two keepalives, with slack")
                        .isLessThan(Duration.ofSeconds(12));
            }
            assertThat(ec.state(earlyApps.get(i))).as("ended before the loss").isEqualTo(STOPPED);
            assertThat(ec.state(nodes.get(i))).as("the node waits for its host").isNotEqualTo(FAILED);
        }
        assertThat(reason(longApps.get(silent))).contains("keepalives");

        // The rest of the experiment goes on.
        List<Integer> others = new ArrayList<>();
        for (int i = 2; i < HOSTS; i++) {
            others.addAll(List.of(longApps.get(i), outageApps.get(i)));
        }
        assertThat(ec.waitFinished(others)).isTrue();
        for (int app : others) {
            assertThat(ec.state(app)).as(reason(app)).isEqualTo(STOPPED);
        }

        // The hosts come back during the run: the nodes reconnect by themselves.
        Map<Integer, String> reasons = new HashMap<>();
        Map<Integer, Instant> failedAt = new HashMap<>();
        for (int app : lostApps) {
            reasons.put(app, reason(app));
            failedAt.put(app, ec.getResource(app).getFailedTime());
        }
        testbed.link(silent, true);
        testbed.startSshd(crashed);
        for (int i : List.of(silent, crashed)) {
            SshHost host = (SshHost) ((LinuxNode) ec.getResource(nodes.get(i))).host();
            Instant until = Instant.now().plusSeconds(60);
            while (host.connection().sessionsOpened() < 2 && Instant.now().isBefore(until)) {
                Thread.sleep(100);
            }
            assertThat(host.connection().sessionsOpened())
                    .as("%s reconnected", testbed.addresses().get(i))
                    .isGreaterThanOrEqualTo(2);
        }
        // New applications on them end and are heard of: the exit events are followed again.
        List<Integer> after = new ArrayList<>();
        for (int i : List.of(silent, crashed)) {
            after.add(app(nodes.get(i), "echo back on " + i));
        }
        ec.deploy(after);
        assertThat(ec.wait(after, STOPPED, Duration.ofSeconds(60))).isTrue();
        for (int k = 0; k < after.size(); k++) {
            int app = after.get(k);
            assertThat(ec.state(app)).as(reason(app)).isEqualTo(STOPPED);
            assertThat(ec.trace(app, "stdout"))
                    .isEqualTo("back on " + List.of(silent, crashed).get(k) + "\n");
        }

        // Nothing reported twice: the replayed exit events (the outage apps ended with 0 meanwhile)
        // change nothing, and every application ended once.
        for (int app : lostApps) {
            assertThat(ec.state(app)).isEqualTo(FAILED);
            assertThat(reason(app)).isEqualTo(reasons.get(app));
            assertThat(ec.getResource(app).getFailedTime()).isEqualTo(failedAt.get(app));
        }
        Map<Integer, Integer> ends = new ConcurrentHashMap<>();
        for (StateChange c : changes) {
            if (c.to() == STOPPED || c.to() == FAILED) {
                ends.merge(c.guid(), 1, Integer::sum);
            }
        }
        for (int app : longApps.values()) {
            assertThat(ends.get(app)).as("ends of %s", app).isEqualTo(1);
        }
        for (int app : earlyApps.values()) {
            assertThat(ends.get(app)).as("ends of %s", app).isEqualTo(1);
        }
        for (int app : outageApps.values()) {
            assertThat(ends.get(app)).as("ends of %s", app).isEqualTo(1);
        }
    }

    @Test
    void releaseWithAHostDownCleansTheOthersAndListsTheUnreachableOneWithoutWaitingForIt() throws Exception {
        int down = 2;
        ec = experiment("fleet-release");
        List<Integer> nodes = new ArrayList<>();
        List<Integer> apps = new ArrayList<>();
        for (int i = 0; i < HOSTS; i++) {
            int node = node(i);
            nodes.add(node);
            for (int a = 0; a < 2; a++) {
                int app = app(node, "sleep 600");
                ec.set(app, "hardRelease", true);
                apps.add(app);
            }
        }
        ec.deploy();
        assertThat(ec.waitStarted(apps)).isTrue();
        Map<Integer, Integer> pids = new HashMap<>();
        Map<Integer, Path> dirs = new HashMap<>();
        for (int app : apps) {
            LinuxApplication rm = (LinuxApplication) ec.getResource(app);
            pids.put(app, rm.getPid());
            int host = apps.indexOf(app) / 2;
            dirs.put(
                    app,
                    testbed.dir()
                            .resolve("host-" + (host + 1))
                            .resolve("home/.nepi/nepi-exp/fleet-release/app-" + app));
            assertThat(dirs.get(app)).as("the run wrote its files there").isDirectory();
            assertThat(alive(rm.getPid())).isTrue();
        }
        testbed.link(down, false);
        List<Integer> downApps = List.of(apps.get(2 * down), apps.get(2 * down + 1));
        assertThat(ec.wait(downApps, STOPPED, Duration.ofSeconds(30))).isTrue();

        Instant start = Instant.now();
        ec.release();
        Duration took = Duration.between(start, Instant.now());

        assertThat(took)
                .as("release does not wait for the unreachable host beyond its connect timeout (3 s), with slack")
                .isLessThan(Duration.ofSeconds(12));
        for (int app : apps) {
            boolean onDownHost = downApps.contains(app);
            assertThat(alive(pids.get(app)))
                    .as("process of %s (%s)", app, onDownHost ? "left on the unreachable host" : "stopped")
                    .isEqualTo(onDownHost);
            assertThat(Files.exists(dirs.get(app)))
                    .as("files of %s (hardRelease)", app)
                    .isEqualTo(onDownHost);
        }
        List<LinuxNode.Unreached> unreached = LinuxNode.unreachedAtRelease(ec);
        assertThat(unreached).hasSize(1);
        LinuxNode.Unreached u = unreached.get(0);
        assertThat(u.guid()).isEqualTo(nodes.get(down));
        assertThat(u.host()).isEqualTo("root@" + testbed.addresses().get(down) + ":22");
        assertThat(u.reason()).contains(testbed.addresses().get(down));
        assertThat(u.leftThere())
                .containsExactlyInAnyOrder(
                        "process group " + pids.get(downApps.get(0)) + " of linux::Application #" + downApps.get(0),
                        "process group " + pids.get(downApps.get(1)) + " of linux::Application #" + downApps.get(1),
                        appHomeOnHost(downApps.get(0)),
                        appHomeOnHost(downApps.get(1)));
    }

    @Test
    @Order(1)
    void hostsBehindOneGatewayShareOneGatewaySession() throws Exception {
        int gateway = 0;
        String gatewayAddress = testbed.addresses().get(gateway);
        ec = experiment("fleet-gateway");
        List<Integer> apps = new ArrayList<>();
        for (int i = 0; i < HOSTS; i++) {
            Map<String, Object> attrs = new HashMap<>(testbed.node(i));
            if (i != gateway) {
                attrs.put("gateway", gatewayAddress);
                attrs.put("gatewayUser", "root");
            }
            int node = ec.registerResource("linux::Node", attrs);
            apps.add(app(node, "hostname -I"));
        }
        ec.deploy();
        assertThat(ec.waitFinished(apps)).isTrue();
        for (int i = 0; i < HOSTS; i++) {
            int app = apps.get(i);
            assertThat(ec.state(app)).as(reason(app)).isEqualTo(STOPPED);
            assertThat(ec.trace(app, "stdout").strip())
                    .as("ran on its own host")
                    .isEqualTo(testbed.addresses().get(i));
        }

        // Seen from the gateway: one SSH connection in (the controller's, shared by the node on the
        // gateway and the hops of the five others), one out to each host behind it.
        List<String> in = established(gateway, "sport = :22");
        assertThat(in).as("connections to the gateway's sshd: %s", in).hasSize(1);
        assertThat(in.get(0)).contains(PREFIX.substring(0, PREFIX.lastIndexOf('.')) + ".1:");
        List<String> out = established(gateway, "dport = :22");
        assertThat(out).as("connections from the gateway: %s", out).hasSize(HOSTS - 1);
        for (int i = 0; i < HOSTS; i++) {
            if (i != gateway) {
                List<String> behind = established(i, "sport = :22");
                assertThat(behind)
                        .as("connections to %s", testbed.addresses().get(i))
                        .hasSize(1);
                assertThat(behind.get(0)).as("coming from the gateway").contains(gatewayAddress + ":");
            }
        }
    }

    /** The established TCP connections of a host matching an {@code ss} filter, one line each. */
    private static List<String> established(int host, String filter) throws Exception {
        Process p = new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        testbed.namespace(host),
                        "ss",
                        "-Htn",
                        "state",
                        "established",
                        "( " + filter + " )")
                .redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(text).isZero();
        return text.lines().filter(l -> !l.isBlank()).toList();
    }

    private ExperimentController experiment(String name) {
        ExperimentController c = new ExperimentController(name);
        c.addListener(new ExperimentListener() {
            @Override
            public void stateChanged(StateChange change) {
                changes.add(change);
            }
        });
        return c;
    }

    private int node(int index) {
        Map<String, Object> attrs = new HashMap<>(testbed.node(index));
        attrs.put("critical", false);
        attrs.put("connectTimeout", CONNECT_TIMEOUT);
        return ec.registerResource("linux::Node", attrs);
    }

    private int app(int node, String command) {
        int app = ec.registerResource("linux::Application", Map.of("command", command, "critical", false));
        ec.registerConnection(app, node);
        return app;
    }

    private String reason(int guid) {
        return ec.getResource(guid).getFailureReason().orElse("");
    }

    /** The application's directory as the host names it (its home is root's, /root on the testbed's hosts). */
    private static String appHomeOnHost(int app) throws Exception {
        return rootHome() + "/.nepi/nepi-exp/fleet-release/app-" + app;
    }

    private static String rootHome() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "getent passwd root | cut -d: -f6").start();
        String home = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        return home;
    }

    /** Whether the process runs (a zombie does not count). */
    private static boolean alive(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean isSshd(int pid) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Integer.toString(pid), "comm"))
                    .strip()
                    .equals("sshd");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
