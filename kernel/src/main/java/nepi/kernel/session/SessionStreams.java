package nepi.kernel.session;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The session's {@code System.out}, {@code System.err} and {@code System.in}: output from any thread (cells,
 * experiment workers) reaches the notebook, input is asked of the front end.
 */
final class SessionStreams implements AutoCloseable {

    static final int CHUNK_BYTES = 64 * 1024;

    private final StreamBuffer out;
    private final StreamBuffer err;
    private final OutputFlusher flusher;
    private final Thread flusherThread;
    private final PrintStream printOut;
    private final PrintStream printErr;
    private final FrontendInputStream in;
    private PrintStream previousOut;
    private PrintStream previousErr;
    private InputStream previousIn;

    SessionStreams(Frontend frontend) {
        OutputFlusher[] holder = new OutputFlusher[1];
        Runnable wake = () -> holder[0].wake();
        this.out = new StreamBuffer(StreamName.STDOUT, frontend, CHUNK_BYTES, wake);
        this.err = new StreamBuffer(StreamName.STDERR, frontend, CHUNK_BYTES, wake);
        this.flusher = new OutputFlusher(List.of(out, err), Duration.ofMillis(20));
        holder[0] = flusher;
        this.flusherThread = new Thread(flusher, "nepi-output-flusher");
        flusherThread.setDaemon(true);
        this.printOut = new PrintStream(out, true, StandardCharsets.UTF_8);
        this.printErr = new PrintStream(err, true, StandardCharsets.UTF_8);
        this.in = new FrontendInputStream(frontend, this::flushQuietly);
    }

    /** Replaces the JVM's standard streams; the kernel's own log keeps writing to file descriptor 2. */
    void install() {
        previousOut = System.out;
        previousErr = System.err;
        previousIn = System.in;
        flusherThread.start();
        System.setOut(printOut);
        System.setErr(printErr);
        System.setIn(in);
    }

    PrintStream out() {
        return printOut;
    }

    PrintStream err() {
        return printErr;
    }

    /** Sends everything printed so far; called before a result, an error or a reply so they come after it. */
    void flush() throws InterruptedException {
        printOut.flush();
        printErr.flush();
        out.drain();
        err.drain();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the flusher and gives the JVM its standard streams back (a later session installs its own). */
    @Override
    public void close() {
        flusher.stop();
        if (previousOut != null && System.out == printOut) {
            System.setOut(previousOut);
            System.setErr(previousErr);
            System.setIn(previousIn);
        }
    }
}
