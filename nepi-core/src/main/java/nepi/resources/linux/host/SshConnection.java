package nepi.resources.linux.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.forward.ExplicitPortForwardingTracker;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.common.util.security.SecurityUtils;
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
 * <p>{@link #openAsync} connects in the background, so that a fleet's connections are opened together from the
 * start of deploy: at most {@link #CONNECT_CONCURRENCY} key exchanges and logins at a time (the CPU-heavy part,
 * on both sides), the shells' start-ups (rc files) outside that bound.
 */
public final class SshConnection {

    /** Connections logging in at once (TCP connect, key exchange, authentication). */
    public static final int CONNECT_CONCURRENCY = 32;

    /**
     * Threads that open connections for {@link #openAsync}: past login each mostly waits for its host's shell to
     * start, which is not bounded by {@link #CONNECT_CONCURRENCY} (a host whose rc files take seconds would hold
     * a login slot for nothing).
     */
    private static final int CONNECT_THREADS = 256;

    private static final Semaphore LOGINS = new Semaphore(CONNECT_CONCURRENCY);

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
    private static final ExecutorService CONNECTS = HostThreads.bounded("nepi-ssh-connect", CONNECT_THREADS);
    private static final String KEEPALIVE = "keepalive@openssh.com";
    /** Sends every connection's keepalives: one thread, each beat a non-blocking write; gone when idle. */
    private static final ScheduledExecutorService HEARTBEATS = HostThreads.timer("nepi-ssh-keepalive");

    private static SshClient sharedClient;
    private static int clientUsers;

    /** Channels open at once on a connection for streamed commands (sshd's MaxSessions is 10 by default). */
    public static final int MAX_CHANNELS = 9;

    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(15);

    private final Semaphore channels = new Semaphore(MAX_CHANNELS, true);
    private final SshTarget target;
    private final AtomicInteger sessionsOpened = new AtomicInteger();
    private int users;
    private SshClient client;
    /** The shared connection to the gateway, acquired on first connect and released with this one. */
    private SshConnection gateway;

    private ExplicitPortForwardingTracker tunnel;
    private ClientSession session;
    private ShellAgent agent;
    private CompletableFuture<Void> opening;
    private boolean released;
    /** When the phases of the last opening ended (System.nanoTime; 0: not yet), for benchmarks' profiles. */
    private volatile OpenTimes openTimes = new OpenTimes(0, 0, 0, 0, 0);
    /** Why the last session ended, when something said so (keepalives unanswered, the host's disconnect). */
    private volatile SessionEnd lastEnd;
    /** The last failed connection attempt; callers within the connect timeout after it get its failure at once. */
    private volatile Failure unreachable;

    /** How a session ended: {@code silent} when the host stopped answering keepalives. */
    record SessionEnd(String reason, boolean silent) {}

    private record Failure(String message, long atNanos) {}

    /**
     * When the phases of a connection's opening ended, in {@link System#nanoTime()} (0 when not reached): asked
     * for ({@link #openAsync}), begun (a login slot free), TCP connected, key exchange and login done, its shell
     * started (channel open, rc files, the agent's first line). Benchmarks print them per host.
     */
    public record OpenTimes(long asked, long begun, long connected, long loggedIn, long shellStarted) {}

    /** The phases of the last opening of this connection. */
    public OpenTimes openTimes() {
        return openTimes;
    }

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
     * Connects and starts the shell in the background (at most {@link #CONNECT_CONCURRENCY} logging in at a
     * time); the future fails with the reason (unreachable, key
     * refused, host key wrong) when it cannot. Later calls return the same future until it failed.
     */
    public synchronized CompletableFuture<Void> openAsync() {
        if (opening == null || opening.isCompletedExceptionally()) {
            openTimes = new OpenTimes(System.nanoTime(), 0, 0, 0, 0);
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
     * The open session, connecting (again) when there is none or it was closed. Within the connect
     * timeout after an attempt failed, the same failure comes back at once, without a new attempt:
     * the users of an unreachable host (a release, say) do not each wait for it in turn.
     *
     * @throws IOException with a message that says what failed: the host unreachable, its key
     *                     wrong or unknown, or our key refused
     */
    public ClientSession session() throws IOException {
        return session(false);
    }

    /** Like {@link #session()}; {@code retryNow} tries to connect even right after a failed attempt. */
    synchronized ClientSession session(boolean retryNow) throws IOException {
        if (session != null && session.isOpen() && !session.isClosing()) {
            return session;
        }
        Failure failed = unreachable;
        if (!retryNow
                && failed != null
                && System.nanoTime() - failed.atNanos()
                        < target.connectTimeout().toNanos()) {
            throw new HostUnreachableException(failed.message(), null);
        }
        if (session != null) {
            LOG.info("SSH session to {} was closed; reconnecting", target.describe());
        }
        closeSessions();
        try {
            connect();
        } catch (IOException | RuntimeException e) {
            closeSessions();
            unreachable = new Failure(e.getMessage(), System.nanoTime());
            throw new HostUnreachableException(e.getMessage(), e);
        }
        unreachable = null;
        return session;
    }

    /**
     * The shell that runs this connection's commands, started (again) when there is none or it
     * ended.
     */
    ShellAgent agent() throws IOException {
        return agent(false);
    }

    /** Like {@link #agent()}; {@code retryNow} as in {@link #session(boolean)}. */
    synchronized ShellAgent agent(boolean retryNow) throws IOException {
        if (agent != null && agent.isOpen()) {
            return agent;
        }
        if (released) {
            throw new NotSentException("the connection to " + target.describe() + " was released", null);
        }
        ClientSession s = session(retryNow);
        if (agent != null) {
            agent.close();
        }
        agent = ShellAgent.start(s, target.describe(), LOGIN_LIMIT, SHELL_START_LIMIT);
        OpenTimes t = openTimes;
        openTimes = new OpenTimes(t.asked(), t.begun(), t.connected(), t.loggedIn(), System.nanoTime());
        return agent;
    }

    /** How the last session ended, when known (null: closed by the host, or never ended). */
    SessionEnd lastEnd() {
        return lastEnd;
    }

    /**
     * Whether the host is unreachable now: the last attempt to connect failed and no session is open. A host
     * whose session was lost but that was not tried again yet counts as reachable.
     */
    public boolean isUnreachable() {
        ClientSession s = session;
        return unreachable != null && (s == null || !s.isOpen());
    }

    /** Why the last attempt to connect failed, while {@link #isUnreachable()}; null otherwise. */
    public String unreachableReason() {
        Failure f = unreachable;
        return f == null ? null : f.message();
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
        return exec(command, stdin, stdinLength, timeout, false);
    }

    /**
     * Like {@link #exec(String, InputStream, long, Duration)}; {@code shortAnswer} when the command prints a few
     * short lines at most, which the host's shell then sends back with built-ins only (see {@link ShellAgent}).
     */
    CommandResult exec(String command, InputStream stdin, long stdinLength, Duration timeout, boolean shortAnswer)
            throws IOException {
        ShellAgent a = agent();
        try {
            return a.run(command, stdin, stdinLength, timeout, shortAnswer);
        } catch (IOException e) {
            if (!(e instanceof NotSentException)) {
                throw e;
            }
            // The shell was gone before the command was sent (the server restarted, the
            // network dropped): a new one is tried once; the command had not started.
            return agent().run(command, stdin, stdinLength, timeout, shortAnswer);
        }
    }

    /**
     * Sends {@code command} (no input) to the host's shell and returns at once; the future gives its result (see
     * {@link ShellAgent#runAsync}). A shell found gone before anything was sent is started again once, as by
     * {@link #exec(String, InputStream, long, Duration)}.
     */
    CompletableFuture<CommandResult> execAsync(String command, Duration timeout) throws IOException {
        ShellAgent a = agent();
        try {
            return a.runAsync(command, timeout);
        } catch (NotSentException e) {
            return agent().runAsync(command, timeout);
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

    /**
     * Opens a channel running {@code command} whose output goes to {@code out} and {@code err} as it comes, and
     * returns it open: for commands whose output must stream ({@code ec.exec}, {@code %exec}), which the host's
     * long-lived shell cannot give (it answers a step with its whole output at its end). Such commands are
     * interactive and few, so each pays for a login shell of its own. It holds one of the {@link #MAX_CHANNELS}
     * until it closes.
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
            // One session to the gateway for every host behind it (and for a node on the gateway
            // itself): each of them only adds a forwarded channel to it, as ssh -J does.
            if (gateway == null) {
                gateway = acquire(target.gatewayTarget());
            }
            ClientSession hop;
            try {
                hop = gateway.session();
            } catch (IOException e) {
                throw new HostUnreachableException("gateway " + target.describeGateway() + ": " + e.getMessage(), e);
            }
            try {
                tunnel = hop.createLocalPortForwardingTracker(
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
        try {
            LOGINS.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to connect to " + who, e);
        }
        try {
            OpenTimes t = openTimes;
            openTimes = new OpenTimes(t.asked(), System.nanoTime(), 0, 0, 0);
            return loginNow(check, user, host, port, keys, who, timeout);
        } finally {
            LOGINS.release();
        }
    }

    private ClientSession loginNow(
            HostKeyCheck check, String user, String host, int port, List<KeyPair> keys, String who, Duration timeout)
            throws IOException {
        ClientSession s;
        try {
            ConnectFuture future =
                    client.connect(user, host, port, AttributeRepository.ofKeyValuePair(CHECK, check), null);
            s = future.verify(timeout).getSession();
            OpenTimes t = openTimes;
            openTimes = new OpenTimes(t.asked(), t.begun(), System.nanoTime(), 0, 0);
        } catch (IOException | RuntimeException e) {
            throw new IOException(
                    check.rejection() != null
                            ? check.rejection()
                            : "cannot connect to " + who + " within " + timeout + ": " + rootMessage(e),
                    e);
        }
        lastEnd = null;
        s.addSessionListener(endListener());
        keys.forEach(s::addPublicKeyIdentity);
        try {
            // Key exchange and login on a host that accepted the TCP connection: it is there, if
            // perhaps loaded (sshd forks and signs for each login), so slow is not dead here
            // either; a refused key is answered at once whatever this limit.
            s.auth().verify(timeout.compareTo(LOGIN_LIMIT) > 0 ? timeout : LOGIN_LIMIT);
            OpenTimes t = openTimes;
            openTimes = new OpenTimes(t.asked(), t.begun(), t.connected(), System.nanoTime(), 0);
        } catch (IOException | RuntimeException e) {
            s.close(true);
            if (check.rejection() != null) {
                throw new IOException(check.rejection(), e);
            }
            throw new IOException(
                    "authentication refused by " + who + " for key(s) " + identityNames() + ": " + rootMessage(e), e);
        }
        startHeartbeats(s, timeout);
        return s;
    }

    /** Records why a session ends when the host says so (its disconnect message). */
    private SessionListener endListener() {
        return new SessionListener() {
            @Override
            public void sessionDisconnect(Session s, int code, String message, String language, boolean initiator) {
                if (!initiator && lastEnd == null) {
                    lastEnd = new SessionEnd("the host disconnected: " + message, false);
                }
            }
        };
    }

    /**
     * Asks the host for a sign of life ({@code keepalive@openssh.com}, reply wanted) every {@link #HEARTBEAT}
     * (more often for a connect timeout under 6 s) and closes the session once none came for {@code timeout}: what
     * waits on the session then fails at once, and the exit watchers hear that the host went silent. Any answer
     * counts, a refusal of the request included (OpenSSH refuses requests it does not know). MINA's own heartbeat
     * settings are read when the session is created, before a per-host timeout can be given, hence this.
     */
    private void startHeartbeats(ClientSession s, Duration timeout) {
        long interval = Math.max(100, Math.min(HEARTBEAT.toMillis(), timeout.toMillis() / 3));
        AtomicLong lastAnswer = new AtomicLong(System.nanoTime());
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        AtomicLong lastBeat = new AtomicLong(System.nanoTime());
        Runnable beat = () -> {
            if (!s.isOpen() || s.isClosing()) {
                cancel(task);
                return;
            }
            long now = System.nanoTime();
            if (now - lastBeat.getAndSet(now) > TimeUnit.MILLISECONDS.toNanos(interval) + timeout.toNanos() / 2) {
                // This beat came very late: the controller itself was starved (a loaded machine, a long GC), and
                // so were the I/O threads that read the answers. The silence says nothing of the host.
                lastAnswer.set(now);
            }
            if (now - lastAnswer.get() > timeout.toNanos()) {
                cancel(task);
                lastEnd = new SessionEnd("no answer to keepalives for " + seconds(timeout), true);
                LOG.info("{} left keepalives unanswered for {}; closing its session", target.describe(), timeout);
                s.close(true);
                return;
            }
            try {
                Buffer request = s.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, 32);
                request.putString(KEEPALIVE);
                request.putBoolean(true);
                s.request(request, KEEPALIVE, (cmd, reply) -> lastAnswer.set(System.nanoTime()));
            } catch (IOException | RuntimeException e) {
                LOG.debug("keepalive to {} not sent: {}", target.describe(), e.toString());
            }
        };
        task.set(HEARTBEATS.scheduleWithFixedDelay(beat, interval, interval, TimeUnit.MILLISECONDS));
        s.addCloseFutureListener(f -> cancel(task));
    }

    private static void cancel(AtomicReference<ScheduledFuture<?>> task) {
        ScheduledFuture<?> t = task.get();
        if (t != null) {
            t.cancel(false);
        }
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0
                ? d.toSeconds() + " s"
                : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
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

    /**
     * The keys read from an identity file, kept while the file is unchanged: a fleet's connections all log in with
     * the same key, and parsing it (an Ed25519 key derives its public half, a scalar multiplication in Java) is
     * a few milliseconds of the controller's CPU each.
     */
    private record Identity(Path file, long modified, long size, List<KeyPair> keys) {}

    private static final Map<Path, Identity> IDENTITIES = new ConcurrentHashMap<>();

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
            long modified = Files.getLastModifiedTime(file).toMillis();
            long size = Files.size(file);
            Identity known = IDENTITIES.get(file);
            if (known == null || known.modified() != modified || known.size() != size) {
                known = new Identity(file, modified, size, readIdentity(file));
                IDENTITIES.put(file, known);
            }
            keys.addAll(known.keys());
        }
        return keys;
    }

    private static List<KeyPair> readIdentity(Path file) throws IOException {
        List<KeyPair> keys = new ArrayList<>();
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
        return List.copyOf(keys);
    }

    private synchronized void closeSessions() {
        // Immediate closes: nothing is left to flush once the users are done, and a graceful
        // close waits for the server's acknowledgements.
        if (agent != null) {
            agent.close();
        }
        closeQuietly(session == null ? null : () -> session.close(true));
        closeQuietly(tunnel);
        if (client != null) {
            releaseClient();
        }
        agent = null;
        session = null;
        tunnel = null;
        client = null;
    }

    private synchronized void close() {
        released = true;
        closeSessions();
        if (gateway != null) {
            gateway.release();
            gateway = null;
        }
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
