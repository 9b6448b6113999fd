package nepi.kernel.nepi.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.core.FailureLevel;
import nepi.core.resource.ResourceState;
import nepi.core.run.RunSummary;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.display.Table;
import org.junit.jupiter.api.Test;

class ExperimentTablesAndChartsTest {

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
    void timelineAndRunChartsArePngWithSvgTwins() throws Exception {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        MimeBundle timeline = TimelineChart.render(
                "timeline",
                List.of(new TimelineChart.Row(
                        1, "dummy::Node", Map.of(ResourceState.NEW, t0, ResourceState.READY, t0.plusMillis(1500)))));
        assertThat(timeline.data()).containsKeys("image/png", "image/svg+xml");
        assertThat(timeline.plainText()).contains("1.500");
        RunSummary summary = new RunSummary(
                List.of(
                        new RunSummary.RunResult(1, "r1", 2.0, FailureLevel.OK),
                        new RunSummary.RunResult(2, "r2", 4.0, FailureLevel.OK)),
                3.0,
                1.0,
                0.95,
                true);
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
