package nepi.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The content of a Jupyter connection file: where to bind and how to sign.
 *
 * @param transport        {@code tcp} or {@code ipc}
 * @param ip               the only address the kernel binds to
 * @param key              the HMAC key; empty means messages are not signed
 */
public record ConnectionInfo(
        String transport,
        String ip,
        int shellPort,
        int iopubPort,
        int stdinPort,
        int controlPort,
        int hbPort,
        String signatureScheme,
        String key) {

    /** Reads and checks a connection file; the message names the file and the missing or wrong field. */
    public static ConnectionInfo read(Path file) throws IOException {
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IOException("cannot read connection file " + file + ": " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new IOException("connection file " + file + " is not a JSON object");
        }
        return new ConnectionInfo(
                text(json, "transport", "tcp", file),
                text(json, "ip", "127.0.0.1", file),
                port(json, "shell_port", file),
                port(json, "iopub_port", file),
                port(json, "stdin_port", file),
                port(json, "control_port", file),
                port(json, "hb_port", file),
                text(json, "signature_scheme", "hmac-sha256", file),
                text(json, "key", "", file));
    }

    /** The ZeroMQ endpoint of one port, on the connection file's address only. */
    public String endpoint(int port) {
        if ("ipc".equals(transport)) {
            return "ipc://" + ip + "-" + port;
        }
        return transport + "://" + ip + ":" + port;
    }

    private static String text(JsonNode json, String field, String fallback, Path file) throws IOException {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw new IOException("connection file " + file + ": '" + field + "' must be a string");
        }
        return node.asText();
    }

    private static int port(JsonNode json, String field, Path file) throws IOException {
        JsonNode node = json.get(field);
        if (node == null || !node.canConvertToInt() || node.asInt() <= 0 || node.asInt() > 65535) {
            throw new IOException("connection file " + file + ": '" + field + "' must be a port number (1-65535)");
        }
        return node.asInt();
    }
}
