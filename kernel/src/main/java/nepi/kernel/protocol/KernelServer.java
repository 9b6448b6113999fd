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

/**
 * The kernel on the wire: binds the five channels to the connection file's address, runs one thread per socket,
 * and serves a {@link Session} until a {@code shutdown_request}.
 */
public final class KernelServer {

    private static final Logger log = LoggerFactory.getLogger(KernelServer.class);

    /** Signed requests larger than this are answered with an error instead of being parsed. */
    static final long MAX_MESSAGE_BYTES = 16L * 1024 * 1024;
    /** ZeroMQ drops the connection of a peer sending a bigger frame, before it reaches the heap. */
    private static final long MAX_FRAME_BYTES = 64L * 1024 * 1024;
    private static final int IOPUB_QUEUE = 64;
    private static final int IOPUB_HWM = 64;
    private static final Duration IOPUB_SEND_TIMEOUT = Duration.ofSeconds(30);

    private final ConnectionInfo connection;
    private final PrintStream kernelLog;
    private final String sessionId = UUID.randomUUID().toString();
    private final CountDownLatch shutdown = new CountDownLatch(1);
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
        ZMQ.Socket hbSocket = bind(SocketType.REP, connection.hbPort());
        ZMQ.Socket iopubSocket = context.socket(SocketType.XPUB);
        iopubSocket.setLinger(1000);
        iopubSocket.setXpubNoDrop(true);
        iopubSocket.setSndHWM(IOPUB_HWM);
        iopubSocket.setSendTimeOut((int) IOPUB_SEND_TIMEOUT.toMillis());
        iopubSocket.bind(connection.endpoint(connection.iopubPort()));

        iopub = new IopubPublisher(iopubSocket, codec, IOPUB_QUEUE);
        stdin = new StdinChannel(context, stdinSocket, codec);
        WireFrontend frontend = new WireFrontend(iopub, stdin, sessionId);
        session = new Session(frontend, kernelLog);
        KernelRequests requests = new KernelRequests(KernelRequests.SessionPort.of(session), iopub, frontend,
                sessionId, this::requestShutdown);

        startThread("nepi-iopub", iopub);
        startThread("nepi-stdin", stdin);
        startThread("nepi-heartbeat", new Heartbeat(hbSocket));
        startThread("nepi-control", new RequestChannel("control", controlSocket, codec, requests));
        startThread("nepi-shell", new RequestChannel("shell", shellSocket, codec, requests));
        try {
            iopub.publish(Message.create(null, MessageType.STATUS, sessionId,
                    new IopubContent.Status(IopubContent.ExecutionState.STARTING)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.start();
        log.info("kernel listening on {} (shell {}, iopub {}, control {}, stdin {}, hb {})", connection.ip(),
                connection.shellPort(), connection.iopubPort(), connection.controlPort(), connection.stdinPort(),
                connection.hbPort());
    }

    /** Blocks until a client asks the kernel to shut down (or {@link #requestShutdown} is called). */
    public void awaitShutdown() throws InterruptedException {
        shutdown.await();
    }

    public void requestShutdown(boolean restart) {
        log.info("shutdown requested (restart: {})", restart);
        shutdown.countDown();
    }

    /** Ends the session, sends what is still queued, and closes every socket (bounded in time). */
    public void stop() {
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

    private ZMQ.Socket bind(SocketType type, int port) {
        ZMQ.Socket socket = context.socket(type);
        socket.setLinger(1000);
        socket.setMaxMsgSize(MAX_FRAME_BYTES);
        socket.bind(connection.endpoint(port));
        return socket;
    }

    private void startThread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
