package nepi.core;

import static nepi.core.resource.ResourceState.NEW;
import static nepi.core.resource.ResourceState.READY;
import static nepi.core.resource.ResourceState.STARTED;
import static nepi.core.resource.ResourceState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import nepi.core.resource.Condition;
import nepi.core.resource.ManualContext;
import nepi.core.resource.ResourceAction;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import org.junit.jupiter.api.Test;

/**
 * The deployer on RMs of a {@link ManualContext}: every step it schedules runs when the
 * test says, so what has started at each point is exact. A "gate" is an RM outside the
 * group that a member waits for; the test opens it by deploying (and starting) it.
 */
class DeployerTest {

    private final ManualContext context = new ManualContext();
    private boolean shuttingDown;
    private final Deployer deployer = new Deployer(
            context::findResource, steps -> steps.forEach(context.executor()::execute), () -> shuttingDown);

    DeployerTest() {
        context.getStateMonitor().addListener(deployer::stateChanged);
    }

    private ResourceManager node() {
        return context.add("dummy::Node");
    }

    /** A node that deploys only once {@code gate} is READY. */
    private ResourceManager nodeWaitingFor(ResourceManager gate) {
        ResourceManager rm = node();
        rm.addCondition(ResourceAction.DEPLOY, new Condition(Set.of(gate.getGuid()), READY, null));
        return rm;
    }

    @Test
    void aGroupThatWaitsForAllStartsNoMemberBeforeTheLastIsReady() {
        ResourceManager gate = node();
        ResourceManager quick = node();
        ResourceManager slow = nodeWaitingFor(gate);

        deployer.deploy(List.of(quick, slow), true, null);
        context.runPending();
        assertThat(quick.getState()).isEqualTo(READY);
        assertThat(slow.getState()).isEqualTo(NEW);

        gate.deploy();
        context.runPending();
        assertThat(List.of(quick, slow)).extracting(ResourceManager::getState).containsOnly(STARTED);
        assertThat(context.errors()).isEmpty();
    }

    @Test
    void aGroupLaunchedWhileItsDeploysAreBeingQueuedStartsEachMemberOnce() {
        // Workers that run each step as it is queued: the group is READY, and launched, before
        // deploy() returns, as happens when worker threads are quicker than the deploying one.
        List<Runnable> ran = new java.util.ArrayList<>();
        Deployer eager = new Deployer(
                context::findResource,
                steps -> steps.forEach(step -> {
                    ran.add(step);
                    step.run();
                }),
                () -> false);
        context.getStateMonitor().addListener(eager::stateChanged);
        ResourceManager a = node();
        ResourceManager b = node();

        eager.deploy(List.of(a, b), true, null);

        assertThat(List.of(a, b)).extracting(ResourceManager::getState).containsOnly(STARTED);
        assertThat(ran).as("2 deploys, the launch, and one start per member").hasSize(5);
    }

    @Test
    void aGroupLargerThanOneLaunchTaskStartsEachMemberOnceFromSeveralTasks() {
        List<Runnable> launched = new java.util.ArrayList<>();
        Deployer eager = new Deployer(
                context::findResource,
                steps -> steps.forEach(step -> {
                    if (!(step instanceof StepTask)) {
                        launched.add(step);
                    }
                    step.run();
                }),
                () -> false);
        context.getStateMonitor().addListener(eager::stateChanged);
        List<ResourceManager> members = new java.util.ArrayList<>();
        for (int i = 0; i < 1201; i++) {
            members.add(node());
        }
        java.util.Map<Integer, Integer> starts = new java.util.concurrent.ConcurrentHashMap<>();
        context.getStateMonitor().addListener(change -> {
            if (change.to() == STARTED) {
                starts.merge(change.guid(), 1, Integer::sum);
            }
        });

        eager.deploy(members, true, null);

        assertThat(members).extracting(ResourceManager::getState).containsOnly(STARTED);
        assertThat(starts).hasSize(1201).allSatisfy((guid, n) -> assertThat(n).isOne());
        assertThat(launched).as("the launch, in tasks of at most 500 starts").hasSize(3);
    }

    @Test
    void stepsQueuedBeforeARecoverDoNothingWhenTheirTurnComesAndTheNextDeployStartsOnce() {
        ResourceManager node = node();
        node.deploy();
        ResourceManager app = context.add("dummy::Application"); // stops by itself, so it could start again
        app.connect(node);
        java.util.concurrent.atomic.AtomicInteger starts = new java.util.concurrent.atomic.AtomicInteger();
        context.getStateMonitor().addListener(change -> {
            if (change.to() == STARTED) {
                starts.incrementAndGet();
            }
        });
        deployer.deploy(List.of(app), false, null); // its deploy and start queued, not run: the abort came first
        deployer.abandonQueuedSteps(); // the recover
        app.joinDeploymentGroup(0);

        deployer.deploy(List.of(app), true, null);
        context.runPending();

        assertThat(app.getState()).isEqualTo(STOPPED);
        assertThat(starts).as("started by the new deployment only").hasValue(1);
    }

    @Test
    void aGroupThatDoesNotWaitStartsEachMemberWhenItIsReady() {
        ResourceManager gate = node();
        ResourceManager quick = node();
        ResourceManager slow = nodeWaitingFor(gate);

        deployer.deploy(List.of(quick, slow), false, null);
        context.runPending();
        assertThat(quick.getState()).isEqualTo(STARTED);
        assertThat(slow.getState()).isEqualTo(NEW);

        gate.deploy();
        context.runPending();
        assertThat(slow.getState()).isEqualTo(STARTED);
    }

    @Test
    void rmsAddedToALaunchedGroupDoNotWaitForOneAnother() {
        ResourceManager first = node();
        int group = deployer.deploy(List.of(first), true, null);
        context.runPending();
        assertThat(first.getState()).isEqualTo(STARTED);

        ResourceManager gate = node();
        ResourceManager late = node();
        ResourceManager stuck = nodeWaitingFor(gate);
        assertThat(deployer.deploy(List.of(late, stuck), true, group)).isEqualTo(group);
        context.runPending();
        assertThat(late.getState()).isEqualTo(STARTED);
        assertThat(stuck.getState()).isEqualTo(NEW);
    }

    @Test
    void anRmWithStopConditionsStopsWhenTheyHoldAndOthersKeepRunning() {
        ResourceManager gate = node();
        ResourceManager stopping = node();
        ResourceManager running = node();
        stopping.addCondition(ResourceAction.STOP, new Condition(Set.of(gate.getGuid()), STARTED, null));

        deployer.deploy(List.of(stopping, running), true, null);
        context.runPending();
        assertThat(List.of(stopping, running))
                .extracting(ResourceManager::getState)
                .containsOnly(STARTED);

        gate.deploy();
        gate.start();
        context.runPending();
        assertThat(stopping.getState()).isEqualTo(STOPPED);
        assertThat(running.getState()).isEqualTo(STARTED);
    }

    @Test
    void eachDeployMakesANewGroupUnlessOneIsGiven() {
        ResourceManager a = node();
        ResourceManager b = node();
        ResourceManager c = node();
        ResourceManager d = node();

        int first = deployer.deploy(List.of(a), true, null);
        int second = deployer.deploy(List.of(b), true, null);
        int given = deployer.deploy(List.of(c), true, 7);
        int next = deployer.deploy(List.of(d), true, null);

        assertThat(List.of(first, second, given, next)).containsExactly(1, 2, 7, 8);
        assertThat(List.of(a, b, c, d))
                .extracting(ResourceManager::getDeploymentGroup)
                .containsExactly(1, 2, 7, 8);
    }

    @Test
    void aRemovedMemberNoLongerHoldsItsGroupBack() {
        ResourceManager gate = node();
        ResourceManager otherGate = node();
        ResourceManager quick = node();
        ResourceManager removed = nodeWaitingFor(gate);
        ResourceManager slow = nodeWaitingFor(otherGate);

        deployer.deploy(List.of(quick, removed, slow), true, null);
        context.runPending();
        deployer.forget(removed);
        otherGate.deploy();
        context.runPending();

        assertThat(List.of(quick, slow)).extracting(ResourceManager::getState).containsOnly(STARTED);
        assertThat(removed.getState()).isEqualTo(NEW);
    }

    @Test
    void noGroupIsLaunchedOnceTheExperimentShutsDown() {
        ResourceManager a = node();
        ResourceManager b = node();
        shuttingDown = true;

        deployer.deploy(List.of(a, b), true, null);
        context.runPending();

        assertThat(List.of(a, b)).extracting(ResourceManager::getState).containsOnly(ResourceState.READY);
    }
}
