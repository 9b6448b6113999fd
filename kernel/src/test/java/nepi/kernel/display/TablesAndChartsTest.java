package nepi.kernel.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import nepi.core.trace.PingTrace;
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
    void sortableTablesSortByTheClickedColumnWithAnInlineHandler() {
        Table table = new Table("", List.of("seq", "rtt"), List.of(List.of("1", "0.5"), List.of("2", "10")), "");
        String html = table.html(true);
        assertThat(html).startsWith("<table class=\"nepi-table nepi-sortable\">");
        assertThat(html).contains("<th title=\"click to sort\" style=\"cursor:pointer\" onclick=\"var t=this.closest(");
        // The handler sits in a double-quoted attribute: its quotes are escaped, its markup characters too.
        String handler = html.substring(html.indexOf("onclick=\"") + 9, html.indexOf("\">seq"));
        assertThat(handler).doesNotContain("\"").doesNotContain("<").doesNotContain("'");
        assertThat(table.html()).doesNotContain("onclick");
        assertThat(table.sortableBundle().plainText()).isEqualTo(table.plain());
    }

    @Test
    void aTraceTableShowsItsFormatRowsAndSummaryAndCapsTheRows() {
        StringBuilder ping = new StringBuilder("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n");
        int replies = TraceTableView.MAX_ROWS + 5;
        for (int i = 1; i <= replies; i++) {
            ping.append("64 bytes from 127.0.0.1: icmp_seq=")
                    .append(i)
                    .append(" ttl=64 time=0.0")
                    .append(i % 10)
                    .append(" ms\n");
        }
        ping.append("\n--- 127.0.0.1 ping statistics ---\n")
                .append(replies)
                .append(" packets transmitted, ")
                .append(replies)
                .append(" received, 0% packet loss, time 1000ms\nrtt min/avg/max/mdev = 0.000/0.045/0.090/0.020 ms\n");
        Table table = TraceTableView.table(
                "stdout of #2 linux::Ping", PingTrace.parse(ping.toString()).table());
        assertThat(table.caption()).isEqualTo("stdout of #2 linux::Ping: ping, 1,005 rows");
        assertThat(table.header()).containsExactly("icmp_seq", "ttl", "time_ms");
        assertThat(table.rows()).hasSize(TraceTableView.MAX_ROWS);
        assertThat(table.rows().get(0)).containsExactly("1", "64", "0.01");
        assertThat(table.footer())
                .startsWith("transmitted 1005, received 1005, loss_percent 0, time_ms 1000, min_ms 0, avg_ms 0.045")
                .endsWith("the first 1,000 rows of 1,005 are shown (--csv FILE writes all of them)");
    }

    @Test
    void chartsArePngWithSvgTwins() throws Exception {
        MimeBundle plot = TraceChart.plot("ping", "64 bytes from x: icmp_seq=1 ttl=1 time=2.0 ms\n")
                .orElseThrow();
        assertThat(plot.plainText()).isEqualTo("ping: 1 replies, RTT min/avg/max 2.000/2.000/2.000 ms");
        assertThat(Base64.getDecoder().decode((String) plot.data().get("image/png")))
                .startsWith(0x89, 'P', 'N', 'G');
        assertThat((String) plot.data().get("image/svg+xml")).startsWith("<svg");
        assertThat(TraceChart.plot("empty", "nothing")).isEmpty();
    }

    @Test
    void everyParsedFormatHasAChart() throws Exception {
        String iperf = "{\"start\":{\"test_start\":{\"protocol\":\"TCP\"}},\"intervals\":["
                + "{\"sum\":{\"start\":0,\"end\":1,\"bytes\":1000,\"bits_per_second\":8000}},"
                + "{\"sum\":{\"start\":1,\"end\":2,\"bytes\":2000,\"bits_per_second\":16000}}],\"end\":{}}";
        assertThat(TraceChart.plot("iperf", iperf).orElseThrow().plainText()).isEqualTo("iperf: 2 intervals");
        String traceroute = "traceroute to 10.0.0.2 (10.0.0.2), 30 hops max, 60 byte packets\n"
                + " 1  10.0.0.1  0.1 ms  0.2 ms\n 2  10.0.0.2  0.3 ms *\n";
        assertThat(TraceChart.plot("route", traceroute).orElseThrow().plainText())
                .isEqualTo("route: 2 hops");
        String tcpdump = "07:00:00.000001 IP 10.0.0.1.5 > 10.0.0.2.6: UDP, length 3\n";
        assertThat(TraceChart.plot("cap", tcpdump).orElseThrow().plainText()).isEqualTo("cap: 1 packets");
        assertThat(TraceChart.plot("n", "t rtt\n1 2\n2 4\n").orElseThrow().plainText())
                .isEqualTo("n: 2 rows of t, rtt");
        assertThat(TraceChart.plot(
                        "quiet", "--- x ping statistics ---\n3 packets transmitted, 0 received, 100% packet loss\n"))
                .isEmpty();
    }
}
