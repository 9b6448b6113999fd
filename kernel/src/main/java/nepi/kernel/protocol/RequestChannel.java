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
 * request to the handler and sends the answers. Nothing a client sends can end the loop: bad signatures are
 * logged and dropped, malformed messages are answered when possible, and a failing handler is logged.
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
                if (!Frames.send(socket, codec.encode(message))) {
                    log.warn("{}: could not send {} (peer gone?)", name, message.type());
                }
            }

            @Override
            public List<Message> takeQueued() {
                List<Message> queued = new ArrayList<>();
                List<byte[]> frames;
                while ((frames = Frames.receiveNow(socket)) != null) {
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
                List<byte[]> frames = Frames.receive(socket);
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

    private void serve(List<byte[]> frames, Replier replier) {
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
        } catch (RuntimeException e) {
            log.error("{}: handling a message failed; the channel goes on", name, e);
        }
    }
}
