package nepi.core;

import static nepi.core.resource.ResourceAction.DEPLOY;
import static nepi.core.resource.ResourceState.FAILED;
import static nepi.core.resource.ResourceState.NEW;
import static nepi.core.resource.ResourceState.STARTED;
import static nepi.core.resource.ResourceState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** After a critical failure: new work is refused until {@code recover()}, which lets it go on. */
class RecoveryTest {

    private static final Duration NEVER_HANGS = Duration.ofSeconds(20);

    private final ExperimentController ec = new ExperimentController();

    @BeforeAll
    static void types() {
        TestTypes.register();
    }

    @AfterEach
    void shutdown() {
        ec.shutdown();
    }

    private int app(int node) {
        return app(node, "dummy::Application");
    }

    private int app(int node, String type) {
        int app = ec.registerResource(type);
        ec.registerConnection(app, node);
        return app;
    }

    /** Deploys a node and an application that fails at start, and waits for the abort. */
    private int abortedBy(int node) throws InterruptedException {
        int bad = app(node, "test::FailOnStart");
        ec.deploy(bad);
        ec.waitFinished(List.of(bad), NEVER_HANGS);
        assertThat(ec.state(bad)).isEqualTo(FAILED);
        assertThat(ec.isAborted()).isTrue();
        return bad;
    }

    @Test
    void deployOnAnAbortedExperimentIsRefusedNamingTheFailedResourceAndChangesNothing() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        ec.deploy(node);
        int bad = abortedBy(node);
        int late = app(node);

        assertThatThrownBy(() -> ec.deploy(late))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("#" + bad + " test::FailOnStart: ")
                .hasMessageContaining("command not found")
                .hasMessageContaining("recover()");
        assertThatThrownBy(ec::deploy).isInstanceOf(IllegalStateException.class).hasMessageContaining("recover()");
        assertThat(ec.state(late)).isEqualTo(NEW);
        assertThat(ec.getResource(late).getDeploymentGroup()).isZero();
    }

    @Test
    void afterRecoverTheLevelIsOkTheFailedRmStaysFailedAndNewResourcesDeployAndRun() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        ec.deploy(node);
        int bad = abortedBy(node);

        assertThat(ec.recover()).isTrue();
        assertThat(ec.getFailureLevel()).isEqualTo(FailureLevel.OK);
        assertThat(ec.isAborted()).isFalse();
        assertThat(ec.state(bad)).isEqualTo(FAILED);

        int late = app(node);
        ec.deploy(late);
        assertThat(ec.waitFinished(List.of(late), NEVER_HANGS)).isTrue();
        assertThat(ec.state(late)).isEqualTo(STOPPED);
        assertThat(ec.state(bad)).isEqualTo(FAILED);
    }

    @Test
    void resourcesAbandonedStillNewByTheAbortAreDeployedAgainAfterRecover() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        ec.deploy(node);
        int bad = app(node, "test::FailOnStart");
        int pending = app(node);
        ec.registerCondition(pending, DEPLOY, bad, STARTED, null);
        ec.deploy(List.of(bad, pending), false, null);
        ec.waitFinished(List.of(bad), NEVER_HANGS);
        assertThat(ec.isAborted()).isTrue();
        assertThat(ec.state(pending))
                .as("its deploy, waiting for the failed RM, was abandoned")
                .isEqualTo(NEW);

        ec.recover();
        assertThat(ec.getResource(pending).getDeploymentGroup()).isZero();
        ec.unregisterCondition(pending, DEPLOY, bad);
        ec.deploy();
        assertThat(ec.waitFinished(List.of(pending), NEVER_HANGS)).isTrue();
        assertThat(ec.state(pending)).isEqualTo(STOPPED);
    }

    @Test
    void aSecondCriticalFailureAfterRecoverAbortsAgain() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        ec.deploy(node);
        abortedBy(node);
        ec.recover();
        int second = abortedBy(node);
        assertThat(ec.getFailureLevel()).isEqualTo(FailureLevel.RM_FAILURE);
        assertThatThrownBy(ec::deploy).hasMessageContaining("#" + second + " test::FailOnStart");
    }

    @Test
    void recoverOnAnExperimentNotAbortedChangesNothing() {
        assertThat(ec.recover()).isFalse();
        assertThat(ec.getFailureLevel()).isEqualTo(FailureLevel.OK);
    }
}
