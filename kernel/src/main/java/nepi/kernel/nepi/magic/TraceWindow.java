package nepi.kernel.nepi.magic;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import nepi.core.resource.TraceSource;

/**
 * Reads parts of a trace through its {@link TraceSource}, never the whole of it: the first or last lines, read in
 * blocks from the start or back from the end, so that the tail of a 1 GB trace costs a few blocks.
 */
public final class TraceWindow {

    /** Bytes read per request to the source. */
    static final int BLOCK = 64 * 1024;
    /** The most bytes one window reads, whatever the number of lines asked (a trace may hold one huge line). */
    static final int MAX_BYTES = 16 * 1024 * 1024;

    private TraceWindow() {}

    /** The first {@code lines} lines (fewer when the trace is shorter), each with its line end. */
    public static String head(TraceSource source, int lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long position = 0;
        int found = 0;
        while (found < lines && out.size() < MAX_BYTES) {
            byte[] block = source.read(position, BLOCK);
            if (block.length == 0) {
                break;
            }
            int keep = block.length;
            for (int i = 0; i < block.length; i++) {
                if (block[i] == '\n' && ++found == lines) {
                    keep = i + 1;
                    break;
                }
            }
            out.write(block, 0, keep);
            position += block.length;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The last {@code lines} lines (fewer when the trace is shorter); a last line without line end counts. */
    public static String tail(TraceSource source, int lines) throws IOException {
        long size = source.size();
        long start = size;
        int found = 0;
        boolean skipFinalNewline = true;
        ByteArrayOutputStream reversedBlocks = new ByteArrayOutputStream();
        byte[][] blocks = new byte[MAX_BYTES / BLOCK + 1][];
        int count = 0;
        long cut = 0;
        search:
        while (start > 0 && size - start < MAX_BYTES) {
            int length = (int) Math.min(BLOCK, start);
            long position = start - length;
            byte[] block = source.read(position, length);
            if (block.length < length) {
                // The trace shrank or was replaced while being read: show what was there.
                break;
            }
            blocks[count++] = block;
            for (int i = block.length - 1; i >= 0; i--) {
                if (block[i] != '\n') {
                    skipFinalNewline = false;
                    continue;
                }
                if (skipFinalNewline && position + i == size - 1) {
                    skipFinalNewline = false;
                    continue;
                }
                if (++found == lines) {
                    cut = position + i + 1;
                    start = position;
                    break search;
                }
            }
            start = position;
            cut = start;
        }
        for (int b = count - 1; b >= 0; b--) {
            reversedBlocks.write(blocks[b]);
        }
        byte[] window = reversedBlocks.toByteArray();
        int from = (int) (cut - start);
        return new String(window, from, window.length - from, StandardCharsets.UTF_8);
    }
}
