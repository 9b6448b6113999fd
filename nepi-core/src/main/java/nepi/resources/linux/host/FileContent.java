package nepi.resources.linux.host;

import java.nio.charset.StandardCharsets;

/**
 * A small file to write on a host.
 *
 * @param path absolute path on the host
 * @param content the bytes to write
 * @param executable whether the file is made executable
 */
public record FileContent(String path, byte[] content, boolean executable) {

    /** A text file, UTF-8. */
    public static FileContent text(String path, String text, boolean executable) {
        return new FileContent(path, text.getBytes(StandardCharsets.UTF_8), executable);
    }
}
