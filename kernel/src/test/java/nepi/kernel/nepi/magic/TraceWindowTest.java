package nepi.kernel.nepi.magic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import nepi.core.resource.TraceSource;
import org.junit.jupiter.api.Test;

class TraceWindowTest {

    /** A trace in memory that counts the bytes read from it. */
    static final class CountingSource implements TraceSource {
        final byte[] content;
        final AtomicLong read = new AtomicLong();

        CountingSource(String text) {
            this.content = text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String path() {
            return "memory";
        }

        @Override
        public long size() {
            return content.length;
        }

        @Override
        public byte[] read(long position, int length) {
            int from = (int) Math.min(position, content.length);
            int to = (int) Math.min(content.length, position + length);
            read.addAndGet(to - from);
            return java.util.Arrays.copyOfRange(content, from, to);
        }
    }

    @Test
    void headAndTailCountLines() throws IOException {
        CountingSource source = new CountingSource("a\nb\nc\nd\n");
        assertThat(TraceWindow.head(source, 2)).isEqualTo("a\nb\n");
        assertThat(TraceWindow.tail(source, 2)).isEqualTo("c\nd\n");
        assertThat(TraceWindow.tail(source, 10)).isEqualTo("a\nb\nc\nd\n");
        assertThat(TraceWindow.head(source, 10)).isEqualTo("a\nb\nc\nd\n");
        assertThat(TraceWindow.tail(new CountingSource("x\ny"), 1)).isEqualTo("y");
        assertThat(TraceWindow.tail(new CountingSource(""), 3)).isEmpty();
    }

    @Test
    void tailOfALongTraceReadsOnlyItsEnd() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        CountingSource source = new CountingSource(text.toString());
        String tail = TraceWindow.tail(source, 100);
        assertThat(tail.lines()).hasSize(100).startsWith("line 199900").endsWith("line 199999");
        assertThat(source.read.get()).isLessThanOrEqualTo(TraceWindow.BLOCK);
        String lineAcrossBlocks = TraceWindow.tail(source, 10_000);
        assertThat(lineAcrossBlocks.lines()).hasSize(10_000).startsWith("line 190000");
    }
}
