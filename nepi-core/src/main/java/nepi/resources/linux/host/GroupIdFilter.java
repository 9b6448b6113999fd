package nepi.resources.linux.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The standard error of a command started by {@link SshHost#start}: its first line, {@code nepi-pgid <id>}, written
 * by the wrapper before the command runs, gives the process group to kill; it is taken out, and everything else
 * goes to the real stream. A first line that is not that (the wrapper could not run) goes through untouched.
 */
final class GroupIdFilter extends OutputStream {

    static final String MARK = "nepi-pgid ";

    private final OutputStream sink;
    private final CompletableFuture<Integer> groupId = new CompletableFuture<>();
    private final ByteArrayOutputStream first = new ByteArrayOutputStream();
    private boolean passing;

    GroupIdFilter(OutputStream sink) {
        this.sink = sink;
    }

    /** The process group id, once the first line came (never completed when it did not give one). */
    CompletableFuture<Integer> groupId() {
        return groupId;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (passing) {
            sink.write(b, off, len);
            return;
        }
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                first.write(b, off, i - off);
                String line = first.toString(StandardCharsets.UTF_8);
                passing = true;
                if (!take(line)) {
                    first.write('\n');
                    sink.write(first.toByteArray());
                }
                sink.write(b, i + 1, off + len - i - 1);
                return;
            }
        }
        first.write(b, off, len);
        if (first.size() > 256) {
            // Too long for the mark: not the wrapper's line.
            passing = true;
            sink.write(first.toByteArray());
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        sink.flush();
    }

    /** Hands over a first line that never ended (the command printed no line end and ended). */
    synchronized void finish() throws IOException {
        if (!passing && first.size() > 0) {
            sink.write(first.toByteArray());
        }
        passing = true;
    }

    @Override
    public void close() throws IOException {
        finish();
    }

    private boolean take(String line) {
        if (!line.startsWith(MARK)) {
            return false;
        }
        try {
            groupId.complete(Integer.parseInt(line.substring(MARK.length()).strip()));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
