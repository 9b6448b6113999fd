package nepi.kernel.protocol;

import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZMQ;

/** Multipart send and receive on a socket owned by the calling thread. */
final class Frames {

    private Frames() {
    }

    /** Blocks for the next multipart message; throws {@link org.zeromq.ZMQException} when the context ends. */
    static List<byte[]> receive(ZMQ.Socket socket) {
        List<byte[]> frames = new ArrayList<>(8);
        do {
            byte[] frame = socket.recv(0);
            if (frame == null) {
                return null;
            }
            frames.add(frame);
        } while (socket.hasReceiveMore());
        return frames;
    }

    /** Receives without blocking; null when nothing is waiting. */
    static List<byte[]> receiveNow(ZMQ.Socket socket) {
        byte[] first = socket.recv(ZMQ.DONTWAIT);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(8);
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
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
