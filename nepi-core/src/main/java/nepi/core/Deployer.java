package nepi.core;

import static nepi.core.resource.ResourceState.READY;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import nepi.core.resource.ResourceAction;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.core.resource.StateChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys RMs in groups and has them started and stopped as their conditions allow
 * (NEPI's {@code deploy}). Each RM of a group deploys once its DEPLOY conditions hold; in a
 * group that waits for all to be ready, none is started before every member is READY,
 * and then all are at once; otherwise each starts as soon as it can. An RM with STOP
 * conditions stops when they hold. Nothing here waits or polls: the group is launched by
 * the state change that makes its last member ready.
 */
final class Deployer {

    private static final Logger LOG = LoggerFactory.getLogger(Deployer.class);

    private final IntFunction<Optional<ResourceManager>> resources;
    private final Consumer<List<Runnable>> workers;
    private final BooleanSupplier shuttingDown;
    private final AtomicInteger groupIds = new AtomicInteger();
    /**
     * Bumped by {@link #abandonQueuedSteps()}: the deploy, start and stop steps (and launches) queued before
     * then do nothing when their turn comes.
     */
    private final AtomicInteger generation = new AtomicInteger();

    private final Map<Integer, DeploymentGroup> groups = new ConcurrentHashMap<>();
    /** How many deploys are handed to the workers at once. */
    private static final int DEPLOY_PART = 1000;
    /** How many members' starts one task of a group's launch queues. */
    private static final int LAUNCH_PART = 500;
    /** Stands for a group not created yet in {@link #groupsAfterDeploying}; real ids are positive. */
    private static final int PLANNED_GROUP = -1;

    /**
     * @param resources finds the RM of a guid
     * @param workers runs the steps (deploy, start, stop with conditions), each as a task of its own; a deploy
     *     hands them over in batches of up to 1,000, so that queueing 10,000 steps takes ten locks, not 10,000
     * @param shuttingDown true once the experiment shuts down: no group is launched then
     */
    Deployer(
            IntFunction<Optional<ResourceManager>> resources,
            Consumer<List<Runnable>> workers,
            BooleanSupplier shuttingDown) {
        this.resources = resources;
        this.workers = workers;
        this.shuttingDown = shuttingDown;
    }

    /**
     * Deploys {@code rms} in {@code group} (null: a new group; an id not yet used makes a
     * group of that id).
     *
     * @param waitAllReady for a new group, whether its members start only once all are READY
     * @return the group's id
     */
    int deploy(List<ResourceManager> rms, boolean waitAllReady, Integer group) {
        DeploymentGroup target;
        if (group == null) {
            int id = groupIds.incrementAndGet();
            target = new DeploymentGroup(id, waitAllReady, rms.size());
            groups.put(id, target);
        } else {
            target = groups.computeIfAbsent(group, id -> {
                groupIds.accumulateAndGet(id, Math::max);
                return new DeploymentGroup(id, waitAllReady, rms.size());
            });
        }
        List<ResourceManager> joinedLaunched = target.addAll(rms);
        // Every member joins before any deploys (or the group could be ready, and launched, while RMs still
        // join); the deploys then go to the workers in parts, which start on the first while the rest are made.
        for (int from = 0; from < rms.size(); from += DEPLOY_PART) {
            int to = Math.min(rms.size(), from + DEPLOY_PART);
            List<Runnable> deploys = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                deploys.add(new StepTask(rms.get(i), StepTask.Kind.DEPLOY, generation));
            }
            workers.accept(deploys);
        }
        // Asking whether the group was launched after scheduling the deploys would race the
        // launch they may cause, and start those RMs twice (a STOPPED RM may be started again).
        if (!target.waitAllReady()) {
            startAndStop(rms);
        } else {
            startAndStop(joinedLaunched);
            if (target.allReady()) {
                launch(target);
            }
        }
        LOG.debug("deploying {} RMs in group {}", rms.size(), target.id());
        return target.id();
    }

    /**
     * The groups as they will be once {@code rms} are deployed with these arguments (see
     * {@link #deploy}): a group waiting for all to be ready, and not launched yet, holds its
     * members back until each is READY.
     */
    ConditionCycles.Groups groupsAfterDeploying(List<ResourceManager> rms, boolean waitAllReady, Integer group) {
        DeploymentGroup existing = group == null ? null : groups.get(group);
        int planned = existing != null ? existing.id() : PLANNED_GROUP;
        boolean plannedWaits = existing != null ? existing.waitAllReady() && !existing.launched() : waitAllReady;
        Set<Integer> joining = new HashSet<>();
        rms.forEach(rm -> joining.add(rm.getGuid()));
        return new ConditionCycles.Groups() {
            @Override
            public int waitingGroupOf(ResourceManager rm) {
                if (joining.contains(rm.getGuid())) {
                    return plannedWaits ? planned : 0;
                }
                DeploymentGroup g = groups.get(rm.getDeploymentGroup());
                return g != null && g.waitAllReady() && !g.launched() ? g.id() : 0;
            }

            @Override
            public Collection<Integer> members(int id) {
                if (id != planned) {
                    DeploymentGroup g = groups.get(id);
                    return g == null ? Set.of() : g.members();
                }
                Set<Integer> all = new HashSet<>(joining);
                if (existing != null) {
                    all.addAll(existing.members());
                }
                return all;
            }
        };
    }

    /** Like {@link #stateChanged(ResourceManager, ResourceState)}, finding the RM by its guid. */
    void stateChanged(StateChange change) {
        if (change.to().isAtLeast(READY)) {
            stateChanged(resources.apply(change.guid()).orElse(null), change.to());
        }
    }

    /**
     * Launches the group of the RM that changed, when that change made the last member ready.
     *
     * @param rm the RM that changed (null when it is no longer known)
     * @param to the state it entered
     */
    void stateChanged(ResourceManager rm, ResourceState to) {
        if (rm == null || !to.isAtLeast(READY)) {
            return;
        }
        DeploymentGroup group = groups.get(rm.getDeploymentGroup());
        // Once launched, a group has nothing left to count (members joining later are started by the deploy).
        if (group != null && group.waitAllReady() && !group.launched() && group.memberReady(rm.getGuid())) {
            launch(group);
        }
    }

    /**
     * Abandons every deploy, start and stop step queued so far (an abort's recover): one still queued when the
     * experiment aborted would otherwise run after the recover and start an RM its new deployment starts too.
     */
    void abandonQueuedSteps() {
        generation.incrementAndGet();
    }

    /** Forgets a removed RM, or a NEW one whose deployment was abandoned: its group no longer counts it. */
    void forget(ResourceManager rm) {
        DeploymentGroup group = groups.get(rm.getDeploymentGroup());
        if (group != null) {
            group.forget(rm.getGuid());
        }
    }

    private void launch(DeploymentGroup group) {
        if (shuttingDown.getAsBoolean()) {
            return;
        }
        group.claimLaunch().ifPresent(members -> {
            // In parts, each a task: queueing 10,000 starts from one task left the other workers idle meanwhile.
            List<Runnable> parts = new ArrayList<>();
            int madeIn = generation.get();
            for (int from = 0; from < members.size(); from += LAUNCH_PART) {
                List<ResourceManager> part = members.subList(from, Math.min(members.size(), from + LAUNCH_PART));
                parts.add(() -> {
                    if (generation.get() == madeIn) {
                        startAndStop(part);
                    }
                });
            }
            workers.accept(parts);
        });
    }

    /**
     * Schedules each RM's start, and its stop when it has STOP conditions (without them it would stop at once),
     * in one batch.
     */
    private void startAndStop(List<ResourceManager> rms) {
        List<Runnable> steps = new ArrayList<>(rms.size());
        for (ResourceManager rm : rms) {
            steps.add(new StepTask(rm, StepTask.Kind.START, generation));
            if (!rm.getConditions(ResourceAction.STOP).isEmpty()) {
                steps.add(new StepTask(rm, StepTask.Kind.STOP, generation));
            }
        }
        workers.accept(steps);
    }
}
