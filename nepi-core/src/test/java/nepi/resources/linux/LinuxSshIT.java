package nepi.resources.linux;

import static nepi.core.resource.ResourceState.FAILED;
import static nepi.core.resource.ResourceState.NEW;
import static nepi.core.resource.ResourceState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import nepi.core.ExperimentController;
import nepi.resources.linux.LinuxTestHosts.Kind;
import nepi.resources.linux.host.SshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What only SSH nodes have: host keys, login keys, unreachable hosts, a gateway, one shared connection, reconnection. */
class LinuxSshIT {

    @RegisterExtension
    static final SshServerExtension SSH = new SshServerExtension();

    @TempDir
    Path home;

    private ExperimentController ec;
    private Map<String, Object> node;

    @BeforeEach
    void setUp() throws Exception {
        ec = new ExperimentController("ssh-it", home.resolve("local"));
        node = new HashMap<>(LinuxTestHosts.node(Kind.SSH, SSH.server(), home));
    }

    @AfterEach
    void shutdown() throws Exception {
        ec.shutdown();
        LinuxTestHosts.assertNoProcessesLeft(ec);
    }

    private int deployEcho() throws Exception {
        int n = ec.registerResource("linux::Node", node);
        int app = ec.registerResource("linux::Application", Map.of("command", "echo over ssh"));
        ec.registerConnection(app, n);
        ec.deploy();
        ec.waitFinished(app);
        return app;
    }

    private String failureOf(int guid) {
        assertThat(ec.state(guid)).isEqualTo(FAILED);
        return ec.getResource(guid).getFailureReason().orElseThrow();
    }

    @Test
    void wrongServerKeyIsRefused() throws Exception {
        node.put("serverKey", SSH.server().otherPublicKey());
        int app = deployEcho();

        assertThat(failureOf(1))
                .contains("wrong host key for 127.0.0.1:" + SSH.server().port)
                .contains("serverKey");
        assertThat(ec.state(app))
                .as("the abort stops its pending deploy, or it fails with its node")
                .isIn(NEW, FAILED);
    }

    @Test
    void unknownHostIsRefusedWithHowToAddIt() throws Exception {
        Path empty = Files.createFile(home.resolve("known_hosts"));
        node.remove("serverKey");
        node.put("knownHosts", empty.toString());
        deployEcho();

        assertThat(failureOf(1))
                .contains("unknown host 127.0.0.1:" + SSH.server().port)
                .contains("ssh-keyscan -p " + SSH.server().port + " 127.0.0.1");
    }

    @Test
    void hostKeyMismatchInKnownHostsIsRefused() throws Exception {
        Path wrong = home.resolve("known_hosts");
        Files.writeString(
                wrong, "[127.0.0.1]:" + SSH.server().port + " " + SSH.server().otherPublicKey() + "\n");
        node.remove("serverKey");
        node.put("knownHosts", wrong.toString());
        deployEcho();

        assertThat(failureOf(1))
                .contains("wrong host key for 127.0.0.1:" + SSH.server().port)
                .contains(wrong.toString());
    }

    @Test
    void knownHostsFileIsAccepted() throws Exception {
        node.remove("serverKey");
        node.put("knownHosts", SSH.server().knownHosts.toString());
        int app = deployEcho();

        assertThat(ec.state(app)).isEqualTo(STOPPED);
        assertThat(ec.trace(app, "stdout")).isEqualTo("over ssh\n");
    }

    /** known_hosts files with markers, and whether OpenSSH trusts the server's key with them. */
    enum MarkedKnownHosts {
        PLAIN_ENTRY(true, "{host} {key}"),
        REVOKED_AFTER_THE_ENTRY(false, "{host} {key}", "@revoked {host} {key}"),
        REVOKED_FOR_EVERY_HOST(false, "{host} {key}", "@revoked * {key}"),
        REVOKED_BEFORE_THE_ENTRY(false, "@revoked * {key}", "{host} {key}"),
        ANOTHER_KEY_REVOKED(true, "@revoked * {other}", "{host} {key}"),
        CERT_AUTHORITY_ONLY(false, "@cert-authority {host} {key}"),
        CERT_AUTHORITY_FOR_EVERY_HOST(false, "@cert-authority * {key}");

        final boolean trusted;
        final List<String> lines;

        MarkedKnownHosts(boolean trusted, String... lines) {
            this.trusted = trusted;
            this.lines = List.of(lines);
        }

        String text(String host, String key, String other) {
            return lines.stream()
                    .map(l -> l.replace("{host}", host).replace("{key}", key).replace("{other}", other))
                    .collect(Collectors.joining("\n", "", "\n"));
        }
    }

    @ParameterizedTest
    @EnumSource(MarkedKnownHosts.class)
    void knownHostsMarkersAreReadAsOpenSshReadsThem(MarkedKnownHosts known) throws Exception {
        Path file = home.resolve("known_hosts");
        Files.writeString(
                file,
                known.text(
                        "[127.0.0.1]:" + SSH.server().port,
                        SSH.server().serverKey(),
                        SSH.server().otherPublicKey()));
        node.remove("serverKey");
        node.put("knownHosts", file.toString());

        boolean openSshTrusts = openSshLogsIn(file);
        int app = deployEcho();
        boolean nepiTrusts = ec.state(app) == STOPPED;

        assertThat(openSshTrusts)
                .as("ssh -o StrictHostKeyChecking=yes with\n%s", Files.readString(file))
                .isEqualTo(known.trusted);
        assertThat(nepiTrusts)
                .as(
                        "NEPI with\n%s%s",
                        Files.readString(file),
                        ec.getResource(1).getFailureReason().orElse(""))
                .isEqualTo(openSshTrusts);
        if (!known.trusted) {
            assertThat(failureOf(1)).contains("127.0.0.1:" + SSH.server().port).contains(file.toString());
        }
    }

    /** Whether OpenSSH's client logs in to the test server with {@code knownHosts} as its only known-hosts file. */
    private static boolean openSshLogsIn(Path knownHosts) throws Exception {
        Process ssh = new ProcessBuilder(
                        "ssh",
                        "-F",
                        "/dev/null",
                        "-o",
                        "StrictHostKeyChecking=yes",
                        "-o",
                        "UserKnownHostsFile=" + knownHosts,
                        "-o",
                        "GlobalKnownHostsFile=/dev/null",
                        "-o",
                        "BatchMode=yes",
                        "-o",
                        "IdentitiesOnly=yes",
                        "-o",
                        "ConnectTimeout=20",
                        "-i",
                        SSH.server().clientKey.toString(),
                        "-p",
                        Integer.toString(SSH.server().port),
                        SSH.server().user + "@127.0.0.1",
                        "true")
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        String output = new String(ssh.getInputStream().readAllBytes());
        int code = ssh.waitFor();
        assertThat(code).as("ssh: %s", output).isIn(0, 255);
        return code == 0;
    }

    @Test
    void refusedKeyFailsClearly() throws Exception {
        node.put("identity", SSH.server().otherKey.toString());
        deployEcho();

        assertThat(failureOf(1))
                .contains("authentication refused by " + SSH.server().user + "@127.0.0.1:" + SSH.server().port)
                .contains(SSH.server().otherKey.toString());
    }

    @Test
    void missingIdentityFileFailsClearly() throws Exception {
        node.put("identity", home.resolve("no-such-key").toString());
        deployEcho();

        assertThat(failureOf(1))
                .contains("identity file")
                .contains("no-such-key")
                .contains("does not exist");
    }

    @Test
    void unreachableHostFailsClearly() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        node.put("port", closedPort);
        deployEcho();

        assertThat(failureOf(1))
                .contains("cannot connect to " + SSH.server().user + "@127.0.0.1:" + closedPort)
                .containsIgnoringCase("refused");
    }

    @Test
    void unknownHostNameFailsClearly() throws Exception {
        node.put("hostname", "nepi-no-such-host.invalid");
        deployEcho();

        assertThat(failureOf(1)).contains("cannot connect to").contains("nepi-no-such-host.invalid");
    }

    @Test
    void gatewayHopReachesTheHost() throws Exception {
        node.remove("serverKey");
        node.put("knownHosts", SSH.server().knownHosts.toString());
        node.put("gateway", "127.0.0.1");
        node.put("gatewayPort", SSH.server().port);
        long tunnelsBefore = SSH.server().tunnelsOpened();
        long loginsBefore = SSH.server().acceptedLogins();

        int app = deployEcho();

        assertThat(ec.state(app))
                .as(ec.getResource(1).getFailureReason().orElse(""))
                .isEqualTo(STOPPED);
        assertThat(ec.trace(app, "stdout")).isEqualTo("over ssh\n");
        assertThat(SSH.server().tunnelsOpened())
                .as("a direct-tcpip tunnel through the gateway")
                .isGreaterThan(tunnelsBefore);
        assertThat(SSH.server().acceptedLogins() - loginsBefore)
                .as("the gateway login and the host login")
                .isEqualTo(2);
    }

    @Test
    void everyResourceOnAHostSharesOneConnection() throws Exception {
        long loginsBefore = SSH.server().acceptedLogins();
        int n1 = ec.registerResource("linux::Node", node);
        int n2 = ec.registerResource("linux::Node", node);
        List<Integer> apps = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int app = ec.registerResource("linux::Application", Map.of("command", "echo " + i));
            ec.registerConnection(app, i % 2 == 0 ? n1 : n2);
            apps.add(app);
        }
        ec.deploy();
        ec.waitFinished(apps);

        for (int i = 0; i < apps.size(); i++) {
            int app = apps.get(i);
            assertThat(ec.trace(app, "stdout"))
                    .as(
                            "%s %s",
                            ec.state(app),
                            ec.getResource(app).getFailureReason().orElse(""))
                    .isEqualTo(i + "\n");
        }
        assertThat(SSH.server().acceptedLogins() - loginsBefore).isEqualTo(1);
        SshHost host = (SshHost) ((LinuxNode) ec.getResource(n1)).host();
        assertThat(host.connection())
                .isSameAs(((LinuxNode) ec.getResource(n2)).host() instanceof SshHost h ? h.connection() : null);
        assertThat(host.connection().sessionsOpened()).isEqualTo(1);
    }

    @Test
    void droppedConnectionIsReopenedAndApplicationEndsAreStillKnown() throws Exception {
        int n = ec.registerResource("linux::Node", node);
        int ok = ec.registerResource("linux::Application", Map.of("command", "sleep 1.5; echo survived"));
        int bad = ec.registerResource("linux::Application", Map.of("command", "sleep 1.5; exit 7", "critical", false));
        ec.registerConnection(ok, n);
        ec.registerConnection(bad, n);
        ec.deploy();
        ec.waitStarted(ok, bad);
        long loginsBefore = SSH.server().acceptedLogins();

        SSH.server().dropConnections();

        assertThat(ec.waitFinished(ok, bad)).isTrue();
        assertThat(ec.state(ok)).isEqualTo(STOPPED);
        assertThat(ec.trace(ok, "stdout")).isEqualTo("survived\n");
        assertThat(failureOf(bad)).contains("exited with code 7");
        assertThat(SSH.server().acceptedLogins()).as("the node reconnected").isGreaterThan(loginsBefore);
    }
}
