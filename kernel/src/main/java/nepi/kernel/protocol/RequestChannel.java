package nepi.kernel.protocol;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.ZError;

/**
 * The loop of a ROUTER channel (shell or control): one thread owns the socket, receives, decodes, hands each
 * request to the handler and sends the answers. Nothing a client sends can end the loop: bad signatures and replays
 * are logged and dropped, malformed messages are answered when possible, a failing handler (even with an
 * {@link Error} such as {@link OutOfMemoryError}) is logged, and an answer that cannot be encoded is replaced by a
 * short error reply.
 */
final class RequestChannel implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(RequestChannel.class);

    /** Handles accepted and rejected requests of one channel, on the channel's thread. */
    interface Handler {
        void handle(Message request, Replier replier);

        void rejected(WireCodec.Decoded.Rejected rejected, Replier replier);
    }

    /** Sends on the channel's socket; only valid on the channel's thread. */
    interface Replier {
        void send(Message message);

        /** Requests that have already arrived and wait to be served (rejected ones are logged and left out). */
        List<Message> takeQueued();
    }

    private final String name;
    private final ZMQ.Socket socket;
    private final WireCodec codec;
    private final Handler handler;

    RequestChannel(String name, ZMQ.Socket socket, WireCodec codec, Handler handler) {
        this.name = name;
        this.socket = socket;
        this.codec = codec;
        this.handler = handler;
    }

    @Override
    public void run() {
        Replier replier = new Replier() {
            @Override
            public void send(Message message) {
                List<byte[]> frames;
                try {
                    frames = codec.encode(message);
                } catch (RuntimeException | Error e) {
                    log.error(
                            "{}: could not encode a {}; the client gets a short error reply instead",
                            name,
                            message.type(),
                            e);
                    frames = codec.encode(unsendable(message, e));
                }
                if (!Frames.send(socket, frames)) {
                    log.warn("{}: could not send {} (peer gone?)", name, message.type());
                }
            }

            @Override
            public List<Message> takeQueued() {
                List<Message> queued = new ArrayList<>();
                Frames.Multipart frames;
                while ((frames = Frames.receiveNow(socket, codec.maxMessageBytes())) != null) {
                    WireCodec.Decoded decoded = codec.decode(frames);
                    if (decoded instanceof WireCodec.Decoded.Accepted accepted) {
                        queued.add(accepted.message());
                    } else {
                        WireCodec.Decoded.Rejected rejected = (WireCodec.Decoded.Rejected) decoded;
                        log.warn("{}: dropped a message: {} ({})", name, rejected.reason(), rejected.detail());
                    }
                }
                return queued;
            }
        };
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Frames.Multipart frames = Frames.receive(socket, codec.maxMessageBytes());
                if (frames == null) {
                    continue;
                }
                serve(frames, replier);
            }
        } catch (ZMQException e) {
            if (e.getErrorCode() != ZError.ETERM) {
                log.error("{} channel stopped by ZeroMQ error {}", name, e.getErrorCode(), e);
            }
        } finally {
            socket.close();
            log.debug("{} channel closed", name);
        }
    }

    private void serve(Frames.Multipart frames, Replier replier) {
        try {
            WireCodec.Decoded decoded = codec.decode(frames);
            if (decoded instanceof WireCodec.Decoded.Accepted accepted) {
                handler.handle(accepted.message(), replier);
            } else {
                WireCodec.Decoded.Rejected rejected = (WireCodec.Decoded.Rejected) decoded;
                log.warn("{}: dropped a message: {} ({})", name, rejected.reason(), rejected.detail());
                handler.rejected(rejected, replier);
            }
        } catch (ZMQException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            log.error("{}: handling a message failed; the channel goes on", name, e);
        }
    }

    /** The short error reply that replaces {@code reply} when it cannot be encoded (too large, say). */
    static Message unsendable(Message reply, Throwable cause) {
        var content = Message.emptyObject()
                .put("status", "error")
                .put("ename", "KernelError")
                .put("evalue", "the kernel could not send this " + reply.type() + ": " + cause);
        content.putArray("traceback");
        return new Message(
                reply.identities(),
                reply.header(),
                reply.headerJson(),
                reply.parentHeader(),
                Message.emptyObject(),
                content,
                List.of());
    }
}
