package nepi.kernel.session;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends buffered output a short moment after it was printed, so that many small prints become a few messages.
 * Sleeps while nothing is buffered: an idle kernel costs no CPU.
 */
final class OutputFlusher implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(OutputFlusher.class);

    private final List<StreamBuffer> buffers;
    private final Duration batchWindow;
    private boolean pending;
    private boolean stopped;

    OutputFlusher(List<StreamBuffer> buffers, Duration batchWindow) {
        this.buffers = buffers;
        this.batchWindow = batchWindow;
    }

    synchronized void wake() {
        if (!pending) {
            pending = true;
            notifyAll();
        }
    }

    synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    @Override
    public void run() {
        try {
            while (true) {
                synchronized (this) {
                    while (!pending && !stopped) {
                        wait();
                    }
                    if (stopped) {
                        return;
                    }
                    pending = false;
                }
                Thread.sleep(batchWindow.toMillis());
                for (StreamBuffer buffer : buffers) {
                    buffer.drain();
                }
            }
        } catch (InterruptedException e) {
            log.debug("output flusher stopped");
        }
    }
}
