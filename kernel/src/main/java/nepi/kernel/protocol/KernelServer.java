package nepi.kernel.protocol;

import java.io.PrintStream;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import nepi.kernel.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import zmq.msg.MsgAllocatorHeap;

/**
 * The kernel on the wire: binds the five channels to the connection file's address, runs one thread per socket,
 * and serves a {@link Session} until a {@code shutdown_request}. Each socket's thread survives anything one message
 * does; should one end all the same, the kernel logs it, stops answering heartbeats and shuts down with
 * {@link #failed()} true, so that the front end sees a dead kernel (and restarts it) rather than a silent one.
 */
public final class KernelServer {

    private static final Logger log = LoggerFactory.getLogger(KernelServer.class);

    /** Signed requests larger than this are answered with an error instead of being parsed. */
    static final long MAX_MESSAGE_BYTES = 16L * 1024 * 1024;
    /**
     * ZeroMQ drops the connection of a peer sending a bigger frame, before it reaches the heap. Above
     * {@link #MAX_MESSAGE_BYTES}, so that an oversized signed request in one frame is still answered.
     */
    private static final long MAX_FRAME_BYTES = 32L * 1024 * 1024;
    /** Heartbeat pings are a few bytes. */
    private static final long MAX_PING_BYTES = 1024;

    private static final int IOPUB_QUEUE = 64;
    /**
     * Messages ZeroMQ holds for each iopub subscriber (stream messages carry up to 64 KiB of output): a client
     * reading normally never falls this far behind; one that stops reading loses its own messages past it.
     */
    private static final int IOPUB_HWM = 1000;

    private static final Duration IOPUB_SEND_TIMEOUT = Duration.ofSeconds(30);

    private final ConnectionInfo connection;
    private final PrintStream kernelLog;
    private final String sessionId = UUID.randomUUID().toString();
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean failed;
    private ZMQ.Context context;
    private IopubPublisher iopub;
    private StdinChannel stdin;
    private Session session;

    public KernelServer(ConnectionInfo connection, PrintStream kernelLog) {
        this.connection = connection;
        this.kernelLog = kernelLog;
    }

    /** Binds and starts serving; returns at once. */
    public void start() {
        MessageSigner signer = new MessageSigner(connection.signatureScheme(), connection.key());
        if (!signer.enabled()) {
            log.warn("the connection file has no key: messages are not signed");
        }
        WireCodec codec = new WireCodec(signer, MAX_MESSAGE_BYTES);
        context = ZMQ.context(1);

        ZMQ.Socket shellSocket = bind(SocketType.ROUTER, connection.shellPort());
        ZMQ.Socket controlSocket = bind(SocketType.ROUTER, connection.controlPort());
        ZMQ.Socket stdinSocket = bind(SocketType.ROUTER, connection.stdinPort());
        ZMQ.Socket hbSocket = context.socket(SocketType.REP);
        hbSocket.setLinger(0);
        hbSocket.setMaxMsgSize(MAX_PING_BYTES);
        hbSocket.bind(connection.endpoint(connection.hbPort()));
        ZMQ.Socket iopubSocket = context.socket(SocketType.XPUB);
        iopubSocket.setLinger(1000);
        // No XPUB no-drop: with it, one subscriber that never reads blocks every send, for every client.
        iopubSocket.setXpubNoDrop(false);
        iopubSocket.setSndHWM(IOPUB_HWM);
        iopubSocket.setSendTimeOut((int) IOPUB_SEND_TIMEOUT.toMillis());
        iopubSocket.bind(connection.endpoint(connection.iopubPort()));

        iopub = new IopubPublisher(iopubSocket, codec, IOPUB_QUEUE);
        stdin = new StdinChannel(context, stdinSocket, codec);
        WireFrontend frontend = new WireFrontend(iopub, stdin, sessionId);
        session = new Session(frontend, kernelLog);
        KernelRequests requests = new KernelRequests(
                KernelRequests.SessionPort.of(session), iopub, frontend, sessionId, this::requestShutdown);

        startThread("nepi-iopub", iopub);
        startThread("nepi-stdin", stdin);
        startThread("nepi-heartbeat", new Heartbeat(hbSocket, () -> !failed));
        startThread("nepi-control", new RequestChannel("control", controlSocket, codec, requests));
        startThread("nepi-shell", new RequestChannel("shell", shellSocket, codec, requests));
        try {
            iopub.publish(Message.create(
                    null,
                    MessageType.STATUS,
                    sessionId,
                    new IopubContent.Status(IopubContent.ExecutionState.STARTING)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.start();
        log.info(
                "kernel listening on {} (shell {}, iopub {}, control {}, stdin {}, hb {})",
                connection.ip(),
                connection.shellPort(),
                connection.iopubPort(),
                connection.controlPort(),
                connection.stdinPort(),
                connection.hbPort());
    }

    /**
     * Runs a cell as a client's request would, without a client: the install-time training run that records which
     * classes the kernel loads (see {@code nepi.kernel.Main --cds-training}). Call after {@link #start()}.
     */
    public boolean executeForTraining(String code) {
        return session.execute(code, 0, false).error().isEmpty();
    }

    /** Blocks until a client asks the kernel to shut down (or {@link #requestShutdown} is called). */
    public void awaitShutdown() throws InterruptedException {
        shutdown.await();
    }

    public void requestShutdown(boolean restart) {
        log.info("shutdown requested (restart: {})", restart);
        shutdown.countDown();
    }

    /** True when the kernel shut down because one of its socket threads ended; the process should exit non-zero. */
    public boolean failed() {
        return failed;
    }

    /** Ends the session, sends what is still queued, and closes every socket (bounded in time). */
    public void stop() {
        stopping = true;
        session.close();
        try {
            iopub.awaitDrained(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stdin.stop();
        iopub.stop();
        Thread terminator = new Thread(context::term, "nepi-zmq-term");
        terminator.setDaemon(true);
        terminator.start();
        try {
            terminator.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (terminator.isAlive()) {
            log.warn("ZeroMQ did not close within 3 s; exiting anyway");
        }
    }

    /**
     * A ROUTER socket. With router handover, a client connecting with the identity of a connected one (two clients
     * sharing a session id) takes its place and is answered, as with ipykernel, instead of being ignored.
     */
    private ZMQ.Socket bind(SocketType type, int port) {
        ZMQ.Socket socket = context.socket(type);
        socket.setLinger(1000);
        socket.setMaxMsgSize(MAX_FRAME_BYTES);
        // Frames on the heap: JeroMQ's default puts large frames in direct buffers, which only a GC frees, so a
        // flood of big frames (even ones thrown away at once) would grow the process far beyond -Xmx.
        socket.setMsgAllocator(new MsgAllocatorHeap());
        socket.setRouterHandover(true);
        socket.bind(connection.endpoint(port));
        return socket;
    }

    private void startThread(String name, Runnable body) {
        Thread thread = new Thread(() -> supervised(name, body), name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs a socket's loop; if it ends while the kernel is not stopping, the kernel is broken and says so. */
    private void supervised(String name, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException | Error e) {
            log.error("thread {} failed", name, e);
        } finally {
            if (!stopping) {
                threadDied(name);
            }
        }
    }

    private void threadDied(String name) {
        fail("thread " + name + " ended while the kernel runs");
    }

    /**
     * Marks the kernel broken (a thread it needs is gone, ZeroMQ's own included): it stops answering heartbeats and
     * shuts down with {@link #failed()} true, so that the front end restarts it.
     */
    public synchronized void fail(String reason) {
        if (failed) {
            return;
        }
        failed = true;
        log.error("{}: the kernel stops answering heartbeats and exits, so that the front end restarts it", reason);
        shutdown.countDown();
    }
}
