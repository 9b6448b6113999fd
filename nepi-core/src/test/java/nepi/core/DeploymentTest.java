package nepi.core;

import static nepi.core.resource.ResourceAction.START;
import static nepi.core.resource.ResourceAction.STOP;
import static nepi.core.resource.ResourceState.FAILED;
import static nepi.core.resource.ResourceState.NEW;
import static nepi.core.resource.ResourceState.READY;
import static nepi.core.resource.ResourceState.RELEASED;
import static nepi.core.resource.ResourceState.STARTED;
import static nepi.core.resource.ResourceState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeploymentTest {

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
        int app = ec.registerResource("dummy::Application");
        ec.registerConnection(app, node);
        return app;
    }

    @Test
    void nodesInterfacesLinksAndApplicationsDeployInDependencyOrder() throws InterruptedException {
        ec.setGlobal("dummy::Interface", "opDelay", 0.05);
        int link = ec.registerResource("dummy::Link");
        List<Integer> nodes = new ArrayList<>();
        List<Integer> ifaces = new ArrayList<>();
        List<Integer> apps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int node = ec.registerResource("dummy::Node");
            int iface = ec.registerResource("dummy::Interface");
            ec.registerConnection(node, iface);
            ec.registerConnection(iface, link);
            nodes.add(node);
            ifaces.add(iface);
            apps.add(app(node));
            apps.add(app(node));
        }
        ec.deploy();
        assertThat(ec.waitFinished(apps)).isTrue();

        for (int i = 0; i < 3; i++) {
            ResourceManager node = ec.getResource(nodes.get(i));
            ResourceManager iface = ec.getResource(ifaces.get(i));
            assertThat(iface.getReadyTime())
                    .isAfterOrEqualTo(node.getProvisionTime())
                    .isAfterOrEqualTo(ec.getReadyTime(link));
            assertThat(node.getReadyTime()).isAfterOrEqualTo(iface.getReadyTime());
        }
        Instant lastReady = ec.getResources().stream()
                .map(ec::getReadyTime)
                .max(Instant::compareTo)
                .orElseThrow();
        for (int app : apps) {
            assertThat(ec.getReadyTime(app)).isAfterOrEqualTo(ec.getReadyTime(nodes.get(apps.indexOf(app) / 2)));
            assertThat(ec.getStartTime(app))
                    .as("no start before the whole group is ready")
                    .isAfterOrEqualTo(lastReady);
            assertThat(ec.state(app)).isEqualTo(STOPPED);
        }
    }

    @Test
    void aThousandApplicationsOnOneNodeAllStop() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        List<Integer> apps = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            apps.add(app(node));
        }
        ec.deploy();
        assertThat(ec.waitFinished(apps)).isTrue();
        assertThat(apps).allMatch(app -> ec.state(app) == STOPPED);
        assertThat(ec.getFailureLevel()).isEqualTo(FailureLevel.OK);
    }

    @Test
    void aFailingCriticalResourceAbortsTheExperiment() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        int bad = ec.registerResource("test::FailOnDeploy");
        ec.registerConnection(bad, node);
        List<Integer> apps = new ArrayList<>(List.of(app(node), app(node)));
        ec.deploy();

        assertThat(ec.waitFinished(apps))
                .as("the wait returns, without all apps finished")
                .isFalse();
        assertThat(ec.state(bad)).isEqualTo(FAILED);
        assertThat(ec.getResource(bad).getFailureReason()).contains("no such host");
        assertThat(ec.getFailureLevel()).isEqualTo(FailureLevel.RM_FAILURE);
        assertThat(ec.isAborted()).isTrue();
        assertThat(apps).allMatch(app -> ec.state(app) != STARTED && ec.getStartTime(app) == null);
    }

    @Test
    void aFailingNonCriticalResourceAmongTenLeavesTheOthersStopped() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        List<Integer> apps = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            apps.add(app(node));
        }
        int bad = ec.registerResource("test::FailOnStart", Map.of("critical", "false"));
        ec.registerConnection(bad, node);
        ec.deploy();
        List<Integer> all = new ArrayList<>(apps);
        all.add(bad);

        assertThat(ec.waitFinished(all)).isTrue();
        assertThat(apps).allMatch(app -> ec.state(app) == STOPPED);
        assertThat(ec.state(bad)).isEqualTo(FAILED);
        assertThat(ec.getFailureLevel()).isEqualTo(FailureLevel.OK);
        assertThat(ec.isAborted()).isFalse();
    }

    @Test
    void anApplicationStartsTwoSecondsAfterAnotherStarted() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        int first = ec.registerResource("dummy::Application", Map.of("duration", 0.1));
        int second = ec.registerResource("dummy::Application");
        ec.registerConnection(first, node);
        ec.registerConnection(second, node);
        ec.registerCondition(second, START, first, STARTED, "2s");
        ec.deploy();
        assertThat(ec.waitFinished(first, second)).isTrue();
        assertThat(Duration.between(ec.getStartTime(first), ec.getStartTime(second)))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anApplicationStartsAfterAnotherStopped() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        int first = ec.registerResource("dummy::Application", Map.of("duration", 0.3));
        int second = ec.registerResource("dummy::Application");
        ec.registerConnection(first, node);
        ec.registerConnection(second, node);
        ec.registerCondition(second, START, first, STOPPED);
        ec.deploy();
        assertThat(ec.waitFinished(first, second)).isTrue();
        assertThat(ec.getStartTime(second)).isAfterOrEqualTo(ec.getStopTime(first));
    }

    @Test
    void stopConditionsStopAResourceWhenTheyHold() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        int server = ec.registerResource("dummy::Application", Map.of("duration", 3600));
        int client = ec.registerResource("dummy::Application", Map.of("duration", 0.2));
        ec.registerConnection(server, node);
        ec.registerConnection(client, node);
        ec.registerCondition(client, START, server, STARTED);
        ec.registerCondition(server, STOP, client, STOPPED, "100ms");
        ec.deploy();
        assertThat(ec.waitFinished(List.of(server, client), Duration.ofSeconds(10)))
                .isTrue();
        assertThat(Duration.between(ec.getStopTime(client), ec.getStopTime(server)))
                .isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aResourceDeployedWhileTheFirstGroupRunsJoinsTheExperiment() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        int longRunning = ec.registerResource("dummy::Application", Map.of("duration", 3600));
        ec.registerConnection(longRunning, node);
        ec.deploy();
        assertThat(ec.waitStarted(longRunning)).isTrue();

        int late = app(node);
        int group = ec.deploy(late);
        assertThat(ec.waitFinished(late)).isTrue();
        assertThat(ec.getResource(late).getDeploymentGroup()).isEqualTo(group);
        assertThat(ec.state(longRunning)).isEqualTo(STARTED);
        assertThat(ec.state(node)).isEqualTo(STARTED);
    }

    @Test
    void deployWithoutGuidsTakesOnlyNewResources() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        ec.deploy();
        assertThat(ec.waitDeployed(node)).isTrue();
        int app = app(node);
        int group = ec.deploy();
        assertThat(ec.getResource(node).getDeploymentGroup()).isNotEqualTo(group);
        assertThat(ec.getResource(app).getDeploymentGroup()).isEqualTo(group);
        assertThat(ec.waitFinished(app)).isTrue();
    }

    @Test
    void withoutWaitAllReadyEachResourceStartsAsSoonAsItCan() throws InterruptedException {
        ec.setGlobal("dummy::Link", "opDelay", 0.5);
        int node = ec.registerResource("dummy::Node");
        int app = app(node);
        int slow = ec.registerResource("dummy::Link");
        ec.deploy(List.of(node, app, slow), false, null);
        assertThat(ec.waitFinished(app)).isTrue();
        assertThat(ec.waitDeployed(slow)).isTrue();
        assertThat(ec.getStartTime(app)).isBefore(ec.getReadyTime(slow));
    }

    @Test
    void setWithConditionsSetsTheAttributeOnEveryResourceOnceTheConditionHolds() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        int trigger = ec.registerResource("dummy::Application", Map.of("duration", 0.2));
        ec.registerConnection(trigger, node);
        int a = app(node);
        int b = app(node);
        ec.setWithConditions("duration", "7", List.of(a, b), List.of(trigger), STOPPED, null);
        assertThat(ec.get(a, "duration")).isEqualTo(0.0);
        ec.deploy(List.of(node, trigger));
        assertThat(ec.waitFinished(trigger)).isTrue();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> ec.get(a, "duration").equals(7.0)
                        && ec.get(b, "duration").equals(7.0));
    }

    @Test
    void unregisteredConditionsNoLongerHoldBack() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        int never = ec.registerResource("dummy::Application");
        int app = app(node);
        ec.registerConnection(never, node);
        ec.registerCondition(app, START, never, STARTED);
        ec.unregisterCondition(app, START, never);
        assertThat(ec.getResource(app).getConditions(START)).isEmpty();
        ec.deploy(node, app);
        assertThat(ec.waitFinished(List.of(app), Duration.ofSeconds(10))).isTrue();
        assertThat(ec.state(never)).isEqualTo(NEW);
    }

    @Test
    void unregisteringRemovesOnlyTheGivenGuidsFromAConditionGroup() {
        int a = ec.registerResource("dummy::Application");
        int b = ec.registerResource("dummy::Application");
        int c = ec.registerResource("dummy::Application");
        ec.registerCondition(List.of(a), START, List.of(b, c), STARTED, "1s");
        ec.unregisterCondition(List.of(a), null, List.of(b));
        assertThat(ec.getResource(a).getConditions(START)).singleElement().satisfies(cond -> {
            assertThat(cond.guids()).containsExactly(c);
            assertThat(cond.delay()).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    void aCriticalFailureOfAWaitedForResourceFailsTheWaitingOne() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        int bad = ec.registerResource("test::FailOnStart", Map.of("critical", false));
        int waiting = app(node);
        ec.registerConnection(bad, node);
        ec.registerCondition(waiting, START, bad, STARTED);
        ec.set(bad, "critical", true);
        ec.deploy();
        assertThat(ec.waitFinished(waiting, bad)).isFalse();
        assertThat(ec.getFailureLevel()).isEqualTo(FailureLevel.RM_FAILURE);
        assertThat(ec.state(waiting)).isNotEqualTo(STARTED);
    }

    @Test
    void aNonCriticalFailureOfAWaitedForResourceIsSkipped() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        int bad = ec.registerResource("test::FailOnStart", Map.of("critical", false));
        int waiting = app(node);
        ec.registerConnection(bad, node);
        ec.registerCondition(waiting, START, bad, STARTED);
        ec.deploy();
        assertThat(ec.waitFinished(waiting, bad)).isTrue();
        assertThat(ec.state(waiting)).isEqualTo(STOPPED);
    }

    @Test
    void anAbortStopsPendingStartsAndTimedWork() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        int first = ec.registerResource("dummy::Application", Map.of("duration", 3600));
        int later = app(node);
        int bad = ec.registerResource("test::FailOnStart");
        ec.registerConnection(first, node);
        ec.registerConnection(bad, node);
        ec.registerCondition(later, START, first, STARTED, "1s");
        ec.registerCondition(bad, START, first, STARTED, "200ms");
        ec.deploy();
        assertThat(ec.waitFinished(first, later, bad)).isFalse();
        assertThat(ec.getFailureLevel()).isEqualTo(FailureLevel.RM_FAILURE);
        Thread.sleep(1200);
        assertThat(ec.state(later)).isEqualTo(READY);
    }

    @Test
    void aWaitTimesOutAndCanBeInterrupted() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        int app = ec.registerResource("dummy::Application", Map.of("duration", 3600));
        ec.registerConnection(app, node);
        ec.deploy();
        assertThat(ec.waitFinished(List.of(app), Duration.ofMillis(200))).isFalse();

        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                waiting.countDown();
                ec.waitFinished(app);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        waiter.start();
        waiting.await();
        Thread.sleep(100);
        waiter.interrupt();
        waiter.join(5000);
        assertThat(interrupted).isTrue();
    }

    @Test
    void aWaitWithoutGuidsWaitsForEveryResource() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        app(node);
        app(node);
        ec.deploy();
        assertThat(ec.waitDeployed()).isTrue();
        assertThat(ec.waitFinished(List.of(), Duration.ofMillis(300)))
                .as("the node never stops")
                .isFalse();
    }

    @Test
    void releaseReleasesEverythingAndHardReleaseForgets() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        int app = app(node);
        int hard = ec.registerResource("dummy::Application", Map.of("hardRelease", true));
        ec.registerConnection(hard, node);
        int failing = ec.registerResource("test::FailOnRelease");
        ec.registerConnection(failing, node);
        ec.deploy();
        ec.waitFinished(app, hard, failing);
        ec.release();
        assertThat(ec.state(node)).isEqualTo(RELEASED);
        assertThat(ec.state(app)).isEqualTo(RELEASED);
        assertThat(ec.state(failing))
                .as("a failing release still ends RELEASED")
                .isEqualTo(RELEASED);
        assertThat(ec.getResources()).doesNotContain(hard);
        assertThat(ec.getResource(node).getConnections()).doesNotContain(hard);
    }

    @Test
    void nothingChangesAReleasedResource() {
        int app = ec.registerResource("dummy::Application");
        ec.release(app);
        ResourceManager rm = ec.getResource(app);
        rm.deploy();
        rm.start();
        assertThat(rm.getState()).isEqualTo(RELEASED);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ec.set(app, "duration", 1))
                .hasMessageContaining("RELEASED");
    }

    @Test
    void shutdownReleasesEveryResource() {
        int node = ec.registerResource("dummy::Node");
        int app = ec.registerResource("dummy::Application", Map.of("duration", 3600));
        ec.registerConnection(app, node);
        ec.deploy();
        ec.shutdown();
        assertThat(ec.getResources()).allMatch(g -> ec.state(g) == RELEASED);
        assertThat(ec.getEcState()).isEqualTo(EcState.TERMINATED);
    }

    @Test
    void listenersHearRegistrationsStateChangesAndAborts() throws InterruptedException {
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        ec.addListener(new ExperimentListener() {
            @Override
            public void resourceRegistered(int guid, String type) {
                events.add("registered " + guid + " " + type);
            }

            @Override
            public void stateChanged(nepi.core.resource.StateChange change) {
                events.add(change.guid() + " " + change.to());
            }

            @Override
            public void failureLevelChanged(FailureLevel level) {
                events.add("level " + level);
            }
        });
        int bad = ec.registerResource("test::FailOnDeploy");
        ec.deploy();
        ec.waitDeployed(bad);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 3);
        assertThat(events)
                .containsExactly("registered " + bad + " test::FailOnDeploy", bad + " FAILED", "level RM_FAILURE");
    }

    @Test
    void stateTimesAreRecordedForEveryStateEntered() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        int app = app(node);
        ec.deploy();
        ec.waitFinished(app);
        ResourceManager rm = ec.getResource(app);
        for (ResourceState s : List.of(ResourceState.DISCOVERED, ResourceState.PROVISIONED, READY, STARTED, STOPPED)) {
            assertThat(rm.getStateTime(s)).as(s.name()).isNotNull();
        }
        assertThat(rm.getStopTime()).isAfterOrEqualTo(rm.getStartTime());
        assertThat(rm.getStartTime()).isAfterOrEqualTo(rm.getReadyTime());
        assertThat(rm.getFailedTime()).isNull();
    }

    @Test
    void anRmThatReschedulesItselfUntilItsNodeIsReadyDeploysOnceItIsAndNotBefore() throws InterruptedException {
        ReschedulingDummies.register();
        int link = ec.registerResource("nepi-idiom::Link");
        int node = ec.registerResource("nepi-idiom::Node");
        int iface = ec.registerResource("nepi-idiom::Interface");
        ec.registerConnection(node, iface);
        ec.registerConnection(iface, link);
        int app = ec.registerResource("nepi-idiom::Application");
        ec.registerConnection(app, node);
        ec.deploy(app);
        Thread.sleep(200);
        assertThat(ec.state(app))
                .as("still rescheduling itself: its node is not deployed")
                .isEqualTo(NEW);
        ec.deploy(List.of(link, node, iface));
        assertThat(ec.waitFinished(List.of(app), Duration.ofSeconds(10))).isTrue();
        assertThat(ec.getReadyTime(app)).isAfterOrEqualTo(ec.getReadyTime(node));
        assertThat(ec.state(app)).isEqualTo(STOPPED);
    }

    @Test
    void aFamilyWrittenTheNepiWayDeploysInDependencyOrderAndRuns() throws InterruptedException {
        ReschedulingDummies.register();
        ec.setGlobal("nepi-idiom::Interface", "opDelay", 0.02);
        List<Integer> apps = new ArrayList<>();
        for (int node : BenchmarkTopology.nodesOnALink(ec, 3, ReschedulingDummies.FAMILY)) {
            for (int i = 0; i < 5; i++) {
                int app = ec.registerResource("nepi-idiom::Application");
                ec.registerConnection(app, node);
                apps.add(app);
            }
        }
        ec.deploy();
        assertThat(ec.waitFinished(apps, Duration.ofSeconds(10))).isTrue();
        for (int app : apps) {
            int node = ec.getResource(app).getConnections().get(0);
            assertThat(ec.getReadyTime(app)).isAfterOrEqualTo(ec.getReadyTime(node));
            assertThat(ec.state(app)).isEqualTo(STOPPED);
        }
        assertThat(ec.getFailureLevel()).isEqualTo(FailureLevel.OK);
    }
}
