package nepi.resources.linux;

import static nepi.core.resource.ResourceState.FAILED;
import static nepi.core.resource.ResourceState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceFactory;
import nepi.core.resource.ResourceType;
import nepi.core.resource.TraceAttr;
import nepi.resources.linux.LinuxTestHosts.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The specialised applications with the real tools (ping, traceroute, tcpdump, iperf3) and the
 * collector. CI installs the tools (iputils-ping traceroute tcpdump iperf3) and runs as root.
 */
class LinuxToolsIT {

    @RegisterExtension
    static final SshServerExtension SSH = new SshServerExtension();

    @TempDir
    Path home;

    private ExperimentController ec;

    @AfterEach
    void shutdown() throws Exception {
        if (ec != null) {
            ec.shutdown();
            LinuxTestHosts.assertNoProcessesLeft(ec);
        }
    }

    private int node(Kind kind) throws Exception {
        ec = new ExperimentController("tools-it", home.resolve("local"));
        return ec.registerResource("linux::Node", LinuxTestHosts.node(kind, SSH.server(), home));
    }

    private int on(int node, String type, Map<String, Object> attrs) {
        int guid = ec.registerResource(type, attrs);
        ec.registerConnection(guid, node);
        return guid;
    }

    private String reason(int guid) {
        return ec.getResource(guid).getFailureReason().orElse("");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void pingMeasuresRoundTrips(Kind kind) throws Exception {
        int ping = on(
                node(kind),
                "LinuxPing",
                Map.of("target", "127.0.0.1", "count", 3, "interval", 0.2, "printTimestamp", true));
        ec.deploy();
        ec.waitFinished(ping);

        assertThat(ec.state(ping)).as(reason(ping)).isEqualTo(STOPPED);
        String out = ec.trace(ping, "stdout");
        assertThat(out)
                .contains("3 packets transmitted, 3 received")
                .containsPattern("\\[\\d+\\.\\d+\\] \\d+ bytes from");
    }

    @Test
    void pingOfAnUnknownHostFails() throws Exception {
        int ping = on(node(Kind.LOCAL), "linux::Ping", Map.of("target", "nepi-no-such-host.invalid", "count", 1));
        ec.deploy();
        ec.waitFinished(ping);

        assertThat(ec.state(ping)).isEqualTo(FAILED);
        assertThat(reason(ping)).contains("exited with code 2").contains("nepi-no-such-host.invalid");
    }

    @Test
    void pingWithoutTargetIsRefused() throws Exception {
        int ping = on(node(Kind.LOCAL), "linux::Ping", Map.of("count", 1));
        ec.deploy();
        ec.waitFinished(ping);

        assertThat(reason(ping)).contains("'target' is not set");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void tracerouteFindsTheLoopback(Kind kind) throws Exception {
        int trace = on(
                node(kind),
                "linux::Traceroute",
                Map.of("target", "localhost", "useIP", true, "printTimestamp", true, "maxHops", 3));
        ec.deploy();
        ec.waitFinished(trace);

        assertThat(ec.state(trace)).as(reason(trace)).isEqualTo(STOPPED);
        assertThat(ec.trace(trace, "stdout"))
                .containsPattern("^\\d+\\.\\d+\\n")
                .contains("traceroute to 127.0.0.1")
                .contains(" 1  127.0.0.1");
    }

    @Test
    void continuousTracerouteRunsUntilStopped() throws Exception {
        int trace = on(
                node(Kind.LOCAL), "linux::Traceroute", Map.of("target", "127.0.0.1", "continuous", true, "maxHops", 2));
        ec.deploy();
        ec.waitStarted(trace);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> ec.trace(trace, "stdout").split("traceroute to").length > 2);

        ec.stop(trace);

        assertThat(ec.state(trace)).isEqualTo(STOPPED);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void tcpdumpCapturesPingsOnTheLoopback(Kind kind) throws Exception {
        int node = node(kind);
        int dump =
                on(node, "linux::Tcpdump", Map.of("interface", "lo", "expression", "icmp", "count", 4, "pcap", true));
        int ping = on(node, "linux::Ping", Map.of("target", "127.0.0.1", "count", 2, "interval", 0.2));
        // tcpdump needs a moment to open its capture before the first echo request.
        ec.registerCondition(
                ping, nepi.core.resource.ResourceAction.START, dump, nepi.core.resource.ResourceState.STARTED, "1s");
        ec.deploy();
        ec.waitFinished(dump, ping);

        assertThat(ec.state(dump)).as(reason(dump)).isEqualTo(STOPPED);
        assertThat(ec.trace(dump, "stdout")).contains("ICMP echo request").contains("ICMP echo reply");
        assertThat(Long.parseLong(ec.trace(dump, "pcap", TraceAttr.SIZE))).isGreaterThan(24);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void iperfMeasuresThroughputBetweenServerAndClient(Kind kind) throws Exception {
        int node = node(kind);
        int port = 15201 + kind.ordinal();
        int server = on(node, "linux::Iperf", Map.of("role", "server", "port", port));
        int client = on(
                node,
                "linux::Iperf",
                Map.of("role", "client", "target", "127.0.0.1", "port", port, "duration", 1, "json", true));
        ec.registerCondition(
                client,
                nepi.core.resource.ResourceAction.START,
                server,
                nepi.core.resource.ResourceState.STARTED,
                "500ms");
        ec.deploy();
        ec.waitFinished(server, client);

        assertThat(ec.state(client)).as(reason(client)).isEqualTo(STOPPED);
        assertThat(ec.state(server)).as(reason(server)).isEqualTo(STOPPED);
        assertThat(ec.trace(client, "stdout")).contains("\"bits_per_second\"");
        assertThat(ec.trace(server, "stdout")).contains("Server listening on " + port);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void collectorGathersTracesIntoTheRunDirectory(Kind kind) throws Exception {
        int node = node(kind);
        int a = on(node, "linux::Application", Map.of("command", "echo alpha"));
        int b = on(node, "linux::Application", Map.of("command", "echo beta", "hardRelease", true));
        int collector = ec.registerResource(
                "linux::Collector", Map.of("traceName", "stdout", "subDir", "outputs", "rename", "out.txt"));
        ec.registerConnection(collector, a);
        ec.registerConnection(collector, b);
        ec.deploy();
        ec.waitFinished(a, b, collector);

        Path dir = ec.getRunDir().resolve("outputs");
        assertThat(ec.state(collector)).as(reason(collector)).isEqualTo(STOPPED);
        assertThat(dir.resolve(a + ".out.txt")).hasContent("alpha");
        assertThat(dir.resolve(b + ".out.txt")).hasContent("beta");
        ec.release();
        assertThat(dir.resolve(b + ".out.txt"))
                .as("collected files outlive a hard release")
                .hasContent("beta");
    }

    @Test
    void collectorCollectsAtReleaseWhatNeverFinished() throws Exception {
        int node = node(Kind.LOCAL);
        int app = on(node, "linux::Application", Map.of("command", "echo partial; sleep 300", "hardRelease", true));
        int collector = ec.registerResource("Collector", Map.of("traceName", "stdout", "useRunId", false));
        ec.registerConnection(collector, app);
        ec.deploy();
        ec.waitStarted(app);
        org.awaitility.Awaitility.await().until(() -> ec.trace(app, "stdout").equals("partial\n"));

        ec.release();

        Path file = home.resolve("local/tools-it/" + app + ".stdout");
        assertThat(file).hasContent("partial");
        assertThat(List.of(Files.list(home.resolve("local/tools-it"))
                        .map(Path::getFileName)
                        .map(Path::toString)
                        .toArray()))
                .contains(app + ".stdout");
    }

    @Test
    void missingToolFailsDeployNamingItsPackage() throws Exception {
        ResourceFactory.registerType(NeedsMissingTool.class);
        int app = on(node(Kind.LOCAL), "test::NeedsMissingTool", Map.of("command", "nepi-missing-tool"));
        ec.deploy();
        ec.waitFinished(app);

        assertThat(ec.state(app)).isEqualTo(FAILED);
        assertThat(reason(app))
                .contains("needs 'nepi-missing-tool' (Debian package nepi-missing-package)")
                .contains("not installed on localhost");
    }

    /** An application whose tool no host has, to see how deploy says so. */
    @ResourceType("test::NeedsMissingTool")
    public static class NeedsMissingTool extends LinuxApplication {
        public NeedsMissingTool(ExperimentController ec, int guid) {
            super(ec, guid);
        }

        @Override
        protected List<RequiredTool> requiredTools() {
            return List.of(new RequiredTool("nepi-missing-tool", "nepi-missing-package"));
        }
    }
}
