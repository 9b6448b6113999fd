package nepi.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionInfoTest {

    @TempDir
    Path dir;

    @Test
    void readsAJupyterConnectionFile() throws IOException {
        Path file = dir.resolve("kernel.json");
        Files.writeString(
                file,
                "{\"shell_port\": 5001, \"iopub_port\": 5002, \"stdin_port\": 5003,"
                        + " \"control_port\": 5004, \"hb_port\": 5005, \"ip\": \"127.0.0.1\", \"key\": \"abc\","
                        + " \"transport\": \"tcp\", \"signature_scheme\": \"hmac-sha256\", \"kernel_name\": \"nepi\"}");
        ConnectionInfo info = ConnectionInfo.read(file);
        assertThat(info.key()).isEqualTo("abc");
        assertThat(info.endpoint(info.shellPort())).isEqualTo("tcp://127.0.0.1:5001");
        assertThat(info.hbPort()).isEqualTo(5005);
    }

    @Test
    void namesTheBadField() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"shell_port\": \"x\", \"ip\": \"127.0.0.1\"}");
        assertThatThrownBy(() -> ConnectionInfo.read(file)).hasMessageContaining("shell_port");
        Files.writeString(file, "not json");
        assertThatThrownBy(() -> ConnectionInfo.read(file)).hasMessageContaining(file.toString());
    }
}
