package nepi.kernel.nepi.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.core.FailureLevel;
import nepi.core.resource.ResourceAction;
import nepi.core.resource.ResourceState;
import nepi.core.run.RunSummary;
import nepi.kernel.display.Graphviz;
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
    void theBuiltInLayoutPutsNodesInLayersAndDrawsEachConnectionOnce() {
        List<ExperimentGraph.Vertex> vertices = List.of(
                new ExperimentGraph.Vertex(1, "linux::Application", ResourceState.NEW, List.of(2)),
                new ExperimentGraph.Vertex(2, "linux::Node", ResourceState.READY, List.of(1, 3)),
                new ExperimentGraph.Vertex(3, "linux::Ping", ResourceState.FAILED, List.of(2)));
        ExperimentGraph graph = ExperimentGraph.of("g", vertices);
        GraphLayout layout = GraphLayout.builtIn(graph, "built-in");
        assertThat(layout.boxes().get(1).y()).isEqualTo(layout.boxes().get(3).y());
        assertThat(layout.boxes().get(2).y()).isLessThan(layout.boxes().get(1).y());
        assertThat(layout.boxes().get(1).x()).isLessThan(layout.boxes().get(3).x());
        assertThat(layout.edges()).hasSize(2).allSatisfy(edge -> assertThat(edge.arrow())
                .isNull());
        String svg = (String) graph.render(layout).data().get("image/svg+xml");
        assertThat(svg).contains(StateColours.CSS.get(ResourceState.FAILED)).contains("data-layout=\"built-in\"");
    }

    @Test
    void theBuiltInLayoutDrawsConditionsAsDashedLabelledArrows() throws Exception {
        List<ExperimentGraph.Vertex> vertices = List.of(
                new ExperimentGraph.Vertex(1, "linux::Node", "localhost", ResourceState.NEW, List.of(2, 3)),
                new ExperimentGraph.Vertex(2, "linux::Application", "iperf3 -s", ResourceState.NEW, List.of(1)),
                new ExperimentGraph.Vertex(3, "linux::Application", "iperf3 -c x", ResourceState.NEW, List.of(1)));
        ExperimentGraph graph = ExperimentGraph.of(
                "g",
                vertices,
                List.of(new ExperimentGraph.Arrow(
                        2, 3, ResourceAction.START, ResourceState.STARTED, java.time.Duration.ofSeconds(2))));
        GraphLayout layout = GraphLayout.of(graph, new Graphviz(null));
        assertThat(layout.by()).isEqualTo("built-in: Graphviz is not installed");
        String svg = (String) graph.render(layout).data().get("image/svg+xml");
        assertThat(svg)
                .contains("<g class=\"condition\" data-from=\"2\" data-to=\"3\">")
                .contains("stroke-dasharray=\"6 4\"")
                .contains(">START after STARTED + 2.0 s</text>")
                .contains(">iperf3 -s</text>");
        assertThat(graph.plain())
                .contains("#3 linux::Application NEW (iperf3 -c x) -- [1]; START after #2 STARTED + 2.0 s");
    }

    @Test
    void graphvizLayoutIsReadFromItsPlainOutput() throws Exception {
        ExperimentGraph graph = ExperimentGraph.of(
                "g",
                List.of(
                        new ExperimentGraph.Vertex(1, "linux::Node", ResourceState.NEW, List.of(2)),
                        new ExperimentGraph.Vertex(2, "linux::Application", ResourceState.NEW, List.of(1))),
                List.of(new ExperimentGraph.Arrow(1, 2, ResourceAction.START, ResourceState.READY, null)));
        String plain =
                """
                graph 1 2.0 1.5
                node rm1 1.0 1.25 1.8 0.5 "#1 linux::Node\\nPROVISIONED" rounded,filled box black lightgrey
                node rm2 1.0 0.25 1.8 0.5 "#2 linux::Application\\nPROVISIONED" rounded,filled box black lightgrey
                edge rm1 rm2 2 1.0 1.0 1.0 0.5 solid black
                edge rm1 rm2 4 1.2 1.0 1.4 0.8 1.4 0.7 1.2 0.5 "START after READY" 1.6 0.75 dashed black
                stop
                """;
        GraphLayout layout = GraphLayout.fromPlain(graph, plain, "graphviz dot");
        assertThat(layout.boxes().get(1).y()).isLessThan(layout.boxes().get(2).y());
        assertThat(layout.boxes().get(1).width()).isEqualTo(1.8 * 72);
        assertThat(layout.edges()).hasSize(2);
        GraphLayout.Edge condition = layout.edges().get(1);
        assertThat(condition.arrow()).isEqualTo(graph.arrows().get(0));
        assertThat(condition.bezier()).isTrue();
        assertThat(condition.labelAt()).isNotNull();
        assertThat(layout.edges().get(0).arrow()).isNull();
    }

    @Test
    void timelineRowsAreLabelledOrderedAndFailuresExplainedOnHover() throws Exception {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        TimelineChart.Row node = new TimelineChart.Row(
                1,
                "linux::Node",
                "localhost",
                Map.of(ResourceState.NEW, t0, ResourceState.READY, t0.plusSeconds(2)),
                null);
        TimelineChart.Row app = new TimelineChart.Row(
                2,
                "linux::Application",
                "exit 3",
                Map.of(
                        ResourceState.NEW,
                        t0,
                        ResourceState.READY,
                        t0.plusMillis(500),
                        ResourceState.FAILED,
                        t0.plusSeconds(3)),
                "exited with code 3");
        TimelineChart.Row idle = new TimelineChart.Row(3, "dummy::Node", Map.of(ResourceState.NEW, t0));
        assertThat(TimelineChart.Order.DEPLOY.sort(List.of(idle, node, app))).containsExactly(app, node, idle);
        assertThat(TimelineChart.Order.TYPE.sort(List.of(idle, node, app))).containsExactly(idle, app, node);
        MimeBundle timeline = TimelineChart.render("timeline", List.of(app, node, idle));
        String svg = (String) timeline.data().get("image/svg+xml");
        assertThat(svg)
                .contains(">#2 linux::Application: exit 3</text>")
                .contains(">#1 linux::Node: localhost</text>")
                .contains(">#3 dummy::Node</text>")
                .containsPattern("<circle class=\"failure\"[^>]*><title>#2 linux::Application: exit 3\nFAILED at"
                        + " 3\\.000 s\nexited with code 3</title>");
        assertThat(svg.indexOf("#2 linux::Application")).isLessThan(svg.indexOf("#1 linux::Node"));
        assertThat(Base64.getDecoder().decode((String) timeline.data().get("image/png")))
                .startsWith(0x89, 'P');
        assertThat(timeline.plainText()).contains("exit 3");
    }
}
