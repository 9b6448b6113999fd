package nepi.kernel.protocol;

import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.ZError;

/**
 * Echoes heartbeat pings on its own thread, so a busy cell never looks like a dead kernel; stops echoing once the
 * kernel is broken (a socket thread died), so that a broken kernel never looks alive.
 */
final class Heartbeat implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final ZMQ.Socket socket;
    private final BooleanSupplier healthy;

    Heartbeat(ZMQ.Socket socket, BooleanSupplier healthy) {
        this.socket = socket;
        this.healthy = healthy;
    }

    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                byte[] ping = socket.recv(0);
                if (!healthy.getAsBoolean()) {
                    log.warn("heartbeat: no longer answering, the kernel is broken");
                    return;
                }
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
