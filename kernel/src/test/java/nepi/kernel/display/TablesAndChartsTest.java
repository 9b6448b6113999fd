package nepi.kernel.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.core.FailureLevel;
import nepi.core.resource.ResourceState;
import nepi.core.run.RunSummary;
import org.junit.jupiter.api.Test;

class TablesAndChartsTest {

    @Test
    void tableHasEscapedHtmlAndAlignedText() {
        Table table = new Table("two rows", List.of("guid", "type"), List.of(List.of("1", "a<b>"),
                List.of("22", "c")), "end");
        assertThat(table.html()).contains("<caption style=\"text-align:left\">two rows</caption>")
                .contains("<td>a&lt;b&gt;</td>").contains("<tfoot>");
        assertThat(table.plain()).isEqualTo("two rows\nguid  type\n----  ----\n1     a<b>\n22    c\nend");
        assertThatThrownBy(() -> new Table("", List.of("a"), List.of(List.of("1", "2")), ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resourceTableCountsStatesAndShowsSetAttributes() {
        ExperimentController ec = new ExperimentController();
        try {
            int node = ec.registerResource("linux::Node", Map.of("hostname", "localhost"));
            ec.registerResource("linux::Ping", Map.of("target", "127.0.0.1"));
            Table state = ResourceTable.of(ec, ec.getResources(), ResourceTable.Layout.STATE, "now", Instant.now());
            assertThat(state.caption()).isEqualTo("now: 2 RMs: 2 NEW");
            assertThat(state.rows().get(0)).contains("linux::Node", "NEW", "hostname=localhost");
            Table progress = ResourceTable.of(ec, List.of(node, 99), ResourceTable.Layout.PROGRESS, "", Instant.now());
            assertThat(progress.header()).containsExactly("guid", "type", "state", "in state", "failure");
            assertThat(progress.rows()).hasSize(1);
        } finally {
            ec.shutdown();
        }
    }

    @Test
    void pingOutputAndNumericColumnsAreParsed() {
        PingReplies ping = PingReplies.parse("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n"
                + "[1700000000.100000] 64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.045 ms\n"
                + "[1700000000.300000] 64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=1.50 ms\n"
                + "--- 127.0.0.1 ping statistics ---\n");
        assertThat(ping.replies()).containsExactly(new PingReplies.Reply(1, 1700000000.1, 0.045),
                new PingReplies.Reply(2, 1700000000.3, 1.5));
        assertThat(ping.timed()).isTrue();
        assertThat(PingReplies.parse("64 bytes from h (1.2.3.4): icmp_seq=7 ttl=5 time<1 ms").replies().get(0))
                .isEqualTo(new PingReplies.Reply(7, null, 1.0));
        NumericColumns columns = NumericColumns.parse("t rtt\n1 2\n2,4\nnoise\n3;6\n4 8 9\n");
        assertThat(columns.names()).containsExactly("t", "rtt");
        assertThat(columns.column(1)).containsExactly(2, 4, 6);
        assertThat(NumericColumns.parse("no numbers here").isEmpty()).isTrue();
    }

    @Test
    void chartsArePngWithSvgTwins() throws Exception {
        MimeBundle plot = TraceChart.plot("ping", "64 bytes from x: icmp_seq=1 ttl=1 time=2.0 ms\n").orElseThrow();
        assertThat(Base64.getDecoder().decode((String) plot.data().get("image/png"))).startsWith(0x89, 'P', 'N', 'G');
        assertThat((String) plot.data().get("image/svg+xml")).startsWith("<svg");
        assertThat(TraceChart.plot("empty", "nothing")).isEmpty();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        MimeBundle timeline = TimelineChart.render("timeline", List.of(new TimelineChart.Row(1, "dummy::Node",
                Map.of(ResourceState.NEW, t0, ResourceState.READY, t0.plusMillis(1500)))));
        assertThat(timeline.data()).containsKeys("image/png", "image/svg+xml");
        assertThat(timeline.plainText()).contains("1.500");
        RunSummary summary = new RunSummary(List.of(new RunSummary.RunResult(1, "r1", 2.0, FailureLevel.OK),
                new RunSummary.RunResult(2, "r2", 4.0, FailureLevel.OK)), 3.0, 1.0, 0.95, true);
        MimeBundle runs = RunCharts.render(summary);
        assertThat((String) runs.data().get("text/html")).contains("<table").contains("data:image/png;base64,");
        assertThat(runs.data()).containsKeys("image/png", "image/svg+xml");
    }

    @Test
    void graphLaysNodesOutInLayersAndDrawsEachConnectionOnce() {
        List<ExperimentGraph.Vertex> vertices = List.of(
                new ExperimentGraph.Vertex(1, "linux::Application", ResourceState.NEW, List.of(2)),
                new ExperimentGraph.Vertex(2, "linux::Node", ResourceState.READY, List.of(1, 3)),
                new ExperimentGraph.Vertex(3, "linux::Ping", ResourceState.FAILED, List.of(2)));
        var positions = ExperimentGraph.layout(vertices);
        assertThat(positions.get(2).layer()).isZero();
        assertThat(positions.get(1).layer()).isEqualTo(1);
        assertThat(positions.get(3).layer()).isEqualTo(1);
        assertThat(positions.get(1).x()).isLessThan(positions.get(3).x());
        String svg = (String) ExperimentGraph.render("g", vertices).data().get("image/svg+xml");
        assertThat(svg.split("<line ", -1)).hasSize(3);
        assertThat(svg).contains(StateColours.CSS.get(ResourceState.FAILED));
    }
}
