package nepi.resources.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server (Debian openssh-server) on 127.0.0.1 and a free port, for the tests:
 * its own host key, a client key in its own authorized_keys, a log file, and no system
 * configuration read ({@code -f /dev/null}). {@link #close()} kills it and every connection
 * process it forked.
 */
public final class TestSshServer implements AutoCloseable {

    static final Path SSHD = Path.of("/usr/sbin/sshd");

    final Path dir;
    final Path hostKey;
    public final Path clientKey;
    final Path otherKey;
    final Path log;
    final Path knownHosts;
    public final int port;
    public final String user = System.getProperty("user.name");
    private final Process process;

    private TestSshServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.hostKey = dir.resolve("host_key");
        this.clientKey = dir.resolve("client_key");
        this.otherKey = dir.resolve("other_key");
        this.log = dir.resolve("sshd.log");
        this.knownHosts = dir.resolve("known_hosts");
        this.port = port;
        this.process = process;
    }

    /** Starts a server logging at DEBUG1 (which shows tunnels); fails (not skips) when OpenSSH is missing. */
    public static TestSshServer start() throws Exception {
        return start("DEBUG1");
    }

    /** Starts a server logging at {@code logLevel} (an sshd LogLevel). */
    static TestSshServer start(String logLevel) throws Exception {
        assertThat(SSHD)
                .as("the SSH tests need OpenSSH's server: apt-get install openssh-server")
                .isExecutable();
        Path dir = Files.createTempDirectory("nepi-sshd-");
        for (String name : List.of("host_key", "client_key", "other_key")) {
            run(
                    "ssh-keygen",
                    "-q",
                    "-t",
                    "ed25519",
                    "-N",
                    "",
                    "-C",
                    "nepi-test-" + name,
                    "-f",
                    dir.resolve(name).toString());
        }
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        // The privilege separation directory OpenSSH insists on when run as root.
        Files.createDirectories(Path.of("/run/sshd"));
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                SSHD.toString(),
                "-D",
                "-f",
                "/dev/null",
                "-E",
                dir.resolve("sshd.log").toString(),
                "-p",
                Integer.toString(port),
                "-o",
                "ListenAddress=127.0.0.1",
                "-o",
                "HostKey=" + dir.resolve("host_key"),
                "-o",
                "AuthorizedKeysFile=" + dir.resolve("authorized_keys"),
                "-o",
                "PidFile=none",
                "-o",
                "StrictModes=no",
                "-o",
                "UsePAM=no",
                "-o",
                "PasswordAuthentication=no",
                "-o",
                "KbdInteractiveAuthentication=no",
                "-o",
                "PermitRootLogin=prohibit-password",
                "-o",
                "AllowTcpForwarding=yes",
                "-o",
                "LogLevel=" + logLevel));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd.out").toFile())
                .start();
        TestSshServer server = new TestSshServer(dir, port, process);
        server.awaitListening();
        String hostKey = Files.readString(dir.resolve("host_key.pub")).strip();
        Files.writeString(server.knownHosts, "[127.0.0.1]:" + port + " " + hostKey + "\n");
        return server;
    }

    /** The server's public host key, as a node's serverKey. */
    public String serverKey() throws IOException {
        return Files.readString(dir.resolve("host_key.pub")).strip();
    }

    /** A public key that is not the server's. */
    String otherPublicKey() throws IOException {
        return Files.readString(dir.resolve("other_key.pub")).strip();
    }

    /** How many logins the server accepted so far. */
    long acceptedLogins() throws IOException {
        return Files.readAllLines(log).stream()
                .filter(l -> l.contains("Accepted publickey"))
                .count();
    }

    /** How many tunnels (direct-tcpip channels, as a gateway opens) the server opened. */
    long tunnelsOpened() throws IOException {
        return Files.readAllLines(log).stream()
                .filter(l -> l.contains("direct-tcpip"))
                .count();
    }

    /** Drops every client connection at once, as a network failure would, by killing their sshd processes. */
    void dropConnections() throws InterruptedException {
        List<ProcessHandle> children = process.toHandle().children().toList();
        assertThat(children).as("connections to drop").isNotEmpty();
        for (ProcessHandle child : children) {
            child.destroyForcibly();
        }
        for (ProcessHandle child : children) {
            child.onExit()
                    .orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
        }
    }

    private void awaitListening() throws Exception {
        Instant end = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(end)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sshd exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("sshd.out")) + Files.readString(log));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("sshd did not listen on 127.0.0.1:" + port + " within 10 s");
    }

    @Override
    public void close() throws Exception {
        List<ProcessHandle> all =
                new ArrayList<>(process.toHandle().descendants().toList());
        process.destroy();
        all.forEach(ProcessHandle::destroy);
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        all.forEach(ProcessHandle::destroyForcibly);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
