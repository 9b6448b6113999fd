package nepi.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.ZError;

/**
 * Publishes on iopub from one thread that owns the socket. Any thread may call {@link #publish}: ZeroMQ sockets are
 * not thread-safe, and a thread interrupted inside a JeroMQ call can break the socket for good, so session threads
 * (which get interrupted) only ever touch a Java queue.
 * <p>
 * The queue is bounded and the socket is an XPUB with no-drop, so a fast producer (a cell printing megabytes) waits
 * for a slow front end instead of filling the heap or losing output.
 */
final class IopubPublisher implements Runnable, Iopub {

    private static final Logger log = LoggerFactory.getLogger(IopubPublisher.class);
    private static final Message STOP = Message.create(null, "stop", "", Message.emptyObject());

    private final ZMQ.Socket socket;
    private final WireCodec codec;
    private final BlockingQueue<Message> queue;
    private final Object drained = new Object();
    private long pending;

    IopubPublisher(ZMQ.Socket socket, WireCodec codec, int capacity) {
        this.socket = socket;
        this.codec = codec;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Queues a message, waiting while the queue is full. */
    @Override
    public void publish(Message message) throws InterruptedException {
        synchronized (drained) {
            pending++;
        }
        try {
            queue.put(message);
        } catch (InterruptedException e) {
            sent();
            throw e;
        }
    }

    /** Waits (bounded) until every queued message has been handed to ZeroMQ. */
    void awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (drained) {
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(drained, left);
            }
        }
    }

    private void sent() {
        synchronized (drained) {
            pending--;
            if (pending <= 0) {
                drained.notifyAll();
            }
        }
    }

    void stop() {
        queue.offer(STOP);
    }

    @Override
    public void run() {
        try {
            while (true) {
                Message message = queue.take();
                if (message == STOP) {
                    break;
                }
                byte[] topic = ("kernel." + message.header().session() + "." + message.type())
                        .getBytes(StandardCharsets.US_ASCII);
                Message routed = new Message(List.of(topic), message.header(), message.headerJson(),
                        message.parentHeader(), message.metadata(), message.content(), message.buffers());
                try {
                    if (!Frames.send(socket, codec.encode(routed))) {
                        log.warn("iopub: front end did not take a {} message in time; dropped", message.type());
                    }
                } finally {
                    sent();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ZMQException e) {
            if (e.getErrorCode() != ZError.ETERM) {
                log.error("iopub stopped by ZeroMQ error {}", e.getErrorCode(), e);
            }
        } finally {
            socket.close();
        }
    }
}
