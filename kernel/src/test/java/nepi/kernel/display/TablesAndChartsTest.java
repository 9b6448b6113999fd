package nepi.kernel.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TablesAndChartsTest {

    @Test
    void tableHasEscapedHtmlAndAlignedText() {
        Table table = new Table(
                "two rows", List.of("guid", "type"), List.of(List.of("1", "a<b>"), List.of("22", "c")), "end");
        assertThat(table.html())
                .contains("<caption style=\"text-align:left\">two rows</caption>")
                .contains("<td>a&lt;b&gt;</td>")
                .contains("<tfoot>");
        assertThat(table.plain()).isEqualTo("two rows\nguid  type\n----  ----\n1     a<b>\n22    c\nend");
        assertThatThrownBy(() -> new Table("", List.of("a"), List.of(List.of("1", "2")), ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pingOutputAndNumericColumnsAreParsed() {
        PingReplies ping = PingReplies.parse("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n"
                + "[1700000000.100000] 64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.045 ms\n"
                + "[1700000000.300000] 64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=1.50 ms\n"
                + "--- 127.0.0.1 ping statistics ---\n");
        assertThat(ping.replies())
                .containsExactly(
                        new PingReplies.Reply(1, 1700000000.1, 0.045), new PingReplies.Reply(2, 1700000000.3, 1.5));
        assertThat(ping.timed()).isTrue();
        assertThat(PingReplies.parse("64 bytes from h (1.2.3.4): icmp_seq=7 ttl=5 time<1 ms")
                        .replies()
                        .get(0))
                .isEqualTo(new PingReplies.Reply(7, null, 1.0));
        NumericColumns columns = NumericColumns.parse("t rtt\n1 2\n2,4\nnoise\n3;6\n4 8 9\n");
        assertThat(columns.names()).containsExactly("t", "rtt");
        assertThat(columns.column(1)).containsExactly(2, 4, 6);
        assertThat(NumericColumns.parse("no numbers here").isEmpty()).isTrue();
    }

    @Test
    void chartsArePngWithSvgTwins() throws Exception {
        MimeBundle plot = TraceChart.plot("ping", "64 bytes from x: icmp_seq=1 ttl=1 time=2.0 ms\n")
                .orElseThrow();
        assertThat(Base64.getDecoder().decode((String) plot.data().get("image/png")))
                .startsWith(0x89, 'P', 'N', 'G');
        assertThat((String) plot.data().get("image/svg+xml")).startsWith("<svg");
        assertThat(TraceChart.plot("empty", "nothing")).isEmpty();
    }
}
