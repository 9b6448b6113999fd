package nepi.core.resource;

import static nepi.core.resource.ResourceState.DISCOVERED;
import static nepi.core.resource.ResourceState.FAILED;
import static nepi.core.resource.ResourceState.NEW;
import static nepi.core.resource.ResourceState.PROVISIONED;
import static nepi.core.resource.ResourceState.READY;
import static nepi.core.resource.ResourceState.RELEASED;
import static nepi.core.resource.ResourceState.STARTED;
import static nepi.core.resource.ResourceState.STOPPED;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.RandomAccess;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Manages one resource of an experiment (a host, an application, a link...) through its
 * lifecycle: {@code NEW → DISCOVERED → PROVISIONED → READY → STARTED → STOPPED}, or
 * {@code FAILED}, and finally {@code RELEASED}.
 *
 * <p>A resource type is a subclass annotated with {@link ResourceType} that overrides the
 * {@code doX} hooks it needs, declares its attributes and traces as static fields, and is
 * registered with {@link ResourceFactory#registerType(Class)}:
 * <pre>{@code
 * @ResourceType("dummy::Node")
 * public class Node extends ResourceManager {
 *     public Node(ResourceContext ec, int guid) { super(ec, guid); }
 *     @Override protected void doDeploy() throws Exception { ...; super.doDeploy(); }
 * }
 * }</pre>
 * The constructor may take the {@code ExperimentController} instead of the
 * {@link ResourceContext} (as types written before the context existed do): the factory
 * passes the experiment controller, which is both.
 *
 * <p>Each public step ({@link #discover}, {@link #provision}, {@link #deploy},
 * {@link #start}, {@link #stop}) runs its hook under the RM's lock; an exception from a
 * hook moves the RM to FAILED, records the error, tells the EC, and is rethrown as a
 * {@link ResourceException}. An RM that must wait for another does not block: it calls
 * {@link #deferUntil} and returns. Once RELEASED, nothing changes an RM.
 */
public abstract class ResourceManager {

    /** Whether a failure of this RM aborts the experiment. */
    public static final Attribute<Boolean> CRITICAL = Attribute.ofBoolean(
                    "critical", "Whether a failure of this resource aborts the experiment")
            .withDefault(true);

    /** Whether the EC forgets this RM once it is released. */
    public static final Attribute<Boolean> HARD_RELEASE = Attribute.ofBoolean(
                    "hardRelease", "Whether release also removes the resource (and what it left on its host)")
            .withDefault(false);

    private static final Logger LOG = LoggerFactory.getLogger(ResourceManager.class);

    private final ResourceContext ec;
    private final int guid;
    private final ResourceTypeInfo type;
    private final StateMonitor monitor;
    /** Serialises the state-changing steps and release. */
    private final Object lock = new Object();
    /** Guards connections, conditions and enabled traces, which change while steps run. */
    private final Object configLock = new Object();

    private final AtomicReferenceArray<Object> values;
    private final Instant[] stateTimes = new Instant[ResourceState.values().length];
    /** Connected RMs by guid, kept as references: RMs waiting for a neighbour ask for it on every step. */
    private final Map<Integer, ResourceManager> connections = new LinkedHashMap<>(4);
    /**
     * {@link #connections}' values, replaced under {@link #configLock} on every change: the steps read them
     * (an application asks for its node on each deploy) without the lock, an iterator or a copy.
     */
    private volatile ResourceManager[] connected = new ResourceManager[0];

    private volatile ResourceState state = NEW;
    private volatile Map<ResourceAction, List<Condition>> conditions = Map.of();
    private volatile Set<String> enabledTraces;
    private volatile Throwable failure;
    private volatile int deploymentGroup;
    /**
     * What runs on this RM's next state change ({@link StateMonitor}): kept on the RM rather than in a map
     * by guid, so that a state change costs no lookup and no boxed guid. Swapped atomically by the monitor.
     */
    volatile Queue<Runnable> onNextChange;
    /** The step whose hook runs now (the innermost one: deploy runs discover); guarded by {@link #lock}. */
    private Step running;

    /**
     * @param ec the experiment this RM belongs to (an {@code ExperimentController} is one)
     * @param guid its identifier in the experiment
     */
    protected ResourceManager(ResourceContext ec, int guid) {
        this.ec = ec;
        this.guid = guid;
        this.type = ResourceFactory.typeOf(getClass());
        this.monitor = ec.getStateMonitor();
        this.values = new AtomicReferenceArray<>(type.getAttributes().size());
        this.stateTimes[NEW.ordinal()] = Instant.now();
    }

    // ---------------------------------------------------------------- identity

    /** The experiment this RM belongs to, as RMs see it (NEPI's {@code self.ec}). */
    public final ResourceContext getEc() {
        return ec;
    }

    public final int getGuid() {
        return guid;
    }

    /** What is known of this RM's type: name, help, attributes, traces. */
    public final ResourceTypeInfo getType() {
        return type;
    }

    /** The type's name, e.g. {@code linux::Node}. */
    public final String getRtype() {
        return type.getName();
    }

    public final ResourceState getState() {
        return state;
    }

    /** The deployment group this RM was deployed in; 0 before it was asked to deploy. */
    public final int getDeploymentGroup() {
        return deploymentGroup;
    }

    /**
     * Records that deployment of this RM was requested in a group. Called by the EC; from
     * then on {@link Attribute.Flag#DESIGN} attributes are frozen.
     */
    public final void joinDeploymentGroup(int group) {
        this.deploymentGroup = group;
    }

    /** The error that made this RM fail, if it failed. */
    public final Optional<Throwable> getFailure() {
        return Optional.ofNullable(failure);
    }

    /** A one-line reason for the failure, if it failed. */
    public final Optional<String> getFailureReason() {
        return getFailure().map(ResourceManager::describe);
    }

    /** Whether a failure of this RM aborts the experiment. */
    public final boolean isCritical() {
        return Boolean.TRUE.equals(get(CRITICAL));
    }

    // ---------------------------------------------------------------- state times

    /** When this RM entered {@code s}, or null if it never did. */
    public final Instant getStateTime(ResourceState s) {
        return stateTimes[s.ordinal()];
    }

    public final Instant getDiscoverTime() {
        return getStateTime(DISCOVERED);
    }

    public final Instant getProvisionTime() {
        return getStateTime(PROVISIONED);
    }

    public final Instant getReadyTime() {
        return getStateTime(READY);
    }

    public final Instant getStartTime() {
        return getStateTime(STARTED);
    }

    public final Instant getStopTime() {
        return getStateTime(STOPPED);
    }

    public final Instant getFailedTime() {
        return getStateTime(FAILED);
    }

    public final Instant getReleaseTime() {
        return getStateTime(RELEASED);
    }

    // ---------------------------------------------------------------- lifecycle steps

    /** Finds the resource this RM will manage (no-op unless the type overrides {@link #doDiscover}). */
    public final void discover() {
        step(Step.DISCOVER);
    }

    /** Makes the resource available to the experiment. */
    public final void provision() {
        step(Step.PROVISION);
    }

    /** Brings the RM to READY; refused (logged, no change) once the RM is past READY. */
    public final void deploy() {
        step(Step.DEPLOY);
    }

    /** Starts the resource; only from READY or STOPPED (otherwise logged, no change). */
    public final void start() {
        step(Step.START);
    }

    /** Stops the resource; only from STARTED (otherwise logged, no change). */
    public final void stop() {
        step(Step.STOP);
    }

    /**
     * Frees what the resource holds. An exception from {@link #doRelease} is logged and the
     * RM is still marked RELEASED.
     */
    public final void release() {
        if (state != RELEASED) {
            interruptRunningStep();
        }
        synchronized (lock) {
            if (state == RELEASED) {
                return;
            }
            try {
                doRelease();
            } catch (Exception | LinkageError e) {
                LOG.warn("{}: release failed: {}", this, describe(e), e);
                setReleased();
            }
        }
    }

    /**
     * Called by {@link #release()} before it takes this RM's lock, on the releasing thread: a
     * type whose step may run for long while holding the lock (a build that takes minutes)
     * stops that step here, so that release does not wait for it. Does nothing by default.
     */
    protected void interruptRunningStep() {}

    /**
     * Marks the RM FAILED with {@code cause} and runs {@link #doFail}; the EC evaluates the
     * failure as the RM enters FAILED. For
     * failures noticed outside a step (a process that exited with an error, say).
     */
    protected final void fail(Throwable cause) {
        synchronized (lock) {
            if (state == RELEASED || state == FAILED) {
                return;
            }
            failure = cause;
            try {
                doFail();
            } catch (Exception e) {
                LOG.warn("{}: doFail failed: {}", this, describe(e), e);
            }
            if (state != FAILED) {
                setFailed();
            }
        }
    }

    /**
     * The public steps. A switch on these rather than a lambda per step: in a fresh JVM, the 20
     * workers meeting a lambda's call site for the first time at once each spin a class for it
     * (dozens of classes, milliseconds each, in the first deploy of a script).
     */
    private enum Step {
        DISCOVER("discover"),
        PROVISION("provision"),
        DEPLOY("deploy"),
        START("start"),
        STOP("stop");

        final String label;

        Step(String label) {
            this.label = label;
        }
    }

    private void step(Step step) {
        synchronized (lock) {
            if (state == RELEASED) {
                LOG.debug("{}: {} ignored, already released", this, step.label);
                return;
            }
            Step outer = running;
            running = step;
            try {
                runHook(step);
            } catch (ResourceException e) {
                fail(e.getCause() != null ? e.getCause() : e);
                throw e;
            } catch (Exception | LinkageError e) {
                fail(e);
                throw new ResourceException(this + ": " + step.label + " failed: " + describe(e), e);
            } finally {
                running = outer;
            }
        }
    }

    /** Under the lock: the hook of {@code step}, when the RM's state allows it. */
    private void runHook(Step step) throws Exception {
        ResourceState s = state;
        switch (step) {
            case DISCOVER -> {
                if (s.isBefore(DISCOVERED)) {
                    doDiscover();
                }
            }
            case PROVISION -> {
                if (s.isBefore(PROVISIONED)) {
                    doProvision();
                }
            }
            case DEPLOY -> {
                if (s.isBefore(READY)) {
                    doDeploy();
                } else if (s != READY) {
                    LOG.warn("{}: deploy refused, it is already {}", this, s);
                }
            }
            case START -> {
                if (s == READY || s == STOPPED) {
                    doStart();
                } else if (s != RELEASED) {
                    LOG.warn("{}: start refused, it is {} (start needs READY or STOPPED)", this, s);
                }
            }
            case STOP -> {
                if (s == STARTED) {
                    doStop();
                } else if (s.isBefore(STARTED)) {
                    LOG.warn("{}: stop refused, it is {} (stop needs STARTED)", this, s);
                }
            }
        }
    }

    // ---------------------------------------------------------------- hooks

    /** Finds the resource; the default just marks the RM DISCOVERED. */
    protected void doDiscover() throws Exception {
        setDiscovered();
    }

    /** Makes the resource available; the default just marks the RM PROVISIONED. */
    protected void doProvision() throws Exception {
        setProvisioned();
    }

    /**
     * Prepares the resource. The default discovers and provisions when not done yet, then
     * marks the RM READY; overrides do their work and call {@code super.doDeploy()}.
     */
    protected void doDeploy() throws Exception {
        if (state == NEW) {
            discover();
        }
        if (state == DISCOVERED) {
            provision();
        }
        setReady();
    }

    /** Starts the resource; the default just marks the RM STARTED. */
    protected void doStart() throws Exception {
        setStarted();
    }

    /** Stops the resource; the default just marks the RM STOPPED. */
    protected void doStop() throws Exception {
        setStopped();
    }

    /** Frees the resource; the default just marks the RM RELEASED. */
    protected void doRelease() throws Exception {
        setReleased();
    }

    /** Reacts to a failure; the default marks the RM FAILED. */
    protected void doFail() throws Exception {
        setFailed();
    }

    /**
     * Refuses a connection this type cannot have by throwing
     * {@link IllegalArgumentException}; the default accepts every connection.
     */
    protected void checkConnection(ResourceManager other) {}

    // ---------------------------------------------------------------- state setters

    protected final void setDiscovered() {
        changeState(DISCOVERED);
    }

    protected final void setProvisioned() {
        changeState(PROVISIONED);
    }

    protected final void setReady() {
        changeState(READY);
    }

    protected final void setStarted() {
        changeState(STARTED);
    }

    protected final void setStopped() {
        changeState(STOPPED);
    }

    protected final void setFailed() {
        changeState(FAILED);
    }

    protected final void setReleased() {
        changeState(RELEASED);
    }

    private void changeState(ResourceState to) {
        synchronized (lock) {
            ResourceState from = state;
            if (from == RELEASED || from == to) {
                return;
            }
            Instant now = Instant.now();
            stateTimes[to.ordinal()] = now;
            state = to;
            monitor.stateChanged(this, from, to, now);
        }
    }

    // ---------------------------------------------------------------- waiting for others

    /**
     * Defers the current step until {@code other} reaches {@code wanted}: when it has not yet,
     * {@code step} is run again (on a worker) once it changes state, and this returns true;
     * the hook should then return. Returns false when {@code other} is already there.
     *
     * @throws ResourceException when {@code other} failed or was released, so it never will
     */
    protected final boolean deferUntil(ResourceManager other, ResourceState wanted, Runnable step) {
        return deferUntil(List.of(other), wanted, step);
    }

    /** Like {@link #deferUntil(ResourceManager, ResourceState, Runnable)}, for several RMs. */
    protected final boolean deferUntil(
            Collection<? extends ResourceManager> others, ResourceState wanted, Runnable step) {
        return defer(others, wanted, null, step);
    }

    /**
     * Like {@link #deferUntil(ResourceManager, ResourceState, Runnable)}, running again the step
     * whose hook calls this ({@link #deploy} for {@link #doDeploy}, {@link #start} for
     * {@link #doStart}...): {@code if (deferUntil(node, READY)) return;}.
     *
     * @throws IllegalStateException when called outside a hook run by a step
     */
    protected final boolean deferUntil(ResourceManager other, ResourceState wanted) {
        return deferUntil(List.of(other), wanted);
    }

    /** Like {@link #deferUntil(ResourceManager, ResourceState)}, for several RMs. */
    protected final boolean deferUntil(Collection<? extends ResourceManager> others, ResourceState wanted) {
        Step current = running;
        if (current == null || !Thread.holdsLock(lock)) {
            throw new IllegalStateException(this + ": deferUntil without a step to run again works only inside a"
                    + " hook (doDeploy, doStart...) run by its step; elsewhere pass the step, as in"
                    + " deferUntil(other, READY, this::deploy)");
        }
        return defer(others, wanted, current, null);
    }

    /** Defers until every RM of {@code others} reached {@code wanted}, then runs {@code step} (or {@code runnable}). */
    private boolean defer(
            Collection<? extends ResourceManager> others, ResourceState wanted, Step step, Runnable runnable) {
        // Indexed when it can be: an iterator per deferred step is garbage in a fresh JVM's first deploy.
        List<? extends ResourceManager> list =
                others instanceof List<? extends ResourceManager> l && l instanceof RandomAccess
                        ? l
                        : new ArrayList<>(others);
        for (int i = 0, n = list.size(); i < n; i++) {
            ResourceManager other = list.get(i);
            ResourceState s = other.getState();
            if (wanted != RELEASED && (s == FAILED || s == RELEASED) && s != wanted) {
                throw new ResourceException(this + " needs " + other + " " + wanted + ", but it is " + s);
            }
            if (s.isBefore(wanted)) {
                monitor.resumeWhenLeft(other, s, ec, runnable != null ? runnable : new Retry(this, null, step));
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- conditions

    /** Adds a condition on {@code action}. The EC's {@code registerCondition} validates and calls this. */
    public final void addCondition(ResourceAction action, Condition condition) {
        synchronized (configLock) {
            Map<ResourceAction, List<Condition>> copy = new EnumMap<>(ResourceAction.class);
            copy.putAll(conditions);
            List<Condition> list = new ArrayList<>(copy.getOrDefault(action, List.of()));
            list.add(condition);
            copy.put(action, List.copyOf(list));
            conditions = copy;
        }
    }

    /**
     * Removes {@code guids} from the conditions on {@code action} (every action when null);
     * conditions left with no RM to wait for disappear.
     */
    public final void removeConditionsOn(Collection<Integer> guids, ResourceAction action) {
        synchronized (configLock) {
            Map<ResourceAction, List<Condition>> copy = new EnumMap<>(ResourceAction.class);
            for (Map.Entry<ResourceAction, List<Condition>> e : conditions.entrySet()) {
                if (action != null && e.getKey() != action) {
                    copy.put(e.getKey(), e.getValue());
                    continue;
                }
                List<Condition> kept = new ArrayList<>();
                for (Condition c : e.getValue()) {
                    Set<Integer> left = new HashSet<>(c.guids());
                    left.removeAll(guids);
                    if (!left.isEmpty()) {
                        kept.add(new Condition(left, c.state(), c.delay()));
                    }
                }
                if (!kept.isEmpty()) {
                    copy.put(e.getKey(), List.copyOf(kept));
                }
            }
            conditions = copy;
        }
    }

    /** Whether this RM has a condition on any action. */
    public final boolean hasConditions() {
        return !conditions.isEmpty();
    }

    /** The conditions on {@code action}. */
    public final List<Condition> getConditions(ResourceAction action) {
        return conditions.getOrDefault(action, List.of());
    }

    /**
     * Deploys once the DEPLOY conditions hold (re-checked as the RMs waited for change). Does
     * nothing out of a deployment group: a step left from a deployment abandoned by an abort
     * (see {@code ExperimentController.recover()}) must not resume on its own.
     */
    public final void deployWithConditions() {
        if (ec.isAborted() || deploymentGroup == 0 || !state.isBefore(READY)) {
            return;
        }
        if (conditionsHold(getConditions(ResourceAction.DEPLOY), ResourceAction.DEPLOY, null)) {
            deploy();
        }
    }

    /** Starts once READY and the START conditions hold. */
    public final void startWithConditions() {
        ResourceState s = state;
        if (ec.isAborted()) {
            return;
        }
        if (s.isBefore(READY)) {
            monitor.resumeWhenLeft(this, s, ec, new Retry(this, ResourceAction.START, null));
        } else if ((s == READY || s == STOPPED)
                && conditionsHold(getConditions(ResourceAction.START), ResourceAction.START, null)) {
            start();
        }
    }

    /** Stops once STARTED and the STOP conditions hold. */
    public final void stopWithConditions() {
        ResourceState s = state;
        if (ec.isAborted()) {
            return;
        }
        if (s.isBefore(STARTED)) {
            monitor.resumeWhenLeft(this, s, ec, new Retry(this, ResourceAction.STOP, null));
        } else if (s == STARTED && conditionsHold(getConditions(ResourceAction.STOP), ResourceAction.STOP, null)) {
            stop();
        }
    }

    /**
     * Sets attribute {@code name} once every RM of {@code guids} reached {@code waited} (and
     * {@code delay} passed). The value is checked now, so a bad one is refused at once.
     */
    public final void setWithConditions(
            String name, Object value, Collection<Integer> guids, ResourceState waited, Duration delay) {
        Object converted = type.getAttribute(name).convert(value);
        List<Condition> condition = List.of(new Condition(Set.copyOf(guids), waited, delay));
        Runnable retry = () -> setWithConditions(name, converted, guids, waited, delay);
        if (state != RELEASED && !ec.isAborted() && conditionsHold(condition, null, retry)) {
            set(name, converted);
        }
    }

    /**
     * Runs {@link #deployWithConditions}, {@link #startWithConditions} or {@link #stopWithConditions} again: a
     * class rather than a method reference, made only when a condition does not hold (see {@link Step}).
     */
    private static final class Retry implements Runnable {
        private final ResourceManager rm;
        /** The action whose step with conditions runs again; null when {@link #step} is given. */
        private final ResourceAction action;
        /** The step that runs again, or null. */
        private final Step step;

        Retry(ResourceManager rm, ResourceAction action, Step step) {
            this.rm = rm;
            this.action = action;
            this.step = step;
        }

        @Override
        public void run() {
            if (step != null) {
                rm.step(step);
                return;
            }
            switch (action) {
                case DEPLOY -> rm.deployWithConditions();
                case START -> rm.startWithConditions();
                case STOP -> rm.stopWithConditions();
            }
        }

        @Override
        public String toString() {
            return (step != null ? step.label : action.name().toLowerCase(java.util.Locale.ROOT) + " with conditions")
                    + " of " + rm;
        }
    }

    /**
     * Whether every condition holds now. When one does not, arranges for the step to run again
     * when it may (a state change of what is waited for, or the end of a delay): {@code retry},
     * or when null, the step of {@code action} with its conditions.
     */
    private boolean conditionsHold(List<Condition> list, ResourceAction action, Runnable retry) {
        if (list.isEmpty()) {
            return true;
        }
        Instant now = null;
        for (Condition condition : list) {
            for (int other : condition.guids()) {
                ResourceManager rm = ec.findResource(other).orElse(null);
                if (rm == null) {
                    continue;
                }
                ResourceState s = rm.getState();
                if (s == FAILED && condition.state() != FAILED) {
                    if (rm.isCritical()) {
                        // Its failure aborts the experiment, but the abort is decided on the failing
                        // RM's thread just after its state changed: decide it now, so that this RM
                        // gives up like every pending step instead of racing the abort into failing.
                        ec.informFailure(other);
                        if (ec.isAborted()) {
                            return false;
                        }
                        ResourceException e = new ResourceException(
                                this + " waited for " + rm + " to be " + condition.state() + ", but it FAILED");
                        fail(e);
                        throw e;
                    }
                    continue;
                }
                if (s.isBefore(condition.state())) {
                    monitor.resumeWhenLeft(rm, s, ec, retry != null ? retry : new Retry(this, action, null));
                    return false;
                }
                Instant entered = rm.getStateTime(condition.state());
                if (condition.delay() != null && entered != null) {
                    if (now == null) {
                        now = Instant.now();
                    }
                    Instant due = entered.plus(condition.delay());
                    if (now.isBefore(due)) {
                        ec.schedule(Duration.between(now, due), retry != null ? retry : new Retry(this, action, null));
                        return false;
                    }
                }
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- connections

    /**
     * Connects this RM with {@code other}, both ways, after both types accepted it.
     *
     * @throws IllegalArgumentException when either type refuses the connection
     */
    public final void connect(ResourceManager other) {
        if (other == this) {
            throw new IllegalArgumentException(this + " cannot be connected to itself");
        }
        checkConnection(other);
        other.checkConnection(this);
        synchronized (configLock) {
            connections.put(other.guid, other);
            connected = connections.values().toArray(new ResourceManager[0]);
        }
        synchronized (other.configLock) {
            other.connections.put(guid, this);
            other.connected = other.connections.values().toArray(new ResourceManager[0]);
        }
    }

    /** Forgets the connection with {@code other} (on this side only). */
    public final void disconnect(int other) {
        synchronized (configLock) {
            connections.remove(other);
            connected = connections.values().toArray(new ResourceManager[0]);
        }
    }

    /** The guids of the RMs connected to this one. */
    public final List<Integer> getConnections() {
        synchronized (configLock) {
            return List.copyOf(connections.keySet());
        }
    }

    /** The connected RMs. */
    public final List<ResourceManager> getConnected() {
        return new ArrayList<>(Arrays.asList(connected));
    }

    /** The connected RMs of the type named {@code rtype} or a subtype of it. */
    public final List<ResourceManager> getConnected(String rtype) {
        return List.copyOf(getConnected(ResourceFactory.getType(rtype).getResourceClass()));
    }

    /** The connected RMs of class {@code rmClass} or a subclass. */
    public final <T extends ResourceManager> List<T> getConnected(Class<T> rmClass) {
        List<T> list = new ArrayList<>(2);
        for (ResourceManager rm : connected) { // an array: no lock, no iterator
            if (rmClass.isInstance(rm)) {
                list.add(rmClass.cast(rm));
            }
        }
        return list;
    }

    // ---------------------------------------------------------------- attributes

    /** The type's attributes. */
    public final List<Attribute<?>> getAttributes() {
        return type.getAttributes();
    }

    /**
     * The value of attribute {@code name} as a user reads it.
     *
     * @throws IllegalArgumentException for an unknown attribute (listing the type's) or a NoRead one
     */
    public final Object get(String name) {
        Attribute<?> attr = type.getAttribute(name);
        if (attr.hasFlag(Attribute.Flag.NO_READ)) {
            throw new IllegalArgumentException("attribute '" + name + "' of " + getRtype() + " cannot be read");
        }
        return get(attr);
    }

    /** The value of an attribute, as the RM's own code reads it (no flag checks). */
    public final <T> T get(Attribute<T> attr) {
        if (attr.hasFlag(Attribute.Flag.GLOBAL)) {
            return attr.getValueClass().cast(ec.getGlobal(type, type.getAttribute(attr.getName())));
        }
        int i = type.indexOf(attr.getName());
        if (i < 0) {
            throw new IllegalArgumentException(getRtype() + " has no attribute '" + attr.getName() + "'");
        }
        Object value = values.get(i);
        @SuppressWarnings("unchecked")
        Attribute<T> own = (Attribute<T>) type.getAttributes().get(i);
        return value != null ? own.getValueClass().cast(value) : own.getDefault();
    }

    /**
     * Sets attribute {@code name} as a user does: the value is converted and validated, and
     * refused with a message saying what is accepted; NoWrite attributes, Design attributes
     * once deployment was requested, and released RMs refuse changes. Null restores the default.
     */
    public final void set(String name, Object value) {
        Attribute<?> attr = type.getAttribute(name);
        if (attr.hasFlag(Attribute.Flag.NO_WRITE)) {
            throw new IllegalArgumentException("attribute '" + name + "' of " + getRtype() + " is read-only");
        }
        if (attr.hasFlag(Attribute.Flag.DESIGN) && (deploymentGroup != 0 || state != NEW)) {
            throw new IllegalStateException("attribute '" + name + "' of " + this
                    + " is a design attribute: it can only change before deploy (the RM is " + state + ")");
        }
        store(attr, value);
    }

    /** Sets an attribute from the RM's own code: validated, but no flag checks. */
    public final <T> void set(Attribute<T> attr, T value) {
        store(type.getAttribute(attr.getName()), value);
    }

    private <T> void store(Attribute<T> attr, Object value) {
        if (state == RELEASED) {
            throw new IllegalStateException(this + " is RELEASED: its attributes can no longer change");
        }
        T converted;
        try {
            converted = attr.convert(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(this + ": " + e.getMessage(), e);
        }
        if (converted != null) {
            checkValue(attr, converted);
        }
        if (attr.hook() != null) {
            try {
                converted = attr.hook().apply(this, converted);
            } catch (Exception e) {
                throw new IllegalArgumentException(
                        this + ": attribute '" + attr.getName() + "' refused the value: " + describe(e), e);
            }
        }
        if (attr.hasFlag(Attribute.Flag.GLOBAL)) {
            ec.setGlobal(getRtype(), attr.getName(), converted);
        } else {
            values.set(type.indexOf(attr.getName()), converted);
        }
    }

    /**
     * Checks a value about to be stored in {@code attr} (converted to the attribute's type, not
     * null) against rules of the RM's family that an attribute declaration cannot state, e.g. the
     * value types of a simulator's own attributes. Refuses it with an IllegalArgumentException
     * whose message names the RM and says what is accepted. Accepts everything by default.
     */
    protected void checkValue(Attribute<?> attr, Object value) {}

    /** Whether the attribute was given a value (rather than holding its default). */
    public final boolean isSet(String name) {
        int i = type.indexOf(type.getAttribute(name).getName());
        return values.get(i) != null;
    }

    // ---------------------------------------------------------------- traces

    /** The type's traces. */
    public final List<Trace> getTraces() {
        return type.getTraces();
    }

    /** Asks for trace {@code name} to be collected. */
    public final void enableTrace(String name) {
        type.getTrace(name);
        synchronized (configLock) {
            Set<String> enabled = enabledTraces == null ? new HashSet<>() : new HashSet<>(enabledTraces);
            enabled.add(name);
            enabledTraces = Set.copyOf(enabled);
        }
    }

    /** Whether trace {@code name} is collected (enabled by default, or enabled by the user). */
    public final boolean traceEnabled(String name) {
        Trace trace = type.getTrace(name);
        Set<String> enabled = enabledTraces;
        return trace.enabledByDefault() || (enabled != null && enabled.contains(name));
    }

    /** The whole content of trace {@code name} (empty before it exists). */
    public final String trace(String name) {
        return trace(name, TraceAttr.ALL, 0, 0);
    }

    /**
     * Information on trace {@code name}: its content ({@link TraceAttr#ALL}), one block of
     * {@code block} bytes at block index {@code offset} ({@link TraceAttr#STREAM}), its path
     * ({@link TraceAttr#PATH}) or its size in bytes ({@link TraceAttr#SIZE}).
     */
    public final String trace(String name, TraceAttr attr, int block, long offset) {
        type.getTrace(name);
        if (attr == TraceAttr.STREAM && (block <= 0 || offset < 0)) {
            throw new IllegalArgumentException("a trace STREAM read needs block > 0 and offset >= 0 (got block " + block
                    + ", offset " + offset + ")");
        }
        TraceSource source = traceSource(name);
        try {
            return switch (attr) {
                case PATH -> source == null ? null : source.path();
                case SIZE -> String.valueOf(source == null ? 0 : source.size());
                case STREAM -> source == null
                        ? ""
                        : new String(source.read(block * offset, block), StandardCharsets.UTF_8);
                case ALL -> source == null ? "" : readAll(source);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(this + ": cannot read trace '" + name + "': " + e.getMessage(), e);
        }
    }

    private static String readAll(TraceSource source) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long position = 0;
        while (true) {
            byte[] chunk = source.read(position, 1 << 20);
            if (chunk.length == 0) {
                return out.toString(StandardCharsets.UTF_8);
            }
            out.write(chunk);
            position += chunk.length;
        }
    }

    /**
     * Where trace {@code name} can be read, or null when there is nothing yet. RMs that
     * produce traces override this.
     */
    public TraceSource traceSource(String name) {
        return null;
    }

    // ---------------------------------------------------------------- misc

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    @Override
    public String toString() {
        return getRtype() + " #" + guid;
    }
}
