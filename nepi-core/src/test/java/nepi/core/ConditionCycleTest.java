package nepi.core;

import static nepi.core.resource.ResourceAction.DEPLOY;
import static nepi.core.resource.ResourceAction.START;
import static nepi.core.resource.ResourceAction.STOP;
import static nepi.core.resource.ResourceState.NEW;
import static nepi.core.resource.ResourceState.READY;
import static nepi.core.resource.ResourceState.STARTED;
import static nepi.core.resource.ResourceState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Conditions that wait for each other in a circle would wait forever: deploy refuses them. */
class ConditionCycleTest {

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
    void twoApplicationsStartingAfterEachOtherAreRefusedAtDeployNamingTheCycle() {
        int node = ec.registerResource("dummy::Node");
        int a = app(node);
        int b = app(node);
        ec.registerCondition(a, START, b, STARTED);
        ec.registerCondition(b, START, a, STARTED);
        assertThatThrownBy(ec::deploy)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("#" + a + " → #" + b + " → #" + a)
                .hasMessageContaining("nothing was deployed");
        assertThat(List.of(node, a, b))
                .allMatch(g -> ec.state(g) == NEW && ec.getResource(g).getDeploymentGroup() == 0);
    }

    @Test
    void aCycleThroughDifferentActionsIsRefused() {
        int node = ec.registerResource("dummy::Node");
        int a = app(node);
        int b = app(node);
        int c = app(node);
        ec.registerCondition(a, DEPLOY, b, STARTED, null);
        ec.registerCondition(b, START, c, STOPPED, null);
        ec.registerCondition(c, STOP, a, READY, null);
        assertThatThrownBy(() -> ec.deploy(a, b, c))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("#" + a + " → #" + b + " → #" + c + " → #" + a);
    }

    @Test
    void conditionsOnStatesReachedWithoutTheOtherActionAreNoCycle() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        int a = app(node);
        int b = app(node);
        ec.registerCondition(a, START, b, READY);
        ec.registerCondition(b, START, a, READY);
        ec.deploy();
        assertThat(ec.waitFinished(List.of(a, b), Duration.ofSeconds(20))).isTrue();
    }

    @Test
    void aConditionOnAResourceAlreadyPastTheStateIsNoCycle() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        int a = app(node);
        ec.deploy();
        assertThat(ec.waitFinished(a)).isTrue();
        int b = app(node);
        ec.registerCondition(a, START, b, STARTED);
        ec.registerCondition(b, START, a, STOPPED);
        ec.deploy(b);
        assertThat(ec.waitFinished(List.of(b), Duration.ofSeconds(20))).isTrue();
    }

    @Test
    void aDeployWaitingForTheStartOfAnRmOfTheSameWaitAllReadyGroupIsRefused() {
        int node = ec.registerResource("dummy::Node");
        int first = app(node);
        int second = app(node);
        ec.registerCondition(second, DEPLOY, first, STARTED, null);
        assertThatThrownBy(ec::deploy)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("#" + second + " → #" + first + " → #" + second)
                .hasMessageContaining("waits for every RM of its group to be READY");
        assertThat(ec.getResource(second).getDeploymentGroup()).isZero();
    }

    @Test
    void theSameConditionsDeployInAGroupThatDoesNotWaitForAllToBeReady() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        int first = app(node);
        int second = app(node);
        ec.registerCondition(second, DEPLOY, first, STARTED, null);
        ec.deploy(List.of(node, first, second), false, null);
        assertThat(ec.waitFinished(List.of(first, second), Duration.ofSeconds(20)))
                .isTrue();
    }
}
