package nepi.resources.linux;

import static nepi.core.resource.ResourceState.FAILED;
import static nepi.core.resource.ResourceState.READY;
import static nepi.core.resource.ResourceState.STARTED;
import static nepi.core.resource.ResourceState.STOPPED;
import static nepi.resources.linux.LinuxTestHosts.assertNoProcessesLeft;
import static nepi.resources.linux.LinuxTestHosts.groupAlive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceAction;
import nepi.resources.linux.LinuxTestHosts.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code readyCheck}: an application enters STARTED only once its check passes on the node, locally and over a
 * real SSH server, and fails with the reason when it never does.
 */
class LinuxReadinessIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @RegisterExtension
    static final SshServerExtension SSH = new SshServerExtension();

    @TempDir
    Path home;

    private ExperimentController ec;

    @AfterEach
    void shutdown() throws Exception {
        if (ec != null) {
            ec.shutdown();
            assertNoProcessesLeft(ec);
        }
    }

    private int node(Kind kind) throws Exception {
        ec = new ExperimentController("ready-it", home.resolve("local"));
        return ec.registerResource("linux::Node", LinuxTestHosts.node(kind, SSH.server(), home));
    }

    private int on(int node, String type, Map<String, Object> attrs) {
        int guid = ec.registerResource(type, attrs);
        ec.registerConnection(guid, node);
        return guid;
    }

    private int app(int node, String command, String readyCheck, String timeout) {
        Map<String, Object> attrs = new HashMap<>(Map.of("command", command, "readyCheck", readyCheck));
        if (timeout != null) {
            attrs.put("readyTimeout", timeout);
        }
        return on(node, "linux::Application", attrs);
    }

    private String reason(int guid) {
        return ec.getResource(guid).getFailureReason().orElse("");
    }

    /** A TCP port free on this machine now (other tests may run beside this one). */
    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The pid of the readiness checker of {@code guid}, from its pid file. */
    private int checkerPid(int guid) throws Exception {
        String runHome =
                ((LinuxApplication) ec.getResource(guid)).pathVariables().substitute("${RUN_HOME}");
        Path pid = Path.of(runHome, "ready", "pid");
        await().atMost(WAIT)
                .until(() -> Files.exists(pid) && !Files.readString(pid).isBlank());
        return Integer.parseInt(Files.readString(pid).strip());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aServerIsStartedOnlyOnceItsPortListens(Kind kind) throws Exception {
        int port = freePort();
        int node = node(kind);
        // Listens a second after it starts: STARTED must wait for that, not for the process.
        int server = app(node, "sleep 1; exec iperf3 -s -1 -p " + port, "port:" + port, null);
        int client = on(node, "linux::Application", Map.of("command", "iperf3 -c 127.0.0.1 -t 1 -p " + port));
        ec.registerCondition(client, ResourceAction.START, server, STARTED);
        ec.deploy();
        assertThat(ec.waitFinished(List.of(server, client), WAIT)).isTrue();

        assertThat(ec.state(client)).as(reason(client)).isEqualTo(STOPPED);
        assertThat(ec.state(server)).as(reason(server)).isEqualTo(STOPPED);
        Duration toReady = Duration.between(ec.getReadyTime(server), ec.getStartTime(server));
        assertThat(toReady).as("READY to STARTED").isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(ec.trace(client, "stdout")).contains("receiver");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void iperfServersCheckTheirPortByThemselvesSoTheClientNeedsNoDelay(Kind kind) throws Exception {
        int port = freePort();
        int node = node(kind);
        int server = on(node, "linux::Iperf", Map.of("role", "server", "port", port));
        int client = on(
                node,
                "linux::Iperf",
                Map.of("role", "client", "target", "127.0.0.1", "port", port, "duration", 1, "json", true));
        ec.registerCondition(client, ResourceAction.START, server, STARTED);
        ec.deploy();
        assertThat(ec.waitFinished(List.of(server, client), WAIT)).isTrue();

        assertThat(ec.state(client)).as(reason(client)).isEqualTo(STOPPED);
        assertThat(ec.state(server)).as(reason(server)).isEqualTo(STOPPED);
        assertThat(ec.trace(client, "stdout")).contains("\"bits_per_second\"");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aFileCheckWaitsForTheFile(Kind kind) throws Exception {
        int app = app(node(kind), "sleep 0.7; touch made-it; sleep 30", "file:made-it", null);
        ec.deploy();
        assertThat(ec.waitStarted(List.of(app), WAIT)).isTrue();

        assertThat(ec.state(app)).as(reason(app)).isEqualTo(STARTED);
        assertThat(Duration.between(ec.getReadyTime(app), ec.getStartTime(app)))
                .isGreaterThanOrEqualTo(Duration.ofMillis(650));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCheckThatNeverPassesFailsTheRmWithTheCheckTheWaitAndTheEndOfStderr(Kind kind) throws Exception {
        int app = app(node(kind), "echo starting up >&2; sleep 300", "cmd:echo not yet >&2; false", "1s");
        ec.deploy();
        ec.waitFinished(List.of(app), WAIT);

        assertThat(ec.state(app)).isEqualTo(FAILED);
        assertThat(reason(app))
                .contains("readyCheck cmd:echo not yet >&2; false did not pass within 1s (waited ")
                .contains("last check: not yet")
                .contains("stderr of the command: starting up");
        int pid = ((LinuxApplication) ec.getResource(app)).getPid();
        await().atMost(WAIT).until(() -> !groupAlive(pid));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCommandThatEndsBeforeItsCheckPassesFailsWithItsExitCode(Kind kind) throws Exception {
        int port = freePort();
        int app = app(node(kind), "echo cannot bind >&2; exit 4", "port:" + port, null);
        ec.deploy();
        ec.waitFinished(List.of(app), WAIT);

        assertThat(ec.state(app)).isEqualTo(FAILED);
        assertThat(reason(app))
                .contains("the command exited with code 4 before its readyCheck port:" + port + " passed")
                .contains("last check: nothing listens on TCP port " + port)
                .contains("stderr of the command: cannot bind");
    }

    @Test
    void aCommandThatMakesItsFileAndEndsIsStartedThenStopped() throws Exception {
        int app = app(node(Kind.LOCAL), "touch done", "file:done", null);
        ec.deploy();
        assertThat(ec.waitFinished(List.of(app), WAIT)).isTrue();

        assertThat(ec.state(app)).as(reason(app)).isEqualTo(STOPPED);
        assertThat(ec.getStartTime(app)).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void releaseDuringTheCheckStopsTheCheckerToo(Kind kind) throws Exception {
        int app = app(node(kind), "sleep 300", "cmd:false", "5m");
        ec.deploy();
        assertThat(ec.waitDeployed(List.of(app), WAIT)).isTrue();
        int checker = checkerPid(app);
        assertThat(groupAlive(checker)).isTrue();
        assertThat(ec.state(app)).isEqualTo(READY);

        ec.release();

        assertThat(groupAlive(checker)).as("the checker, after release").isFalse();
    }

    @Test
    void aServerThatListensAtOnceIsStartedSoonAfter() throws Exception {
        int port = freePort();
        int node = node(Kind.LOCAL);
        int server = app(node, "exec iperf3 -s -1 -p " + port, "port:" + port, null);
        ec.deploy();
        assertThat(ec.waitStarted(List.of(server), WAIT)).isTrue();
        Duration toReady = Duration.between(ec.getReadyTime(server), ec.getStartTime(server));
        System.out.printf("readiness: iperf3 -s STARTED %d ms after READY%n", toReady.toMillis());
        assertThat(toReady).isLessThan(Duration.ofSeconds(3));
    }
}
