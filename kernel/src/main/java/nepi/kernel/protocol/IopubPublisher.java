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
 * The queue is bounded, so a fast producer (a cell printing megabytes) waits for this thread instead of filling the
 * heap. The socket drops messages for a subscriber whose own high-water mark is full (no XPUB no-drop): one peer that
 * never reads loses its own messages and blocks nobody else, as with ipykernel.
 * <p>
 * No message can end this thread: one that cannot be encoded or sent (say, out of memory) is logged and replaced by
 * a short {@code stream} message on {@code stderr} telling the client what was lost.
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

    private void send(Message message) {
        byte[] topic =
                ("kernel." + message.header().session() + "." + message.type()).getBytes(StandardCharsets.US_ASCII);
        Message routed = new Message(
                List.of(topic),
                message.header(),
                message.headerJson(),
                message.parentHeader(),
                message.metadata(),
                message.content(),
                message.buffers());
        if (!Frames.send(socket, codec.encode(routed))) {
            log.warn("iopub: could not send a {} message in time; dropped", message.type());
        }
    }

    private void sendReplacement(Message unsendable, Throwable cause) {
        try {
            send(replacement(unsendable, cause));
        } catch (ZMQException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            log.error("iopub: could not send the error replacing a {} message either", unsendable.type(), e);
        }
    }

    /** A short note on stderr, child of the same request, saying which message was lost and why. */
    static Message replacement(Message unsendable, Throwable cause) {
        String text = "[kernel] a " + unsendable.type() + " message could not be sent and was dropped (" + cause
                + "). Show a smaller value, or write it to a file.\n";
        Message note = Message.create(
                null, MessageType.STREAM, unsendable.header().session(), new IopubContent.Stream("stderr", text));
        return new Message(
                List.of(),
                note.header(),
                note.headerJson(),
                unsendable.parentHeader(),
                Message.emptyObject(),
                note.content(),
                List.of());
    }

    @Override
    public void run() {
        try {
            while (true) {
                Message message = queue.take();
                if (message == STOP) {
                    break;
                }
                try {
                    send(message);
                } catch (ZMQException e) {
                    throw e;
                } catch (RuntimeException | Error e) {
                    log.error(
                            "iopub: could not send a {} message; the client gets a short error instead",
                            message.type(),
                            e);
                    sendReplacement(message, e);
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
