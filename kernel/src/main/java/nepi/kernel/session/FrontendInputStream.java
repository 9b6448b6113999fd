package nepi.kernel.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code System.in} of the session: each time a reader runs out of bytes, one line is asked of the front end
 * ({@code input_request}) and handed over with its newline.
 */
final class FrontendInputStream extends InputStream {

    private final Frontend frontend;
    private final Runnable beforeAsking;
    private byte[] line = new byte[0];
    private int position;

    /** @param beforeAsking flushes output first, so that a prompt printed by the cell shows before the input box */
    FrontendInputStream(Frontend frontend, Runnable beforeAsking) {
        this.frontend = frontend;
        this.beforeAsking = beforeAsking;
    }

    @Override
    public synchronized int read() throws IOException {
        fill();
        return line[position++] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        fill();
        int n = Math.min(length, line.length - position);
        System.arraycopy(line, position, bytes, offset, n);
        position += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return line.length - position;
    }

    /** The front end has no end of input: every read waits for a line. */
    private void fill() throws IOException {
        if (position < line.length) {
            return;
        }
        beforeAsking.run();
        try {
            line = (frontend.readLine("", false) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Unchecked, because readers such as Scanner turn an IOException into a silent end of input.
            throw new IllegalStateException("System.in is not available: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("input interrupted");
        }
        position = 0;
    }
}
