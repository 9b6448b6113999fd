package nepi.core;

import static nepi.core.resource.ResourceAction.DEPLOY;
import static nepi.core.resource.ResourceState.NEW;
import static nepi.core.resource.ResourceState.READY;
import static nepi.core.resource.ResourceState.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Waits end: on resources that were never deployed they are refused instead of waiting forever. */
class WaitTest {

    private static final Duration NEVER_HANGS = Duration.ofSeconds(10);

    private final ExperimentController ec = new ExperimentController();

    @AfterEach
    void shutdown() {
        ec.shutdown();
    }

    private int app(int node) {
        int app = ec.registerResource("dummy::Application");
        ec.registerConnection(app, node);
        return app;
    }

    @Test
    void everyWaitOnResourcesNeverDeployedIsRefusedWithTheirGuids() {
        int node = ec.registerResource("dummy::Node");
        int app = app(node);
        List<Integer> both = List.of(node, app);
        String guids = "[" + node + ", " + app + "]";
        assertTimeoutPreemptively(NEVER_HANGS, () -> {
            assertThatThrownBy(() -> ec.waitDeployed(node, app))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(guids)
                    .hasMessageContaining("deploy them first");
            assertThatThrownBy(() -> ec.waitStarted(both))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(guids);
            assertThatThrownBy(() -> ec.waitFinished(both, Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(guids);
            assertThatThrownBy(() -> ec.wait(both, STARTED, Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("deploy them first");
        });
        assertThat(ec.state(app)).isEqualTo(NEW);
    }

    @Test
    void waitingOnEveryResourceIsRefusedWhenSomeWereNeverDeployed() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        int deployed = app(node);
        int forgotten = ec.registerResource("dummy::Application");
        ec.deploy(node, deployed);
        assertTimeoutPreemptively(NEVER_HANGS, () -> assertThatThrownBy(() -> ec.waitFinished())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[" + forgotten + "]")
                .hasMessageContaining("deploy them first"));
        assertThat(ec.waitFinished(deployed)).isTrue();
    }

    @Test
    void aWaitRightAfterDeployIsAccepted() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        ec.deploy(node);
        for (int i = 0; i < 50; i++) {
            int app = app(node);
            ec.deploy(app);
            assertThat(ec.waitFinished(List.of(app), NEVER_HANGS)).isTrue();
        }
    }

    @Test
    void aResourceInADeploymentGroupThatIsStillNewCanBeWaitedFor() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        int first = app(node);
        int second = app(node);
        ec.registerCondition(second, DEPLOY, first, STARTED, "300ms");
        ec.deploy(List.of(node, first, second), false, null);
        assertThat(ec.state(second)).isEqualTo(NEW);
        assertThat(ec.waitDeployed(List.of(second), NEVER_HANGS)).isTrue();
        assertThat(ec.state(second).isAtLeast(READY)).isTrue();
    }

    @Test
    void waitReleasedOnAResourceNeverDeployedWaitsForItsRelease() throws Exception {
        int node = ec.registerResource("dummy::Node");
        CompletableFuture<Boolean> released = CompletableFuture.supplyAsync(() -> {
            try {
                return ec.waitReleased(List.of(node), NEVER_HANGS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        ec.release(node);
        assertThat(released.get()).isTrue();
    }
}
