package nepi.kernel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import nepi.kernel.display.MimeBundle;
import org.junit.jupiter.api.Test;

class StreamBufferTest {

    /** Records what would go to the notebook. */
    static final class RecordingFrontend implements Frontend {
        final List<String> texts = new ArrayList<>();

        @Override
        public void stream(StreamName stream, String text) {
            texts.add(text);
        }

        @Override
        public void display(MimeBundle bundle, String displayId, boolean update) {}

        @Override
        public void clearOutput(boolean wait) {}

        @Override
        public String readLine(String prompt, boolean password) throws IOException {
            throw new IOException("no input in this test");
        }
    }

    @Test
    void smallWritesWaitForTheFlusherAndFullChunksGoAtOnce() throws Exception {
        RecordingFrontend frontend = new RecordingFrontend();
        int[] wakes = {0};
        StreamBuffer buffer = new StreamBuffer(StreamName.STDOUT, frontend, 8, () -> wakes[0]++);
        buffer.write("abc".getBytes(StandardCharsets.UTF_8));
        assertThat(frontend.texts).isEmpty();
        assertThat(wakes[0]).isEqualTo(1);
        buffer.write("defghij".getBytes(StandardCharsets.UTF_8));
        assertThat(frontend.texts).containsExactly("abcdefgh");
        buffer.drain();
        assertThat(frontend.texts).containsExactly("abcdefgh", "ij");
        assertThat(buffer.isEmpty()).isTrue();
    }

    @Test
    void neverSplitsAMultiByteCharacter() throws Exception {
        RecordingFrontend frontend = new RecordingFrontend();
        StreamBuffer buffer = new StreamBuffer(StreamName.STDOUT, frontend, 4, () -> {});
        String text = "aé✓€b";
        buffer.write(text.getBytes(StandardCharsets.UTF_8));
        buffer.drain();
        assertThat(String.join("", frontend.texts)).isEqualTo(text);
        assertThat(frontend.texts).allSatisfy(part -> assertThat(part).doesNotContain("\uFFFD"));
    }

    @Test
    void completeUtf8Prefix() {
        byte[] euro = "x€".getBytes(StandardCharsets.UTF_8);
        assertThat(StreamBuffer.completeUtf8Prefix(euro, euro.length)).isEqualTo(4);
        assertThat(StreamBuffer.completeUtf8Prefix(euro, 3)).isEqualTo(1);
        assertThat(StreamBuffer.completeUtf8Prefix(euro, 1)).isEqualTo(1);
    }
}
