package nepi.core.exec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The output stream a node writes one of a command's streams into: cut into lines (on bytes, so that a character
 * split between two writes stays whole) for the caller's callback, and kept whole when captured.
 */
final class LineOutput extends OutputStream {

    /** A line longer than this (a progress bar, binary output) is handed over in pieces of this size. */
    static final int MAX_LINE = 64 * 1024;

    private final Consumer<String> lines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final ByteArrayOutputStream captured;

    LineOutput(Consumer<String> lines, boolean capture) {
        this.lines = lines;
        this.captured = capture ? new ByteArrayOutputStream() : null;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (captured != null) {
            captured.write(b, off, len);
        }
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                line.write(b, start, i - start);
                emit();
                start = i + 1;
            } else if (line.size() + (i - start) >= MAX_LINE) {
                line.write(b, start, i - start);
                emit();
                start = i;
            }
        }
        line.write(b, start, off + len - start);
    }

    /** Hands over a last line that has no line end. */
    synchronized void finish() {
        if (line.size() > 0) {
            emit();
        }
    }

    /** Everything written, when captured; empty otherwise. */
    synchronized String text() {
        return captured == null ? "" : captured.toString(StandardCharsets.UTF_8);
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        try {
            lines.accept(text);
        } catch (RuntimeException e) {
            // A callback that fails must not stop the output of the command nor the node's reader.
            org.slf4j.LoggerFactory.getLogger(LineOutput.class).warn("an output callback failed", e);
        }
    }
}
