package nepi.resources.linux.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.forward.ExplicitPortForwardingTracker;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSH connection to a host (Apache MINA SSHD), shared by every node and application that
 * reaches the same {@link SshTarget}: commands are channels multiplexed on it. It reconnects
 * by itself when it finds the session closed, and hops through a gateway when asked to (a
 * local tunnel through the gateway's session, as {@code ssh -J} does).
 *
 * <p>OpenSSH servers accept 10 sessions per connection by default ({@code MaxSessions}), so at
 * most {@link #MAX_CHANNELS} channels are open at once on a connection (long-running ones, such
 * as exit watchers, included); other commands wait their turn.
 */
public final class SshConnection {

    /** Channels open at once on one connection: OpenSSH's default MaxSessions (10), less one for slack. */
    public static final int MAX_CHANNELS = 9;

    private static final Logger LOG = LoggerFactory.getLogger(SshConnection.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(15);
    private static final Map<SshTarget, SshConnection> SHARED = new HashMap<>();

    private final SshTarget target;
    private final Semaphore channels = new Semaphore(MAX_CHANNELS, true);
    private final AtomicInteger sessionsOpened = new AtomicInteger();
    private int users;
    private SshClient client;
    private SshClient gatewayClient;
    private ClientSession gatewaySession;
    private ExplicitPortForwardingTracker tunnel;
    private ClientSession session;

    private SshConnection(SshTarget target) {
        this.target = target;
    }

    /** The shared connection to {@code target}, created (not yet connected) on first use. */
    public static SshConnection acquire(SshTarget target) {
        synchronized (SHARED) {
            SshConnection connection = SHARED.computeIfAbsent(target, SshConnection::new);
            connection.users++;
            return connection;
        }
    }

    /** Gives back a connection from {@link #acquire}; the last user closes it. */
    public void release() {
        synchronized (SHARED) {
            if (--users > 0) {
                return;
            }
            SHARED.remove(target);
        }
        close();
    }

    public SshTarget target() {
        return target;
    }

    /** How many SSH sessions this connection opened (1 unless it had to reconnect). */
    public int sessionsOpened() {
        return sessionsOpened.get();
    }

    /**
     * The open session, connecting (again) when there is none or it was closed.
     *
     * @throws IOException with a message that says what failed: the host unreachable, its key
     *                     wrong or unknown, or our key refused
     */
    public synchronized ClientSession session() throws IOException {
        if (session != null && session.isOpen() && !session.isClosing()) {
            return session;
        }
        if (session != null) {
            LOG.info("SSH session to {} was closed; reconnecting", target.describe());
        }
        closeSessions();
        try {
            connect();
        } catch (IOException | RuntimeException e) {
            closeSessions();
            throw e;
        }
        return session;
    }

    /**
     * Runs {@code command} on the host and waits for its end.
     *
     * @param stdin what to send on its standard input (null: nothing); end of input follows
     * @param out where its standard output goes
     * @param err where its standard error goes
     * @return its exit status (128 + n when a signal n ended it, -1 when the server did not say)
     */
    public int exec(String command, InputStream stdin, OutputStream out, OutputStream err, Duration timeout)
            throws IOException {
        acquireChannel();
        ChannelExec channel = null;
        try {
            channel = openExec(command, out, err);
            try (OutputStream in = channel.getInvertedIn()) {
                if (stdin != null) {
                    stdin.transferTo(in);
                }
            } catch (IOException e) {
                LOG.debug("command on {} stopped reading its input: {}", target.describe(), e.toString());
            }
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                throw new IOException("command on " + target.describe() + " did not end within " + timeout + ": "
                        + LocalHost.firstLine(command));
            }
            return exitStatus(channel, command);
        } finally {
            if (channel != null) {
                channel.close(false);
            }
            channels.release();
        }
    }

    /** Runs {@code command} and returns its output as text. */
    public CommandResult exec(String command, byte[] stdin, Duration timeout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = exec(command, stdin == null ? null : new java.io.ByteArrayInputStream(stdin), out, err, timeout);
        return new CommandResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Opens a channel running {@code command} whose output goes to {@code out} and {@code err}
     * and returns it open, for commands that run as long as the connection (exit watchers). It
     * holds one of the {@link #MAX_CHANNELS} until it closes.
     */
    public ChannelExec openLongRunning(String command, OutputStream out, OutputStream err) throws IOException {
        acquireChannel();
        ChannelExec channel;
        try {
            channel = openExec(command, out, err);
        } catch (IOException | RuntimeException e) {
            channels.release();
            throw e;
        }
        channel.addCloseFutureListener(future -> channels.release());
        return channel;
    }

    /**
     * The exit status of the command of a closed channel: 128 + n when signal n ended it, -1 when the server did
     * not say.
     *
     * @throws IOException when the connection was lost while it ran
     */
    int exitStatus(ChannelExec channel, String command) throws IOException {
        Integer status = channel.getExitStatus();
        if (status != null) {
            return status;
        }
        int signal = channel.getExitSignal() == null ? -1 : signalNumber(channel.getExitSignal());
        if (signal > 0) {
            return 128 + signal;
        }
        if (!channel.getSession().isOpen()) {
            throw new IOException("lost the SSH connection to " + target.describe() + " while running: "
                    + LocalHost.firstLine(command));
        }
        return -1;
    }

    private void acquireChannel() throws IOException {
        try {
            channels.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a free SSH channel to " + target.describe(), e);
        }
    }

    private ChannelExec openExec(String command, OutputStream out, OutputStream err) throws IOException {
        for (int attempt = 1; ; attempt++) {
            ClientSession current = session();
            try {
                return open(current, command, out, err);
            } catch (IOException e) {
                if (!current.isOpen() || current.isClosing()) {
                    // The session died under us (the server restarted, the network dropped): a new
                    // one is tried once; the command had not started, so running it now is safe.
                    return open(session(), command, out, err);
                }
                // A refused open is most often a server that still counts channels we just
                // closed against its MaxSessions: it frees them within milliseconds.
                if (attempt >= 4) {
                    throw new IOException("cannot open a channel to " + target.describe() + ": " + e.getMessage(), e);
                }
                pause(Duration.ofMillis(50L << attempt));
            }
        }
    }

    private static void pause(Duration duration) throws IOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening an SSH channel", e);
        }
    }

    private static ChannelExec open(ClientSession session, String command, OutputStream out, OutputStream err)
            throws IOException {
        ChannelExec channel = session.createExecChannel(command);
        channel.setOut(out);
        channel.setErr(err);
        try {
            channel.open().verify(OPEN_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            channel.close(true);
            throw e;
        }
        return channel;
    }

    private void connect() throws IOException {
        List<KeyPair> keys = loadIdentities();
        String host = target.host();
        int port = target.port();
        if (target.gateway() != null) {
            HostKeyCheck gatewayCheck =
                    new HostKeyCheck(target.gateway(), target.gatewayPort(), null, target.knownHosts());
            gatewayClient = startClient(gatewayCheck);
            gatewaySession = login(
                    gatewayClient,
                    gatewayCheck,
                    target.gatewayUser(),
                    target.gateway(),
                    target.gatewayPort(),
                    keys,
                    "gateway " + target.describeGateway());
            try {
                tunnel = gatewaySession.createLocalPortForwardingTracker(
                        new SshdSocketAddress("127.0.0.1", 0), new SshdSocketAddress(host, port));
            } catch (IOException | RuntimeException e) {
                throw new IOException(
                        "gateway " + target.describeGateway() + " cannot open a tunnel to " + host + ":" + port + ": "
                                + e.getMessage(),
                        e);
            }
            host = tunnel.getBoundAddress().getHostName();
            port = tunnel.getBoundAddress().getPort();
        }
        HostKeyCheck check = new HostKeyCheck(target.host(), target.port(), target.serverKey(), target.knownHosts());
        client = startClient(check);
        session = login(client, check, target.user(), host, port, keys, target.describe());
        sessionsOpened.incrementAndGet();
        LOG.debug("connected to {}", target.describe());
    }

    private static SshClient startClient(HostKeyCheck check) {
        SshClient sshClient = SshClient.setUpDefaultClient();
        // Only what the node's attributes say counts: no ~/.ssh/config, no other keys, no passwords.
        sshClient.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        sshClient.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        sshClient.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        sshClient.setServerKeyVerifier(check);
        sshClient.start();
        return sshClient;
    }

    private ClientSession login(
            SshClient sshClient, HostKeyCheck check, String user, String host, int port, List<KeyPair> keys, String who)
            throws IOException {
        ClientSession s;
        try {
            ConnectFuture future = sshClient.connect(user, host, port);
            s = future.verify(CONNECT_TIMEOUT).getSession();
        } catch (IOException | RuntimeException e) {
            throw new IOException(
                    check.rejection() != null ? check.rejection() : "cannot connect to " + who + ": " + rootMessage(e),
                    e);
        }
        keys.forEach(s::addPublicKeyIdentity);
        try {
            s.auth().verify(AUTH_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            s.close(true);
            if (check.rejection() != null) {
                throw new IOException(check.rejection(), e);
            }
            throw new IOException(
                    "authentication refused by " + who + " for key(s) " + identityNames() + ": " + rootMessage(e), e);
        }
        return s;
    }

    private List<Path> identityFiles() {
        if (target.identity() != null) {
            return List.of(target.identity());
        }
        Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
        List<Path> found = new ArrayList<>();
        for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
            if (Files.isReadable(ssh.resolve(name))) {
                found.add(ssh.resolve(name));
            }
        }
        return found;
    }

    private String identityNames() {
        return identityFiles().toString();
    }

    private List<KeyPair> loadIdentities() throws IOException {
        List<Path> files = identityFiles();
        if (files.isEmpty()) {
            throw new IOException("no SSH key to log in to " + target.describe() + ": set identity, or create "
                    + "~/.ssh/id_ed25519 (ssh-keygen -t ed25519)");
        }
        List<KeyPair> keys = new ArrayList<>();
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                throw new IOException("identity file " + file + " does not exist or cannot be read");
            }
            try (InputStream in = Files.newInputStream(file)) {
                Iterable<KeyPair> loaded =
                        SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in, null);
                if (loaded != null) {
                    loaded.forEach(keys::add);
                }
            } catch (GeneralSecurityException | IOException | RuntimeException e) {
                throw new IOException(
                        "cannot read the private key in identity file " + file
                                + " (keys with a passphrase are not supported): " + rootMessage(e),
                        e);
            }
        }
        return keys;
    }

    private synchronized void closeSessions() {
        // Immediate closes: nothing is left to flush once the users are done, and a graceful
        // close waits for the server's acknowledgements.
        closeQuietly(session == null ? null : () -> session.close(true));
        closeQuietly(tunnel);
        closeQuietly(gatewaySession == null ? null : () -> gatewaySession.close(true));
        for (SshClient c : new SshClient[] {client, gatewayClient}) {
            if (c != null) {
                c.close(true);
            }
        }
        session = null;
        tunnel = null;
        gatewaySession = null;
        client = null;
        gatewayClient = null;
    }

    private void close() {
        closeSessions();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("closing {} failed: {}", closeable, e.toString());
        }
    }

    private static int signalNumber(String signal) {
        return switch (signal) {
            case "HUP" -> 1;
            case "INT" -> 2;
            case "QUIT" -> 3;
            case "KILL" -> 9;
            case "SEGV" -> 11;
            case "PIPE" -> 13;
            case "ALRM" -> 14;
            case "TERM" -> 15;
            default -> -1;
        };
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    @Override
    public String toString() {
        return "SSH connection to " + target.describe();
    }
}
