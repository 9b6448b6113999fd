package nepi.core.resource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where the content of one trace of one RM can be read, piece by piece, so that large
 * traces are never loaded whole unless asked for. RMs return one from
 * {@link ResourceManager#traceSource(String)}.
 */
public interface TraceSource {

    /** Where the trace lives, as a path on the host that holds it. */
    String path();

    /** The size of the trace in bytes (0 when it does not exist yet). */
    long size() throws IOException;

    /** Up to {@code length} bytes from {@code position}; fewer at the end, none past it. */
    byte[] read(long position, int length) throws IOException;

    /** A trace held in a local file. */
    static TraceSource ofFile(Path file) {
        return new TraceSource() {
            @Override
            public String path() {
                return file.toString();
            }

            @Override
            public long size() throws IOException {
                try {
                    return Files.size(file);
                } catch (NoSuchFileException e) {
                    return 0;
                }
            }

            @Override
            public byte[] read(long position, int length) throws IOException {
                if (!Files.exists(file)) {
                    return new byte[0];
                }
                try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                    long available = Math.max(0, in.length() - position);
                    byte[] buffer = new byte[(int) Math.min(length, available)];
                    in.seek(position);
                    in.readFully(buffer);
                    return buffer;
                }
            }
        };
    }
}
