package nepi.kernel.protocol;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.ZError;

/**
 * Asks the front end for input ({@code input_request} / {@code input_reply}). One thread owns the stdin socket;
 * a cell thread asking for input waits on a future, so interrupting the cell never touches ZeroMQ.
 */
final class StdinChannel implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(StdinChannel.class);
    private static final int POLL_MILLIS = 100;

    private record PendingInput(Message message, CompletableFuture<String> answer) {}

    private final ZMQ.Context context;
    private final ZMQ.Socket socket;
    private final WireCodec codec;
    private final BlockingQueue<PendingInput> requests = new LinkedBlockingQueue<>();
    private volatile boolean stopped;

    StdinChannel(ZMQ.Context context, ZMQ.Socket socket, WireCodec codec) {
        this.context = context;
        this.socket = socket;
        this.codec = codec;
    }

    /**
     * Sends {@code input_request} to the client that sent {@code parent} and waits for its answer.
     *
     * @throws InterruptedException when the cell is interrupted while waiting
     */
    String ask(Message parent, String session, String prompt, boolean password) throws InterruptedException {
        PendingInput request = new PendingInput(
                Message.create(
                        parent, MessageType.INPUT_REQUEST, session, new StdinContent.InputRequest(prompt, password)),
                new CompletableFuture<>());
        requests.put(request);
        try {
            return request.answer().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            request.answer().cancel(false);
        }
    }

    void stop() {
        stopped = true;
        requests.offer(new PendingInput(null, null));
    }

    @Override
    public void run() {
        ZMQ.Poller poller = context.poller(1);
        poller.register(socket, ZMQ.Poller.POLLIN);
        try {
            while (!stopped) {
                PendingInput request = requests.take();
                if (request.message() == null) {
                    break;
                }
                try {
                    serve(request, poller);
                } catch (ZMQException e) {
                    throw e;
                } catch (RuntimeException | Error e) {
                    // Whatever went wrong with this request, the cell waiting for it gets the reason and the
                    // channel serves the next one.
                    log.error("stdin: serving an input request failed; the channel goes on", e);
                    request.answer()
                            .completeExceptionally(
                                    new IllegalStateException("the kernel could not ask for input: " + e));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ZMQException e) {
            if (e.getErrorCode() != ZError.ETERM) {
                log.error("stdin stopped by ZeroMQ error {}", e.getErrorCode(), e);
            }
        } finally {
            poller.close();
            socket.close();
        }
    }

    private void serve(PendingInput request, ZMQ.Poller poller) {
        discardStaleReplies();
        if (!Frames.send(socket, codec.encode(request.message()))) {
            request.answer()
                    .completeExceptionally(new IllegalStateException("the front end is not listening on stdin"));
            return;
        }
        // Poll in slices so that a cancelled request (interrupted cell) frees this thread.
        while (!request.answer().isDone() && !stopped) {
            if (poller.poll(POLL_MILLIS) <= 0) {
                continue;
            }
            Frames.Multipart frames = Frames.receiveNow(socket, codec.maxMessageBytes());
            if (frames == null) {
                continue;
            }
            WireCodec.Decoded decoded = codec.decode(frames);
            if (decoded instanceof WireCodec.Decoded.Accepted accepted) {
                if (MessageType.INPUT_REPLY.wireName().equals(accepted.message().type())) {
                    answer(request, accepted.message());
                } else {
                    log.warn("stdin: ignored a {} message", accepted.message().type());
                }
            } else {
                WireCodec.Decoded.Rejected rejected = (WireCodec.Decoded.Rejected) decoded;
                log.warn("stdin: dropped a message: {} ({})", rejected.reason(), rejected.detail());
            }
        }
    }

    /** A reply that does not fit the protocol fails the cell's input call with the reason, rather than hang it. */
    private static void answer(PendingInput request, Message reply) {
        try {
            request.answer()
                    .complete(MessageJson.read(reply.content(), StdinContent.InputReply.class)
                            .value());
        } catch (MalformedMessageException e) {
            log.warn("stdin: unusable input_reply: {}", e.getMessage());
            request.answer()
                    .completeExceptionally(new IllegalStateException(
                            "the front end's input_reply does not fit the protocol: " + e.getMessage()));
        }
    }

    /** An answer to an earlier, abandoned request must not answer the next one. */
    private void discardStaleReplies() {
        while (Frames.receiveNow(socket, codec.maxMessageBytes()) != null) {
            log.debug("stdin: discarded a late reply");
        }
    }
}
