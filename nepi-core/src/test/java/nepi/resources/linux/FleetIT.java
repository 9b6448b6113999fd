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
import nepi.core.ExperimentController;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A fleet of 20 SSH hosts, each a network namespace with its own sshd
 * ({@code install/testbed.sh}, root): every host runs an application; hosts down at deploy fail
 * only their own node, within the connect timeout; slow rc files are slow, not failures, and
 * are paid once per host.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {

    private static final int HOSTS = 20;
    /** Overridable so that two checkouts can run this at once on one machine without clashing. */
    private static final String NAME = System.getProperty("nepi.fleet.name", "nepiflt");

    private static final String PREFIX = System.getProperty("nepi.fleet.prefix", "198.18.60.0/24");
    private static Testbed testbed;
    private ExperimentController ec;

    @BeforeAll
    static void up() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the testbed needs root (network namespaces)");
        testbed = Testbed.up(HOSTS, NAME, PREFIX, 0);
    }

    @AfterAll
    static void down() throws Exception {
        if (testbed != null) {
            testbed.close();
        }
    }

    @AfterEach
    void shutdown() {
        if (ec != null) {
            ec.shutdown();
        }
    }

    @Test
    @Order(1)
    void everyHostOfTheFleetRunsItsApplication() throws Exception {
        ec = new ExperimentController("fleet-all");
        List<Integer> apps = new ArrayList<>();
        for (int i = 0; i < HOSTS; i++) {
            int node = ec.registerResource("linux::Node", testbed.node(i));
            int app = ec.registerResource("linux::Application", Map.of("command", "hostname -I"));
            ec.registerConnection(app, node);
            apps.add(app);
        }
        ec.deploy();
        assertThat(ec.waitFinished(apps)).isTrue();

        for (int i = 0; i < HOSTS; i++) {
            int app = apps.get(i);
            assertThat(ec.state(app))
                    .as("%s: %s", testbed.addresses().get(i), reason(app - 1) + reason(app))
                    .isEqualTo(STOPPED);
            assertThat(ec.trace(app, "stdout").strip())
                    .as("the application ran on its own host")
                    .isEqualTo(testbed.addresses().get(i));
        }
    }

    @Test
    @Order(2)
    void slowRcFilesAreSlowNotFailuresAndArePaidOncePerHost() throws Exception {
        // Five hosts whose ~/.bashrc burns 2 s of CPU (pyenv init burns 1.6 s) and counts its
        // runs, with a connect timeout of 1 s: far longer than the timeout, yet the hosts
        // answer keepalives, so they are slow, not dead.
        int slow = 5;
        for (int i = 0; i < slow; i++) {
            Path home = testbed.dir().resolve("host-" + (i + 1)).resolve("home");
            Files.writeString(home.resolve(".bashrc"), "echo run >> ~/.rc-runs\n" + burn(2.0));
            Files.deleteIfExists(home.resolve(".rc-runs"));
        }
        ec = new ExperimentController("fleet-slow-rc");
        List<Integer> apps = new ArrayList<>();
        for (int i = 0; i < slow; i++) {
            Map<String, Object> attrs = new HashMap<>(testbed.node(i));
            attrs.put("connectTimeout", 1.0);
            int node = ec.registerResource("linux::Node", attrs);
            for (int a = 0; a < 3; a++) {
                int app = ec.registerResource("linux::Application", Map.of("command", "echo app " + a));
                ec.registerConnection(app, node);
                apps.add(app);
            }
        }
        ec.deploy();
        assertThat(ec.waitFinished(apps)).isTrue();

        for (int app : apps) {
            assertThat(ec.state(app)).as(reason(app)).isEqualTo(STOPPED);
        }
        for (int i = 0; i < slow; i++) {
            Path runs = testbed.dir().resolve("host-" + (i + 1)).resolve("home").resolve(".rc-runs");
            assertThat(Files.readAllLines(runs))
                    .as(
                            "rc file runs on %s for a node and 3 applications",
                            testbed.addresses().get(i))
                    .hasSize(1);
        }
    }

    @Test
    @Order(3)
    void hostsDownAtDeployFailOnlyTheirNodesWithinTheConnectTimeout() throws Exception {
        // The last host's link is down (its packets vanish), the one before has no sshd (refused).
        int silent = HOSTS - 1;
        int refusing = HOSTS - 2;
        run("ip", "-n", NAME + "-" + (silent + 1), "link", "set", "eth0", "down");
        run("kill", Integer.toString(testbed.sshdPid(refusing)));
        ec = new ExperimentController("fleet-down");
        List<Integer> nodes = new ArrayList<>();
        List<Integer> apps = new ArrayList<>();
        for (int i = 0; i < HOSTS; i++) {
            Map<String, Object> attrs = new HashMap<>(testbed.node(i));
            attrs.put("critical", false);
            int node = ec.registerResource("linux::Node", attrs);
            int app = ec.registerResource("linux::Application", Map.of("command", "echo up", "critical", false));
            ec.registerConnection(app, node);
            nodes.add(node);
            apps.add(app);
        }
        Instant start = Instant.now();
        ec.deploy();
        assertThat(ec.waitFinished(apps)).isTrue();

        for (int i : List.of(silent, refusing)) {
            int node = nodes.get(i);
            assertThat(ec.state(node)).isEqualTo(FAILED);
            assertThat(reason(node))
                    .contains("cannot connect to root@" + testbed.addresses().get(i) + ":22");
            Duration took = Duration.between(start, ec.getResource(node).getFailedTime());
            assertThat(took)
                    .as("failed within the connect timeout (10 s), with slack")
                    .isLessThan(Duration.ofSeconds(14));
            assertThat(ec.state(apps.get(i))).isEqualTo(FAILED);
        }
        for (int i = 0; i < refusing; i++) {
            assertThat(ec.state(apps.get(i)))
                    .as(reason(nodes.get(i)) + reason(apps.get(i)))
                    .isEqualTo(STOPPED);
            assertThat(ec.trace(apps.get(i), "stdout")).isEqualTo("up\n");
        }
        assertThat(reason(nodes.get(refusing))).containsIgnoringCase("refused");
    }

    private String reason(int guid) {
        return ec.getResource(guid).getFailureReason().orElse("");
    }

    /** Bash that burns {@code seconds} of this shell's CPU time, as testbed.sh --slow-rc does. */
    static String burn(double seconds) {
        return "__e=$(( $(read -r -a s < /proc/$$/stat; echo ${s[13]}) + " + Math.round(seconds * 100) + " ))\n"
                + "while :; do for __i in {1..2000}; do :; done; read -r -a __s < /proc/$$/stat;"
                + " [ \"${__s[13]}\" -ge \"$__e\" ] && break; done\n";
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
