package nepi.core.run;

import static nepi.core.resource.ResourceAction.START;
import static nepi.core.resource.ResourceState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.core.FailureLevel;
import nepi.core.resource.ResourceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentRunnerTest {

    @TempDir
    Path dir;

    private Path describe() {
        try (ExperimentController ec = new ExperimentController("runner-test")) {
            int node = ec.registerResource("dummy::Node");
            int first = ec.registerResource("dummy::Application", Map.of("duration", 0.05));
            int second = ec.registerResource("dummy::Application", Map.of("duration", 0.05));
            ec.registerConnection(first, node);
            ec.registerConnection(second, node);
            ec.registerCondition(second, START, first, STOPPED);
            Path file = dir.resolve("runner-test.json");
            ec.save(file);
            return file;
        }
    }

    private static double elapsed(ExperimentController ec) {
        return Duration.between(ec.getStartTime(2), ec.getStopTime(3)).toNanos() / 1e9;
    }

    @Test
    void aFixedNumberOfRunsEachWithAFreshControllerAndAnArchive() throws InterruptedException {
        RunSummary summary = new ExperimentRunner(describe())
                .localDir(dir)
                .runs(3)
                .waitFor(List.of(2, 3))
                .metric(ExperimentRunnerTest::elapsed)
                .pause(Duration.ofMillis(20))
                .run();

        assertThat(summary.runs())
                .hasSize(3)
                .extracting(RunSummary.RunResult::runId)
                .doesNotHaveDuplicates();
        assertThat(summary.runs()).allMatch(r -> r.failureLevel() == FailureLevel.OK && r.metric() >= 0.1);
        assertThat(summary.mean()).isGreaterThanOrEqualTo(0.1);
        assertThat(summary.halfWidth()).isNotNaN();
        assertThat(summary.converged()).isFalse();
        assertThat(summary.toText())
                .contains("mean")
                .contains(summary.runs().get(0).runId());
        assertThat(summary.toHtml()).startsWith("<table>");

        List<RunArchive> archived = RunArchive.list(dir, "runner-test");
        assertThat(archived)
                .extracting(RunArchive::runId)
                .containsExactly(
                        summary.runs().get(2).runId(),
                        summary.runs().get(1).runId(),
                        summary.runs().get(0).runId());
        RunArchive last = archived.get(0);
        assertThat(last.failureLevel()).isEqualTo(FailureLevel.OK);
        assertThat(last.resources()).extracting(RunArchive.ResourceRecord::guid).containsExactly(1, 2, 3);
        assertThat(last.resources().get(2).times()).containsKeys(ResourceState.READY, ResourceState.STARTED, STOPPED);
        assertThat(Files.exists(last.dir().resolve(RunArchive.DESCRIPTION))).isTrue();
    }

    @Test
    void aConvergingMetricStopsTheSeriesEarly() throws InterruptedException {
        RunSummary summary = new ExperimentRunner(describe())
                .localDir(dir)
                .runs(3, 50)
                .waitFor(List.of(3))
                .metric(ec -> 10 + elapsed(ec) / 1000)
                .untilConverged(0.01, 0.95)
                .run();
        assertThat(summary.converged()).isTrue();
        assertThat(summary.runs()).hasSize(3);
        assertThat(summary.relativeHalfWidth()).isLessThanOrEqualTo(0.01);
    }

    @Test
    void aRunThatDoesNotFinishIsRecordedWithoutAMetric() throws InterruptedException {
        Path file;
        try (ExperimentController ec = new ExperimentController("endless")) {
            int node = ec.registerResource("dummy::Node");
            int app = ec.registerResource("dummy::Application", Map.of("duration", 3600));
            ec.registerConnection(app, node);
            file = dir.resolve("endless.json");
            ec.save(file);
        }
        RunSummary summary = new ExperimentRunner(file)
                .localDir(dir)
                .waitFor(List.of(2))
                .timeout(Duration.ofMillis(200))
                .metric(ec -> 1.0)
                .run();
        assertThat(summary.runs()).singleElement().satisfies(r -> assertThat(r.metric())
                .isNaN());
        assertThat(summary.mean()).isNaN();
    }

    @Test
    void badSettingsAreRefused() {
        Path file = describe();
        assertThatThrownBy(() -> new ExperimentRunner(file).runs(3, 2)).hasMessageContaining("1 <= min <= max");
        assertThatThrownBy(() -> new ExperimentRunner(file).untilConverged(0.05, 1.5))
                .hasMessageContaining("confidence");
        assertThatThrownBy(() -> new ExperimentRunner(file)
                        .waitFor(List.of(2))
                        .untilConverged(0.05, 0.9)
                        .run())
                .hasMessageContaining("needs a metric");
        assertThatThrownBy(() -> new ExperimentRunner(file).run()).hasMessageContaining("say what ends a run");
        assertThatThrownBy(() -> RunArchive.open(dir)).hasMessageContaining("holds no archived run");
    }

    @Test
    void anArchivedRunCanBeReloadedAndRunAgain() throws InterruptedException, IOException {
        new ExperimentRunner(describe()).localDir(dir).waitFor(List.of(3)).run();
        RunArchive archive = RunArchive.list(dir, "runner-test").get(0);
        try (ExperimentController again = archive.reload()) {
            again.deploy();
            assertThat(again.waitFinished(2, 3)).isTrue();
            assertThat(again.getExpId()).isEqualTo("runner-test");
        }
    }
}
