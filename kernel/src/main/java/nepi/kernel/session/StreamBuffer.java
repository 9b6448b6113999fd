package nepi.kernel.session;

import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects the bytes printed on one stream and sends them to the front end as text in chunks. A writer that fills
 * a chunk sends it itself and so waits when the front end is slow: a cell printing without end is throttled
 * instead of growing the heap. Smaller amounts are sent by the {@link OutputFlusher} a moment later, batched.
 */
final class StreamBuffer extends OutputStream {

    private final StreamName name;
    private final Frontend frontend;
    private final int chunkBytes;
    private final Runnable onFirstByte;
    private final byte[] buffer;
    private int size;

    /**
     * @param onFirstByte called when the buffer stops being empty, to wake the flusher
     */
    StreamBuffer(StreamName name, Frontend frontend, int chunkBytes, Runnable onFirstByte) {
        this.name = name;
        this.frontend = frontend;
        this.chunkBytes = chunkBytes;
        this.onFirstByte = onFirstByte;
        this.buffer = new byte[chunkBytes];
    }

    @Override
    public void write(int b) throws InterruptedIOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws InterruptedIOException {
        if (length <= 0) {
            return;
        }
        if (size == 0) {
            onFirstByte.run();
        }
        while (length > 0) {
            int n = Math.min(length, chunkBytes - size);
            System.arraycopy(bytes, offset, buffer, size, n);
            size += n;
            offset += n;
            length -= n;
            if (size == chunkBytes) {
                try {
                    send();
                } catch (InterruptedException e) {
                    throw new InterruptedIOException("output interrupted");
                }
            }
        }
    }

    /** Println flushes: sending every line as a message would be slow, so flushing only wakes the flusher. */
    @Override
    public void flush() {
        if (size > 0) {
            onFirstByte.run();
        }
    }

    /** Sends whatever is buffered now. */
    synchronized void drain() throws InterruptedException {
        if (size > 0) {
            send();
        }
    }

    synchronized boolean isEmpty() {
        return size == 0;
    }

    /** Sends the complete UTF-8 characters; the bytes of a character cut by the chunk wait for the rest. */
    private void send() throws InterruptedException {
        int cut = completeUtf8Prefix(buffer, size);
        if (cut == 0) {
            cut = size;
        }
        String text = new String(buffer, 0, cut, StandardCharsets.UTF_8);
        frontend.stream(name, text);
        System.arraycopy(buffer, cut, buffer, 0, size - cut);
        size -= cut;
    }

    /** Length of the longest prefix that does not end inside a multi-byte UTF-8 sequence. */
    static int completeUtf8Prefix(byte[] bytes, int length) {
        int i = length - 1;
        int continuation = 0;
        while (i >= 0 && continuation < 3 && (bytes[i] & 0xC0) == 0x80) {
            i--;
            continuation++;
        }
        if (i < 0) {
            return length;
        }
        int lead = bytes[i] & 0xFF;
        int expected = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return continuation + 1 >= expected ? length : i;
    }
}
