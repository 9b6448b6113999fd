package nepi.kernel.protocol;

import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZMQ;

/** Multipart send and receive on a socket owned by the calling thread. */
final class Frames {

    /** More frames than any request needs (identities, the six message frames, a few buffers). */
    static final int MAX_KEPT_FRAMES = 1024;

    private Frames() {}

    /**
     * A multipart message as received. Frames past the byte limit or the frame limit are read and thrown away at
     * once, so that the kernel never keeps (nor copies, nor decodes) more than the limit of a message; {@code bytes}
     * and {@code frameCount} are those of the whole message. ZeroMQ itself delivers a multipart message only once
     * all of it has arrived: what it holds meanwhile is bounded by the socket's maximum frame size and the heap.
     *
     * @param frames     the frames kept: every frame that began within the limits
     * @param bytes      the size of the whole message
     * @param frameCount the number of frames of the whole message
     */
    record Multipart(List<byte[]> frames, long bytes, int frameCount) {

        /** A message whose frames were all kept. */
        static Multipart of(List<byte[]> frames) {
            long bytes = 0;
            for (byte[] frame : frames) {
                bytes += frame.length;
            }
            return new Multipart(frames, bytes, frames.size());
        }

        boolean truncated() {
            return frames.size() < frameCount;
        }
    }

    /**
     * Blocks for the next multipart message, keeping frames only while the message is within {@code maxBytes}
     * (the frame that crosses the limit is kept, so that a signed oversized request can still be answered).
     *
     * @return null when the socket returned nothing; throws {@link org.zeromq.ZMQException} when the context ends
     */
    static Multipart receive(ZMQ.Socket socket, long maxBytes) {
        return receive(socket, maxBytes, 0);
    }

    /** Receives without blocking; null when nothing is waiting. */
    static Multipart receiveNow(ZMQ.Socket socket, long maxBytes) {
        return receive(socket, maxBytes, ZMQ.DONTWAIT);
    }

    private static Multipart receive(ZMQ.Socket socket, long maxBytes, int firstFlags) {
        byte[] first = socket.recv(firstFlags);
        if (first == null) {
            return null;
        }
        List<byte[]> kept = new ArrayList<>(8);
        kept.add(first);
        long bytes = first.length;
        int count = 1;
        while (socket.hasReceiveMore()) {
            byte[] frame = socket.recv(0);
            if (frame == null) {
                break;
            }
            if (bytes <= maxBytes && kept.size() == count && kept.size() < MAX_KEPT_FRAMES) {
                kept.add(frame);
            }
            bytes += frame.length;
            count++;
        }
        return new Multipart(kept, bytes, count);
    }

    /** @return false when the socket refused the message (timeout or no route) */
    static boolean send(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            boolean more = i < frames.size() - 1;
            if (!socket.send(frames.get(i), more ? ZMQ.SNDMORE : 0)) {
                return false;
            }
        }
        return true;
    }
}
