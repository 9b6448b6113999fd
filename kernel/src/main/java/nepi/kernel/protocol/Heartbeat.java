package nepi.kernel.protocol;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.ZError;

/** Echoes heartbeat pings on its own thread, so a busy cell never looks like a dead kernel. */
final class Heartbeat implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final ZMQ.Socket socket;

    Heartbeat(ZMQ.Socket socket) {
        this.socket = socket;
    }

    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                byte[] ping = socket.recv(0);
                if (ping != null) {
                    socket.send(ping, 0);
                }
            }
        } catch (ZMQException e) {
            if (e.getErrorCode() != ZError.ETERM) {
                log.error("heartbeat stopped by ZeroMQ error {}", e.getErrorCode(), e);
            }
        } finally {
            socket.close();
        }
    }
}
