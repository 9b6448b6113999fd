package nepi.resources.linux.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.forward.ExplicitPortForwardingTracker;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSH connection to a host (Apache MINA SSHD), shared by every node and application that
 * reaches the same {@link SshTarget}. Its commands run in one long-lived {@link ShellAgent} on
 * the connection, so the user's shell start-up (rc files) is paid once per connection, not per
 * command. It reconnects by itself when it finds the session closed, and hops through a gateway
 * when asked to (a local tunnel through the gateway's session, as {@code ssh -J} does).
 *
 * <p>Every connection is a session of one shared {@link SshClient} (one small pool of I/O
 * threads for a fleet of hosts); the host key check of each is carried in its connection
 * context. Heartbeats ({@code keepalive@openssh.com} with a reply wanted, every
 * {@link #HEARTBEAT}) tell a slow host from a dead one: a session whose host leaves them
 * unanswered for the connect timeout is closed, and what waits on it fails at once; a host that
 * answers them may take as long as its shell needs.
 *
 * <p>{@link #openAsync} connects on a pool of at most {@link #CONNECT_CONCURRENCY} threads, so
 * that a fleet's connections are opened together from the start of deploy.
 */
public final class SshConnection {

    /** Connections being opened at once (key exchange, login, shell start) by {@link #openAsync}. */
    public static final int CONNECT_CONCURRENCY = 32;

    /** How often a connected session asks its host for a sign of life. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(2);

    /** The longest a host's shell may take to start (rc files) while the host answers heartbeats. */
    public static final Duration SHELL_START_LIMIT = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(SshConnection.class);
    /** How long key exchange and login may take once the host accepted the TCP connection. */
    private static final Duration LOGIN_LIMIT = Duration.ofMinutes(2);

    private static final Map<SshTarget, SshConnection> SHARED = new HashMap<>();
    private static final AttributeRepository.AttributeKey<HostKeyCheck> CHECK =
            new AttributeRepository.AttributeKey<>();
    private static final ExecutorService CONNECTS = connectPool();
    private static SshClient sharedClient;
    private static int clientUsers;

    private final SshTarget target;
    private final AtomicInteger sessionsOpened = new AtomicInteger();
    private int users;
    private SshClient client;
    private ClientSession gatewaySession;
    private ExplicitPortForwardingTracker tunnel;
    private ClientSession session;
    private ShellAgent agent;
    private CompletableFuture<Void> opening;
    private boolean released;

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
     * Connects and starts the shell in the background, on the shared pool of
     * {@link #CONNECT_CONCURRENCY} threads; the future fails with the reason (unreachable, key
     * refused, host key wrong) when it cannot. Later calls return the same future until it failed.
     */
    public synchronized CompletableFuture<Void> openAsync() {
        if (opening == null || opening.isCompletedExceptionally()) {
            opening = CompletableFuture.runAsync(
                    () -> {
                        try {
                            agent();
                        } catch (IOException e) {
                            throw new CompletionException(e);
                        }
                    },
                    CONNECTS);
        }
        return opening;
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
     * The shell that runs this connection's commands, started (again) when there is none or it
     * ended; after a reconnection, the listeners given to {@link #onNewShell} hear of it.
     */
    synchronized ShellAgent agent() throws IOException {
        if (agent != null && agent.isOpen()) {
            return agent;
        }
        if (released) {
            throw new NotSentException("the connection to " + target.describe() + " was released", null);
        }
        ClientSession s = session();
        if (agent != null) {
            agent.close();
        }
        agent = ShellAgent.start(s, target.describe(), LOGIN_LIMIT, SHELL_START_LIMIT);
        return agent;
    }

    /** What the host's shell said when it started: uid, system and home. */
    ShellAgent.Hello hello() throws IOException {
        return agent().hello();
    }

    /**
     * Runs {@code command} on the host and waits for its end.
     *
     * @param stdin what to send on its standard input (null: nothing); end of input follows
     * @param stdinLength how many bytes {@code stdin} holds
     * @return its exit status (128 + n when a signal n ended it)
     */
    public CommandResult exec(String command, InputStream stdin, long stdinLength, Duration timeout)
            throws IOException {
        ShellAgent a = agent();
        try {
            return a.run(command, stdin, stdinLength, timeout);
        } catch (IOException e) {
            if (!(e instanceof NotSentException)) {
                throw e;
            }
            // The shell was gone before the command was sent (the server restarted, the
            // network dropped): a new one is tried once; the command had not started.
            return agent().run(command, stdin, stdinLength, timeout);
        }
    }

    /** Runs {@code command} and returns its output as text. */
    public CommandResult exec(String command, byte[] stdin, Duration timeout) throws IOException {
        return exec(
                command,
                stdin == null ? null : new java.io.ByteArrayInputStream(stdin),
                stdin == null ? 0 : stdin.length,
                timeout);
    }

    /** A command refused before any of it reached the host: safe to send again. */
    static final class NotSentException extends IOException {
        NotSentException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void connect() throws IOException {
        List<KeyPair> keys = loadIdentities();
        String host = target.host();
        int port = target.port();
        client = acquireClient();
        if (target.gateway() != null) {
            HostKeyCheck gatewayCheck =
                    new HostKeyCheck(target.gateway(), target.gatewayPort(), null, target.knownHosts());
            gatewaySession = login(
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
        session = login(check, target.user(), host, port, keys, target.describe());
        sessionsOpened.incrementAndGet();
        LOG.debug("connected to {}", target.describe());
    }

    private static synchronized SshClient acquireClient() {
        if (sharedClient == null) {
            SshClient c = SshClient.setUpDefaultClient();
            // Only what the node's attributes say counts: no ~/.ssh/config, no other keys, no passwords.
            c.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
            c.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
            c.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
            // Each session's own check travels in its connection context.
            c.setServerKeyVerifier((session, remote, key) -> {
                HostKeyCheck check = session.getConnectionContext() == null
                        ? null
                        : session.getConnectionContext().getAttribute(CHECK);
                return check != null && check.verifyServerKey(session, remote, key);
            });
            c.start();
            sharedClient = c;
        }
        clientUsers++;
        return sharedClient;
    }

    private static synchronized void releaseClient() {
        if (--clientUsers == 0 && sharedClient != null) {
            sharedClient.close(true);
            sharedClient = null;
        }
    }

    private ClientSession login(HostKeyCheck check, String user, String host, int port, List<KeyPair> keys, String who)
            throws IOException {
        Duration timeout = target.connectTimeout();
        ClientSession s;
        try {
            ConnectFuture future =
                    client.connect(user, host, port, AttributeRepository.ofKeyValuePair(CHECK, check), null);
            s = future.verify(timeout).getSession();
        } catch (IOException | RuntimeException e) {
            throw new IOException(
                    check.rejection() != null
                            ? check.rejection()
                            : "cannot connect to " + who + " within " + timeout + ": " + rootMessage(e),
                    e);
        }
        // Heartbeats with a reply wanted: a host that stops answering for the connect timeout
        // is dead, and its session is closed (what waits on it fails at once).
        int unanswered = (int) Math.max(2, (timeout.toMillis() + HEARTBEAT.toMillis() - 1) / HEARTBEAT.toMillis());
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(s, HEARTBEAT);
        CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(s, timeout);
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(s, unanswered);
        keys.forEach(s::addPublicKeyIdentity);
        try {
            // Key exchange and login on a host that accepted the TCP connection: it is there, if
            // perhaps loaded (sshd forks and signs for each login), so slow is not dead here
            // either; a refused key is answered at once whatever this limit.
            s.auth().verify(timeout.compareTo(LOGIN_LIMIT) > 0 ? timeout : LOGIN_LIMIT);
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
        if (agent != null) {
            agent.close();
        }
        closeQuietly(session == null ? null : () -> session.close(true));
        closeQuietly(tunnel);
        closeQuietly(gatewaySession == null ? null : () -> gatewaySession.close(true));
        if (client != null) {
            releaseClient();
        }
        agent = null;
        session = null;
        tunnel = null;
        gatewaySession = null;
        client = null;
    }

    private synchronized void close() {
        released = true;
        closeSessions();
    }

    private static ExecutorService connectPool() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                CONNECT_CONCURRENCY, CONNECT_CONCURRENCY, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "nepi-ssh-connect-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
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
