package nepi.core;

import static nepi.core.resource.ResourceState.NEW;
import static nepi.core.resource.ResourceState.READY;
import static nepi.core.resource.ResourceState.RELEASED;
import static nepi.core.resource.ResourceState.STARTED;
import static nepi.core.resource.ResourceState.STOPPED;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import nepi.core.exec.ExecOptions;
import nepi.core.exec.ExecResult;
import nepi.core.exec.NodeCommands;
import nepi.core.exec.RunningCommand;
import nepi.core.resource.Attribute;
import nepi.core.resource.Condition;
import nepi.core.resource.ResourceAction;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceFactory;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.core.resource.ResourceTypeInfo;
import nepi.core.resource.StateChange;
import nepi.core.resource.StateListener;
import nepi.core.resource.StateMonitor;
import nepi.core.resource.Trace;
import nepi.core.resource.TraceAttr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one experiment: the graph of resources (RMs) it is made of, their configuration,
 * the conditions that order them, and their deployment, execution and release.
 *
 * <p>An experiment is described by registering resources, setting their attributes and
 * connecting them; nothing happens on any host until {@link #deploy()}. More resources can
 * be registered and deployed while an experiment runs ("interactive deployment").
 * <pre>{@code
 * try (ExperimentController ec = new ExperimentController("ping-test")) {
 *     int node = ec.registerResource("linux::Node", Map.of("hostname", "localhost"));
 *     int app = ec.registerResource("linux::Application", Map.of("command", "ping -c3 127.0.0.1"));
 *     ec.registerConnection(app, node);
 *     ec.deploy();
 *     ec.waitFinished(app);
 *     System.out.println(ec.trace(app, "stdout"));
 * }
 * }</pre>
 *
 * <p>The {@code expId} names the experiment (reusable across runs); the {@code runId}
 * identifies this run. Local results live under {@link #getRunDir()}. Work is done on a
 * time-ordered scheduler with a pool of worker threads ({@code NEPI_NTHREADS} or the
 * {@code nepi.nthreads} property, default 20). Waits are woken by the state changes
 * themselves.
 *
 * <p>Applications are critical by default: the failure of a critical RM aborts the
 * experiment (level {@link FailureLevel#RM_FAILURE}); pending work is abandoned and
 * {@link #deploy()} is refused until {@link #recover()}, which lets an interactive session
 * go on with the failed RMs left FAILED.
 *
 * <p>Every method that takes guids refuses unknown ones (and any other bad input) with an
 * {@link IllegalArgumentException} that says what was wrong, before changing anything.
 *
 * <p>Resource managers see the experiment through the narrower {@link ResourceContext},
 * which the controller implements.
 */
public class ExperimentController implements ResourceContext, AutoCloseable {

    static final Logger LOG = LoggerFactory.getLogger(ExperimentController.class);
    /** The state changes of RMs, at DEBUG: the logger they were always written to. */
    private static final Logger STATE_LOG = LoggerFactory.getLogger(ResourceManager.class);

    private static final Pattern EXP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
    private static final AtomicLong LAST_RUN_ID = new AtomicLong();
    /** {@link TimeSpec#MAX_DELAY} in whole seconds, a compile-time constant. */
    private static final long MAX_DELAY_SECONDS = Long.MAX_VALUE / 1_000_000_000L;

    private final String expId;
    private final String runId;
    private final Path localDir;
    private final ConcurrentSkipListMap<Integer, ResourceManager> resources = new ConcurrentSkipListMap<>();
    /**
     * The same RMs for lookups by guid, which every step of an RM waiting for another makes:
     * a hash lookup instead of the ordered map's O(log n) comparisons.
     */
    private final Map<Integer, ResourceManager> byGuid = new ConcurrentHashMap<>();
    /** Bumped after every change of {@link #resources}: a {@link #snapshot} of another version is stale. */
    private final AtomicLong resourcesVersion = new AtomicLong();
    /** Every RM in guid order, as of a version; see {@link #allResources()}. */
    private volatile Snapshot snapshot;

    private record Snapshot(long version, List<ResourceManager> rms) {}

    private final AtomicInteger guids = new AtomicInteger();
    private final Map<Long, Task> trackedTasks = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> globals = new ConcurrentHashMap<>();
    private final List<ExperimentListener> listeners = new CopyOnWriteArrayList<>();
    private final StateMonitor monitor = new StateMonitor();
    private final Scheduler scheduler;
    /**
     * Whether state changes are logged (at DEBUG, on the logger of {@code ResourceManager}), as decided when the
     * experiment is created: asking the logger on each of a deploy's 60,000 changes was a good part of a fresh
     * JVM's state changes, run interpreted.
     */
    private final boolean logStateChanges = STATE_LOG.isDebugEnabled();

    private final FailurePolicy failures = new FailurePolicy(this::abortPendingWork);
    private final Deployer deployer;
    private volatile boolean shuttingDown;
    private volatile EcState ecState = EcState.RUNNING;
    private volatile Map<String, Integer> savedNames = Map.of();

    /**
     * An experiment with a generated id ({@code exp-<16 hex>}), results under the default local
     * dir: {@code NEPI_LOCAL_DIR}, else the {@code nepi.localDir} property, else the system temp dir.
     */
    public ExperimentController() {
        this(null, null);
    }

    /** An experiment named {@code expId}, results under the default local dir (see {@link #ExperimentController()}). */
    public ExperimentController(String expId) {
        this(expId, null);
    }

    /**
     * An experiment named {@code expId} (null: generated) keeping its results under
     * {@code localDir} (null: the default local dir, see {@link #ExperimentController()}).
     *
     * @throws IllegalArgumentException for an expId that cannot name a directory
     */
    public ExperimentController(String expId, Path localDir) {
        if (expId != null && !EXP_ID.matcher(expId).matches()) {
            throw new IllegalArgumentException("expId \"" + expId + "\" cannot name a directory; accepted: letters,"
                    + " digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters");
        }
        this.expId = expId != null ? expId : "exp-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
        this.runId = nextRunId();
        this.localDir = localDir != null ? localDir : defaultLocalDir();
        this.scheduler = new Scheduler("nepi-" + this.expId, Scheduler.configuredThreads());
        this.deployer = new Deployer(this::findResource, scheduler::scheduleAll, () -> shuttingDown);
        monitor.addListener(new StateListener() {
            @Override
            public void stateChanged(StateChange change) {
                onStateChange(byGuid.get(change.guid()), change.from(), change.to(), change.at());
            }

            @Override
            public void stateChanged(ResourceManager rm, ResourceState from, ResourceState to, Instant at) {
                onStateChange(rm, from, to, at);
            }
        });
    }

    /** {@code NEPI_LOCAL_DIR}, else the {@code nepi.localDir} property, else the system temp dir. */
    private static Path defaultLocalDir() {
        String fromEnv = System.getenv("NEPI_LOCAL_DIR");
        String fromProperty = System.getProperty("nepi.localDir");
        String dir = fromEnv != null && !fromEnv.isBlank()
                ? fromEnv
                : fromProperty != null && !fromProperty.isBlank() ? fromProperty : System.getProperty("java.io.tmpdir");
        return Path.of(dir);
    }

    private static String nextRunId() {
        long candidate = Long.parseLong(RUN_ID.format(LocalDateTime.now()));
        long id = LAST_RUN_ID.updateAndGet(last -> Math.max(last + 1, candidate));
        return Long.toString(id);
    }

    // ================================================================ identity and state

    /** The experiment's id, chosen by the user or generated. */
    @Override
    public String getExpId() {
        return expId;
    }

    /** This run's id: a timestamp, unique within this JVM. */
    @Override
    public String getRunId() {
        return runId;
    }

    /** Where local results of all experiments go. */
    @Override
    public Path getLocalDir() {
        return localDir;
    }

    /** Where this run's local results go: {@code <localDir>/<expId>/<runId>/} (created by whoever writes there). */
    @Override
    public Path getRunDir() {
        return localDir.resolve(expId).resolve(runId);
    }

    /** RUNNING, FAILED (its own machinery failed) or TERMINATED (shut down). */
    public EcState getEcState() {
        return ecState;
    }

    /** OK, RM_FAILURE (a critical RM failed) or EC_FAILURE. */
    public FailureLevel getFailureLevel() {
        return failures.level();
    }

    /**
     * Whether pending work was abandoned: a critical RM failed (until {@link #recover()}), or
     * shutdown began. Deploys, starts and stops waiting for conditions then give up, and waits return.
     */
    @Override
    public boolean isAborted() {
        return failures.aborted() || shuttingDown;
    }

    /**
     * The monitor through which this experiment's RMs report state changes (RMs use it;
     * most code wants {@link #addListener} instead).
     */
    @Override
    public StateMonitor getStateMonitor() {
        return monitor;
    }

    // ================================================================ listeners

    /** Subscribes to the experiment's events (registrations, state changes, failures). */
    public void addListener(ExperimentListener listener) {
        listeners.add(listener);
    }

    /** Unsubscribes a listener added with {@link #addListener}. */
    public void removeListener(ExperimentListener listener) {
        listeners.remove(listener);
    }

    private void tell(Consumer<ExperimentListener> event) {
        for (ExperimentListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.error("experiment listener {} failed", listener, e);
            }
        }
    }

    // ================================================================ resources

    /**
     * Registers a new RM of type {@code rtype} (a name such as {@code "linux::Node"} or an
     * alias such as {@code "LinuxNode"}).
     *
     * @return its guid
     * @throws IllegalArgumentException for an unknown type (with close names suggested)
     */
    public int registerResource(String rtype) {
        return registerResource(rtype, Map.of());
    }

    /**
     * Registers a new RM of type {@code rtype} with these attribute values. When any value
     * is refused, nothing is registered.
     *
     * @return its guid
     * @throws IllegalArgumentException for an unknown type, an unknown attribute or a refused value
     * @throws IllegalStateException when every guid up to {@link Integer#MAX_VALUE} is taken
     */
    public int registerResource(String rtype, Map<String, ?> attributes) {
        checkRunning();
        int previous = guids.getAndUpdate(g -> g == Integer.MAX_VALUE ? g : g + 1);
        if (previous == Integer.MAX_VALUE) {
            throw new IllegalStateException(
                    "no guid is left: guids go up to " + Integer.MAX_VALUE + "; start a new experiment");
        }
        int guid = previous + 1;
        try {
            register(rtype, guid, attributes);
        } catch (RuntimeException e) {
            guids.compareAndSet(guid, guid - 1);
            throw e;
        }
        return guid;
    }

    /** Registers an RM with a given guid (loading a description); later guids come after it. */
    void registerResource(String rtype, int guid, Map<String, ?> attributes) {
        if (resources.containsKey(guid)) {
            throw new IllegalArgumentException("guid " + guid + " is already taken by " + resources.get(guid));
        }
        register(rtype, guid, attributes);
        guids.accumulateAndGet(guid, Math::max);
    }

    private void register(String rtype, int guid, Map<String, ?> attributes) {
        ResourceTypeInfo type = ResourceFactory.getType(rtype);
        for (String name : attributes.keySet()) {
            type.getAttribute(name);
        }
        ResourceManager rm = ResourceFactory.create(type.getName(), this, guid);
        attributes.forEach(rm::set);
        byGuid.put(guid, rm);
        resources.put(guid, rm);
        resourcesVersion.incrementAndGet();
        tell(l -> l.resourceRegistered(guid, type.getName()));
    }

    /**
     * The RM of guid {@code guid}.
     *
     * @throws IllegalArgumentException when there is none
     */
    @Override
    public ResourceManager getResource(int guid) {
        ResourceManager rm = byGuid.get(guid);
        if (rm == null) {
            throw new IllegalArgumentException(unknownGuid(guid));
        }
        return rm;
    }

    /** The RM of guid {@code guid}, if there is one. */
    @Override
    public Optional<ResourceManager> findResource(int guid) {
        return Optional.ofNullable(byGuid.get(guid));
    }

    private String unknownGuid(int guid) {
        if (resources.isEmpty()) {
            return "no resource has guid " + guid + ": the experiment has no resources yet";
        }
        return "no resource has guid " + guid + "; the experiment's guids go from " + resources.firstKey() + " to "
                + resources.lastKey() + " (" + resources.size() + " resources)";
    }

    /** The guids of every RM, in order. */
    @Override
    public List<Integer> getResources() {
        return List.copyOf(resources.keySet());
    }

    /**
     * Every RM, in guid order. Deploy, wait and release of every RM each walk them all: the walk of the
     * ordered map is made once per change of the experiment's RMs, not once per call (with 10,000 RMs it
     * was a good part of a fresh JVM's serial deploy).
     */
    private List<ResourceManager> allResources() {
        long version = resourcesVersion.get();
        Snapshot s = snapshot;
        if (s != null && s.version() == version) {
            return s.rms();
        }
        List<ResourceManager> rms = List.copyOf(resources.values());
        snapshot = new Snapshot(version, rms);
        return rms;
    }

    /** The guids of the RMs of type {@code rtype} or a subtype of it. */
    public List<Integer> filterResources(String rtype) {
        Class<? extends ResourceManager> wanted = ResourceFactory.getType(rtype).getResourceClass();
        List<Integer> found = new ArrayList<>();
        for (ResourceManager rm : resources.values()) {
            if (wanted.isInstance(rm)) {
                found.add(rm.getGuid());
            }
        }
        return found;
    }

    /**
     * Forgets an RM. Only a NEW (never deployed) or RELEASED one can be removed, so
     * nothing it holds is left behind.
     *
     * @throws IllegalArgumentException for an unknown guid
     * @throws IllegalStateException when the RM is in use
     */
    public void removeResource(int guid) {
        ResourceManager rm = getResource(guid);
        ResourceState state = rm.getState();
        if (!(state == RELEASED || state == NEW && rm.getDeploymentGroup() == 0)) {
            throw new IllegalStateException(rm + " is " + state + "; release it before removing it");
        }
        forget(rm);
    }

    private void forget(ResourceManager rm) {
        int guid = rm.getGuid();
        if (resources.remove(guid) == null) {
            return;
        }
        byGuid.remove(guid);
        resourcesVersion.incrementAndGet();
        for (int other : rm.getConnections()) {
            findResource(other).ifPresent(o -> o.disconnect(guid));
        }
        deployer.forget(rm);
        tell(l -> l.resourceRemoved(guid));
    }

    /**
     * Connects two RMs (the connection is symmetric).
     *
     * @throws IllegalArgumentException for an unknown guid, or when either type refuses it
     */
    public void registerConnection(int guid1, int guid2) {
        ResourceManager rm1 = getResource(guid1);
        ResourceManager rm2 = getResource(guid2);
        rm1.connect(rm2);
    }

    // ================================================================ conditions

    /**
     * Lets {@code guid1} perform {@code action} only once {@code guid2} reached
     * {@code state}.
     */
    public void registerCondition(int guid1, ResourceAction action, int guid2, ResourceState state) {
        registerCondition(List.of(guid1), action, List.of(guid2), state, null);
    }

    /**
     * Lets {@code guid1} perform {@code action} only once {@code guid2} reached {@code state}
     * at least {@code time} ago ({@code "2s"}, {@code "500ms"}...; null for no delay).
     */
    public void registerCondition(int guid1, ResourceAction action, int guid2, ResourceState state, String time) {
        registerCondition(List.of(guid1), action, List.of(guid2), state, time);
    }

    /** Lets {@code guid1} perform {@code action} only once every RM of {@code guids2} reached {@code state} ({@code time} ago). */
    public void registerCondition(
            int guid1, ResourceAction action, Collection<Integer> guids2, ResourceState state, String time) {
        registerCondition(List.of(guid1), action, guids2, state, time);
    }

    /** Lets every RM of {@code guids1} perform {@code action} only once {@code guid2} reached {@code state} ({@code time} ago). */
    public void registerCondition(
            Collection<Integer> guids1, ResourceAction action, int guid2, ResourceState state, String time) {
        registerCondition(guids1, action, List.of(guid2), state, time);
    }

    /**
     * Lets each RM of {@code guids1} perform {@code action} only once every RM of
     * {@code guids2} reached {@code state}, and, when {@code time} is given, at least that
     * long ago. A critical RM of {@code guids2} that fails makes the waiting RMs fail; a
     * non-critical one is skipped.
     *
     * @throws IllegalArgumentException for unknown guids, a malformed time, or an RM waiting for itself
     */
    public void registerCondition(
            Collection<Integer> guids1,
            ResourceAction action,
            Collection<Integer> guids2,
            ResourceState state,
            String time) {
        Condition condition = newCondition(guids1, guids2, state, time);
        if (action == null) {
            throw new IllegalArgumentException("a condition needs an action: DEPLOY, START or STOP");
        }
        for (ResourceManager rm : resourcesOf(guids1)) {
            rm.addCondition(action, condition);
        }
    }

    private Condition newCondition(
            Collection<Integer> guids1, Collection<Integer> guids2, ResourceState state, String time) {
        resourcesOf(guids1);
        resourcesOf(guids2);
        if (guids1.isEmpty() || guids2.isEmpty()) {
            throw new IllegalArgumentException(
                    "a condition needs RMs on both sides (got " + guids1 + " and " + guids2 + ")");
        }
        if (state == null) {
            throw new IllegalArgumentException("a condition needs a state to wait for, such as STARTED");
        }
        for (int g : guids1) {
            if (guids2.contains(g)) {
                throw new IllegalArgumentException(getResource(g) + " cannot wait for itself");
            }
        }
        Duration delay = time == null ? null : TimeSpec.parseDuration(time);
        return new Condition(Set.copyOf(guids2), state, delay);
    }

    /** Removes {@code guid2} from the conditions of {@code guid1} on {@code action} (all actions when null). */
    public void unregisterCondition(int guid1, ResourceAction action, int guid2) {
        unregisterCondition(List.of(guid1), action, List.of(guid2));
    }

    /**
     * Removes the RMs of {@code guids2} from the conditions of the RMs of {@code guids1} on
     * {@code action} (every action when null); a condition left waiting for no RM goes.
     */
    public void unregisterCondition(Collection<Integer> guids1, ResourceAction action, Collection<Integer> guids2) {
        List<ResourceManager> rms = resourcesOf(guids1);
        for (ResourceManager rm : rms) {
            rm.removeConditionsOn(guids2, action);
        }
    }

    /** Sets attribute {@code name} of {@code guid1} once {@code guid2} reached {@code state} ({@code time} later). */
    public void setWithConditions(String name, Object value, int guid1, int guid2, ResourceState state, String time) {
        setWithConditions(name, value, List.of(guid1), List.of(guid2), state, time);
    }

    /**
     * Sets attribute {@code name} to {@code value} on every RM of {@code guids1} once every
     * RM of {@code guids2} reached {@code state}, and at least {@code time} later when given.
     * The attribute and value are checked at once.
     */
    public void setWithConditions(
            String name,
            Object value,
            Collection<Integer> guids1,
            Collection<Integer> guids2,
            ResourceState state,
            String time) {
        Condition condition = newCondition(guids1, guids2, state, time);
        List<ResourceManager> rms = resourcesOf(guids1);
        for (ResourceManager rm : rms) {
            rm.getType().getAttribute(name).convert(value);
        }
        for (ResourceManager rm : rms) {
            rm.setWithConditions(name, value, condition.guids(), condition.state(), condition.delay());
        }
    }

    // ================================================================ attributes

    /** Sets attribute {@code name} of RM {@code guid}; see {@link ResourceManager#set(String, Object)}. */
    public void set(int guid, String name, Object value) {
        getResource(guid).set(name, value);
    }

    /** The value of attribute {@code name} of RM {@code guid}. */
    public Object get(int guid, String name) {
        return getResource(guid).get(name);
    }

    /**
     * Sets the value of a {@code Global} attribute, shared by every RM of type {@code rtype}
     * in this experiment.
     *
     * @throws IllegalArgumentException for an unknown type or attribute, a non-global one, or a refused value
     */
    @Override
    public void setGlobal(String rtype, String name, Object value) {
        ResourceTypeInfo type = ResourceFactory.getType(rtype);
        Attribute<?> attr = globalAttribute(type, name);
        Object converted = attr.convert(value);
        Map<String, Object> values = globals.computeIfAbsent(type.getName(), t -> new ConcurrentHashMap<>());
        if (converted == null) {
            values.remove(name);
        } else {
            values.put(name, converted);
        }
    }

    /** The value of a {@code Global} attribute of type {@code rtype} (its default until set). */
    @Override
    public Object getGlobal(String rtype, String name) {
        ResourceTypeInfo type = ResourceFactory.getType(rtype);
        Attribute<?> attr = globalAttribute(type, name);
        Map<String, Object> values = globals.get(type.getName());
        Object value = values == null ? null : values.get(name);
        return value != null ? value : attr.getDefault();
    }

    /** For an RM reading its own Global attribute: both are known, nothing is looked up by name but the value. */
    @Override
    public Object getGlobal(ResourceTypeInfo type, Attribute<?> attr) {
        if (globals.isEmpty()) {
            return attr.getDefault();
        }
        Map<String, Object> values = globals.get(type.getName());
        Object value = values == null ? null : values.get(attr.getName());
        return value != null ? value : attr.getDefault();
    }

    /** The Global attribute values set in this experiment, by type. */
    Map<String, Map<String, Object>> globalValues() {
        Map<String, Map<String, Object>> copy = new java.util.TreeMap<>();
        globals.forEach((type, values) -> {
            if (!values.isEmpty()) {
                copy.put(type, new java.util.TreeMap<>(values));
            }
        });
        return copy;
    }

    private static Attribute<?> globalAttribute(ResourceTypeInfo type, String name) {
        Attribute<?> attr = type.getAttribute(name);
        if (!attr.hasFlag(Attribute.Flag.GLOBAL)) {
            throw new IllegalArgumentException("attribute '" + name + "' of " + type.getName()
                    + " is not Global; set it per resource with set(guid, name, value)");
        }
        return attr;
    }

    /** The attributes of RM {@code guid}'s type. */
    public List<Attribute<?>> getAttributes(int guid) {
        return getResource(guid).getAttributes();
    }

    /** The attribute {@code name} of RM {@code guid}'s type. */
    public Attribute<?> getAttribute(int guid, String name) {
        return getResource(guid).getType().getAttribute(name);
    }

    // ================================================================ traces

    /** Asks for trace {@code name} of RM {@code guid} to be collected. */
    public void enableTrace(int guid, String name) {
        getResource(guid).enableTrace(name);
    }

    /** Whether trace {@code name} of RM {@code guid} is collected. */
    public boolean traceEnabled(int guid, String name) {
        return getResource(guid).traceEnabled(name);
    }

    /** The traces RM {@code guid}'s type can produce. */
    public List<Trace> getTraces(int guid) {
        return getResource(guid).getTraces();
    }

    /** The whole content of trace {@code name} of RM {@code guid}. */
    public String trace(int guid, String name) {
        return getResource(guid).trace(name);
    }

    /** The content ({@code ALL}), path ({@code PATH}) or size ({@code SIZE}) of a trace. */
    public String trace(int guid, String name, TraceAttr attr) {
        return trace(guid, name, attr, 512, 0);
    }

    /**
     * Information on a trace: with {@link TraceAttr#STREAM}, {@code block} bytes at block
     * index {@code offset}, read without loading the rest.
     */
    public String trace(int guid, String name, TraceAttr attr, int block, long offset) {
        return getResource(guid).trace(name, attr, block, offset);
    }

    // ================================================================ lifecycle of single RMs

    /** Discovers the resource of RM {@code guid}, on this thread. */
    public void discover(int guid) {
        getResource(guid).discover();
    }

    /** Provisions the resource of RM {@code guid}, on this thread. */
    public void provision(int guid) {
        getResource(guid).provision();
    }

    /** Starts RM {@code guid} now, on this thread (no conditions checked). */
    public void start(int guid) {
        getResource(guid).start();
    }

    /** Stops RM {@code guid} now, on this thread (no conditions checked). */
    public void stop(int guid) {
        getResource(guid).stop();
    }

    /** The state of RM {@code guid}. */
    public ResourceState state(int guid) {
        return getResource(guid).getState();
    }

    public Instant getDiscoverTime(int guid) {
        return getResource(guid).getDiscoverTime();
    }

    public Instant getProvisionTime(int guid) {
        return getResource(guid).getProvisionTime();
    }

    public Instant getReadyTime(int guid) {
        return getResource(guid).getReadyTime();
    }

    public Instant getStartTime(int guid) {
        return getResource(guid).getStartTime();
    }

    public Instant getStopTime(int guid) {
        return getResource(guid).getStopTime();
    }

    public Instant getFailedTime(int guid) {
        return getResource(guid).getFailedTime();
    }

    public Instant getReleaseTime(int guid) {
        return getResource(guid).getReleaseTime();
    }

    // ================================================================ deployment

    /** Deploys every NEW RM in a new group, waiting for all to be READY before any starts. */
    public int deploy() {
        return deploy(List.of(), true, null);
    }

    /** Deploys the given RMs (every NEW one when none is given) in a new group. */
    public int deploy(int... guids) {
        return deploy(boxed(guids), true, null);
    }

    /** Deploys the given RMs (every NEW one when empty) in a new group. */
    public int deploy(Collection<Integer> guids) {
        return deploy(guids, true, null);
    }

    /**
     * Deploys the given RMs (every NEW one when empty). Each deploys once its DEPLOY
     * conditions hold. With {@code waitAllReady}, no RM of the group starts before all of it
     * is READY; then each starts when its START conditions hold, and those with STOP
     * conditions stop when those hold. Without it, each starts as soon as it can.
     *
     * <p>Refused, with nothing deployed, when a critical failure aborted the experiment
     * (call {@link #recover()} first), or when the conditions of the RMs wait for each other
     * in a circle (such as two RMs each starting after the other started), which would never
     * run.
     *
     * @param group an existing group to add the RMs to, or null for a new one
     * @return the group's id
     * @throws IllegalArgumentException for unknown guids
     * @throws IllegalStateException when the experiment is aborted or shut down, or for a cycle of conditions
     */
    public int deploy(Collection<Integer> guids, boolean waitAllReady, Integer group) {
        checkRunning();
        Optional<String> abortCause = failures.abortCause();
        if (abortCause.isPresent()) {
            throw new IllegalStateException("the experiment was aborted by the failure of " + abortCause.get()
                    + "; nothing was deployed: call ec.recover() to go on (the failed RMs stay FAILED; release or"
                    + " replace them), or shut it down");
        }
        List<ResourceManager> rms;
        if (guids.isEmpty()) {
            rms = new ArrayList<>();
            for (ResourceManager rm : allResources()) {
                if (rm.getState() == NEW && rm.getDeploymentGroup() == 0) {
                    rms.add(rm);
                }
            }
        } else {
            rms = resourcesOf(guids);
        }
        // Without any condition there is no cycle: nothing to plan (10,000 RMs' groups) for the search.
        if (ConditionCycles.anyConditions(allResources())) {
            Optional<String> cycle = ConditionCycles.find(
                    rms, allResources(), this::findResource, deployer.groupsAfterDeploying(rms, waitAllReady, group));
            if (cycle.isPresent()) {
                throw new IllegalStateException("the conditions wait for each other in a circle and would never"
                        + " hold: " + cycle.get() + "; nothing was deployed: unregister one of them");
            }
        }
        return deployer.deploy(rms, waitAllReady, group);
    }

    /** Evaluates failures first, so that listeners told of the change see the experiment aborted. */
    private void onStateChange(ResourceManager rm, ResourceState from, ResourceState to, Instant at) {
        if (logStateChanges) {
            STATE_LOG.debug("{}: {} -> {}", rm, from, to);
        }
        boolean aborted = to == ResourceState.FAILED && failures.evaluate(rm);
        try {
            deployer.stateChanged(rm, to);
        } catch (RuntimeException e) {
            machineryFailed(e);
        }
        // Every state change passes here: without a listener, no change record and no capturing lambda to build.
        if (!listeners.isEmpty()) {
            StateChange change = new StateChange(rm.getGuid(), rm.getRtype(), from, to, at);
            tell(l -> l.stateChanged(change));
        }
        if (aborted) {
            tell(l -> l.failureLevelChanged(FailureLevel.RM_FAILURE));
        }
    }

    // ================================================================ commands on nodes

    /**
     * Runs shell command {@code command} on node {@code guid} (a {@code linux::Node}, local or over SSH, or a
     * {@code netns::Node}, inside its namespace) and waits for its end:
     * <pre>{@code
     * ExecResult r = ec.exec(node, "ip -brief addr");
     * if (r.succeeded()) System.out.println(r.stdout());
     * }</pre>
     * RMs reach the same through {@link NodeCommands#start}. The node must be deployed. The command runs with {@code sh}, nothing on its standard input, in a process group
     * of its own; an interrupt of the calling thread ends it on the node. There is no time-out: see
     * {@link #exec(int, String, ExecOptions)}.
     *
     * @return its exit code, output and duration; a non-zero exit code is no exception ({@link ExecResult#orThrow()})
     * @throws IllegalArgumentException for an unknown guid, an RM that is not a node (the message names the node
     *                                  types), or a blank command
     * @throws IllegalStateException    for a node that is not deployed yet, failed or was released (naming its state)
     * @throws IOException              when the node cannot run it
     * @throws InterruptedException     when the calling thread was interrupted (the command was ended on the node)
     */
    public ExecResult exec(int guid, String command) throws IOException, InterruptedException {
        return exec(guid, command, ExecOptions.defaults());
    }

    /**
     * Like {@link #exec(int, String)} with a time-out, line callbacks or no capture:
     * {@code ec.exec(node, "ping -c 3 10.0.0.2", ExecOptions.defaults().withTimeout(Duration.ofSeconds(10)))}.
     *
     * @throws nepi.core.exec.ExecTimeoutException when it ran out of time (it was killed on the node)
     */
    public ExecResult exec(int guid, String command, ExecOptions options) throws IOException, InterruptedException {
        return startExec(guid, command, options).await();
    }

    /**
     * Starts {@code command} on node {@code guid} and returns at once: its output goes to the callbacks of
     * {@code options} as it comes, {@link RunningCommand#result()} completes at its end, and
     * {@link RunningCommand#cancel()} ends it on the node. Refuses what {@link #exec(int, String)} refuses.
     */
    public RunningCommand startExec(int guid, String command, ExecOptions options) throws IOException {
        return NodeCommands.start(this, guid, command, options);
    }

    // ================================================================ failures

    /**
     * Evaluates the failure of RM {@code guid} (done by the EC itself as an RM enters
     * FAILED): when the RM is critical, the experiment is aborted with level RM_FAILURE.
     */
    @Override
    public void informFailure(int guid) {
        if (failures.evaluate(byGuid.get(guid))) {
            tell(l -> l.failureLevelChanged(FailureLevel.RM_FAILURE));
        }
    }

    /**
     * Why the experiment is aborted: the RM whose failure aborted it ({@code #guid type:
     * reason}), or the error of the controller's own machinery; empty when it is not aborted.
     */
    public Optional<String> getAbortCause() {
        return failures.abortCause();
    }

    /**
     * Lets the experiment go on after a critical RM failure aborted it: the failure level
     * returns to OK and new deployments proceed. The failed RMs stay FAILED (release or
     * replace them); RMs whose deployment was abandoned by the abort and that are still NEW
     * leave their deployment group, so that {@link #deploy()} deploys them again; RMs already
     * deployed keep their state (deploy them again by guid to have them started). Does
     * nothing when the experiment is not aborted.
     *
     * @return whether the experiment was aborted
     * @throws IllegalStateException after a failure of the controller's own machinery
     *         (EC_FAILURE): its state may then be inconsistent; shut it down and start a new one
     */
    public boolean recover() {
        checkRunning();
        boolean wasAborted = failures.recover(() -> {
            deployer.abandonQueuedSteps();
            for (ResourceManager rm : resources.values()) {
                if (rm.getState() == NEW && rm.getDeploymentGroup() != 0) {
                    deployer.forget(rm);
                    rm.joinDeploymentGroup(0);
                }
            }
        });
        if (!wasAborted) {
            return false;
        }
        LOG.info("{}: recovered; failure level OK, new deployments proceed", expId);
        tell(l -> l.failureLevelChanged(FailureLevel.OK));
        return true;
    }

    private void machineryFailed(Throwable error) {
        ecState = EcState.FAILED;
        failures.machineryFailed(error);
        tell(l -> l.failureLevelChanged(FailureLevel.EC_FAILURE));
        tell(l -> l.ecStateChanged(EcState.FAILED));
    }

    private void abortPendingWork() {
        monitor.dropDeferredSteps();
        monitor.wakeAll();
    }

    // ================================================================ waiting

    /**
     * Waits until every given RM (every RM when none) is at least READY, or the experiment aborts; RMs never
     * deployed are refused (see {@link #wait(Collection, ResourceState, Duration)}).
     */
    public boolean waitDeployed(int... guids) throws InterruptedException {
        return waitDeployed(boxed(guids), null);
    }

    /**
     * Waits until every given RM (every RM when empty) is at least READY, or the experiment aborts; RMs never
     * deployed are refused (see {@link #wait(Collection, ResourceState, Duration)}).
     */
    public boolean waitDeployed(Collection<Integer> guids) throws InterruptedException {
        return waitDeployed(guids, null);
    }

    /** Like {@link #waitDeployed(Collection)}, giving up after {@code timeout} (null: never). */
    public boolean waitDeployed(Collection<Integer> guids, Duration timeout) throws InterruptedException {
        return wait(guids, READY, timeout);
    }

    /**
     * Waits until every given RM (every RM when none) is at least STARTED, or the experiment aborts; RMs
     * never deployed are refused (see {@link #wait(Collection, ResourceState, Duration)}).
     */
    public boolean waitStarted(int... guids) throws InterruptedException {
        return waitStarted(boxed(guids), null);
    }

    /**
     * Waits until every given RM (every RM when empty) is at least STARTED, or the experiment aborts; RMs
     * never deployed are refused (see {@link #wait(Collection, ResourceState, Duration)}).
     */
    public boolean waitStarted(Collection<Integer> guids) throws InterruptedException {
        return waitStarted(guids, null);
    }

    /** Like {@link #waitStarted(Collection)}, giving up after {@code timeout} (null: never). */
    public boolean waitStarted(Collection<Integer> guids, Duration timeout) throws InterruptedException {
        return wait(guids, STARTED, timeout);
    }

    /**
     * Waits until every given RM (every RM when none) is at least STOPPED (stopped, failed or released), or
     * the experiment aborts; RMs never deployed are refused (see {@link #wait(Collection, ResourceState,
     * Duration)}).
     */
    public boolean waitFinished(int... guids) throws InterruptedException {
        return waitFinished(boxed(guids), null);
    }

    /**
     * Waits until every given RM (every RM when empty) is at least STOPPED, or the experiment aborts; RMs
     * never deployed are refused (see {@link #wait(Collection, ResourceState, Duration)}).
     */
    public boolean waitFinished(Collection<Integer> guids) throws InterruptedException {
        return waitFinished(guids, null);
    }

    /** Like {@link #waitFinished(Collection)}, giving up after {@code timeout} (null: never). */
    public boolean waitFinished(Collection<Integer> guids, Duration timeout) throws InterruptedException {
        return wait(guids, STOPPED, timeout);
    }

    /**
     * Waits until every given RM (every RM when none) is RELEASED, or the EC fails; RMs never deployed are
     * accepted.
     */
    public boolean waitReleased(int... guids) throws InterruptedException {
        return waitReleased(boxed(guids), null);
    }

    /** Waits until every given RM (every RM when empty) is RELEASED, or the EC fails. */
    public boolean waitReleased(Collection<Integer> guids) throws InterruptedException {
        return waitReleased(guids, null);
    }

    /** Like {@link #waitReleased(Collection)}, giving up after {@code timeout} (null: never). */
    public boolean waitReleased(Collection<Integer> guids, Duration timeout) throws InterruptedException {
        return wait(guids, RELEASED, timeout);
    }

    /**
     * Waits until every given RM (every RM when empty) has reached at least {@code state}.
     * Woken by the state changes themselves. Waits for states before RELEASED give up when
     * the experiment aborts; a wait for RELEASED gives up only when the EC fails.
     *
     * <p>A wait for a state before RELEASED on RMs that were never deployed (NEW and in no
     * deployment group) would never end, and is refused. A wait for RELEASED is not: an RM
     * can be released without being deployed (by {@link #release} or {@link #shutdown},
     * perhaps from another thread).
     *
     * @param timeout how long at most (null: no limit)
     * @return true when every RM reached the state; false on time-out or abort
     * @throws IllegalArgumentException for unknown guids
     * @throws IllegalStateException naming the RMs that were never deployed
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean wait(Collection<Integer> guids, ResourceState state, Duration timeout) throws InterruptedException {
        Collection<ResourceManager> rms = guids.isEmpty() ? allResources() : resourcesOf(guids);
        if (state != RELEASED) {
            refuseNeverDeployed(rms, state);
        }
        if (state == RELEASED) {
            return monitor.await(rms, state, timeout, () -> ecState == EcState.FAILED);
        }
        return monitor.await(rms, state, timeout, this::isAborted);
    }

    /** Deploy marks an RM with its group before returning, so an RM deployed just before is never refused. */
    private static void refuseNeverDeployed(Collection<ResourceManager> rms, ResourceState state) {
        List<Integer> never = new ArrayList<>();
        for (ResourceManager rm : rms) {
            if (rm.getState() == NEW && rm.getDeploymentGroup() == 0) {
                never.add(rm.getGuid());
            }
        }
        if (!never.isEmpty()) {
            throw new IllegalStateException((never.size() == 1 ? "RM " : "RMs ") + never
                    + (never.size() == 1 ? " was" : " were") + " never deployed, so waiting for " + state
                    + " would never end: deploy them first (ec.deploy("
                    + never.toString().replaceAll("[\\[\\]]", "")
                    + "))");
        }
    }

    // ================================================================ release and shutdown

    /** Releases every RM and waits until they are released. */
    public void release() {
        release(List.of());
    }

    /** Releases the given RMs (every RM when none) and waits until they are released. */
    public void release(int... guids) {
        release(boxed(guids));
    }

    /**
     * Releases the given RMs (every RM when empty), in parallel, and waits until they are
     * released; those with {@code hardRelease} are then forgotten. Interrupting the calling
     * thread stops the wait, not the release.
     */
    public void release(Collection<Integer> guids) {
        List<ResourceManager> rms = guids.isEmpty() ? allResources() : resourcesOf(guids);
        if (scheduler.isShutdown()) {
            rms.forEach(ResourceManager::release);
        } else {
            List<Runnable> steps = new ArrayList<>(rms.size());
            for (ResourceManager rm : rms) {
                steps.add(new StepTask(rm, StepTask.Kind.RELEASE));
            }
            scheduler.scheduleAll(steps);
        }
        try {
            monitor.await(rms, RELEASED, null, () -> ecState == EcState.FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (ResourceManager rm : rms) {
            if (rm.getState() == RELEASED && Boolean.TRUE.equals(rm.get(ResourceManager.HARD_RELEASE))) {
                forget(rm);
            }
        }
    }

    /**
     * Ends the experiment: drops pending tasks, releases every RM, and stops the worker
     * threads. Calling it again does nothing.
     */
    public void shutdown() {
        synchronized (this) {
            if (shuttingDown) {
                return;
            }
            shuttingDown = true;
        }
        if (ecState == EcState.FAILED) {
            LOG.warn("shutting down a FAILED experiment controller; releasing what can be released");
        }
        scheduler.dropPending();
        abortPendingWork();
        release();
        scheduler.shutdown(Duration.ofSeconds(10));
        if (ecState != EcState.FAILED) {
            ecState = EcState.TERMINATED;
            tell(l -> l.ecStateChanged(EcState.TERMINATED));
        }
    }

    /** Same as {@link #shutdown()}. */
    @Override
    public void close() {
        shutdown();
    }

    // ================================================================ scheduling

    /**
     * Runs {@code task} at {@code date}: relative ({@code "0s"}, {@code "1.5s"},
     * {@code "250ms"}, {@code "10us"}, {@code "2m"}, {@code "1h"}) or absolute
     * ({@code YYYYMMddHHmmssffffff}).
     *
     * @return the task's id
     * @throws IllegalArgumentException for a malformed date, or one more than
     *         {@link TimeSpec#MAX_DELAY} ahead
     */
    @Override
    public long schedule(String date, Runnable task) {
        return schedule(date, task, false);
    }

    /** Like {@link #schedule(String, Runnable)}; when {@code track}, the task can be found with {@link #getTask}. */
    public long schedule(String date, Runnable task, boolean track) {
        return track(scheduler.schedule(TimeSpec.delayUntil(date), task), track);
    }

    /** Runs {@code task} at {@code date} (see {@link #schedule(String, Runnable)}). */
    public long schedule(String date, Callable<?> task) {
        return schedule(date, task, false);
    }

    /** Runs {@code task} at {@code date}; its result is kept on the task when {@code track}. */
    public long schedule(String date, Callable<?> task, boolean track) {
        return track(scheduler.schedule(TimeSpec.delayUntil(date), task), track);
    }

    private long track(Task t, boolean track) {
        if (track) {
            trackedTasks.put(t.getId(), t);
        }
        return t.getId();
    }

    /**
     * Runs {@code task} after {@code delay}.
     *
     * @throws IllegalArgumentException for a delay longer than {@link TimeSpec#MAX_DELAY}
     */
    @Override
    public long schedule(Duration delay, Runnable task) {
        // The constant first: TimeSpec's class (its parsing) need not load for a script scheduling Durations.
        if (delay.getSeconds() >= MAX_DELAY_SECONDS && delay.compareTo(TimeSpec.MAX_DELAY) > 0) {
            throw new IllegalArgumentException("delay " + delay + " is too large; at most "
                    + TimeSpec.format(TimeSpec.MAX_DELAY) + " (about 292 years)");
        }
        return scheduler.schedule(delay, task).getId();
    }

    /** Runs {@code tasks} at once, in their order, queued with one acquisition of the scheduler's lock. */
    @Override
    public void scheduleNow(List<Runnable> tasks) {
        scheduler.scheduleAll(tasks);
    }

    /**
     * The tracked task of id {@code id}.
     *
     * @throws IllegalArgumentException when no tracked task has that id
     */
    public Task getTask(long id) {
        Task task = trackedTasks.get(id);
        if (task == null) {
            throw new IllegalArgumentException(
                    "no tracked task has id " + id + " (schedule with track = true to keep a task)");
        }
        return task;
    }

    // ================================================================ descriptions

    /**
     * Saves the experiment description to {@code file} as JSON: expId, every RM with its
     * type, guid and the attributes that differ from their defaults, connections,
     * conditions (with their times) and enabled traces. Credentials are written as the name
     * of an environment variable ({@code NEPI_SECRET_<guid>_<ATTRIBUTE>}) that
     * {@link #load(Path)} reads them from, never in clear.
     *
     * @throws java.io.UncheckedIOException naming the file when it cannot be written
     */
    public void save(Path file) {
        ExperimentDescription.write(this, file, Map.of());
    }

    /**
     * Like {@link #save(Path)}, also keeping the names a user gave to resources (e.g. a notebook's variables), so
     * that {@link #getSavedNames()} of the loaded controller gives them back. The file's format version is then 1.1.
     *
     * @param names name to guid; each name a Java identifier, each guid one of this experiment's resources
     * @throws IllegalArgumentException naming a name that is not an identifier or a guid that is no resource
     */
    public void save(Path file, Map<String, Integer> names) {
        ExperimentDescription.write(this, file, names);
    }

    /**
     * The resources' names kept in the description this controller was loaded from (name to guid, sorted by name);
     * empty for a controller not loaded, or loaded from a description without names.
     */
    public Map<String, Integer> getSavedNames() {
        return savedNames;
    }

    void setSavedNames(Map<String, Integer> names) {
        savedNames = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(names));
    }

    /**
     * A new experiment controller with the graph described in {@code file} (written by
     * {@link #save}), ready to deploy, keeping results under the system temp dir.
     *
     * @throws IllegalArgumentException naming the file and every entry that is wrong (an
     *         unknown type or attribute, a connection or condition to a guid not in the file,
     *         a newer format); nothing is half-loaded
     */
    public static ExperimentController load(Path file) {
        return load(file, null);
    }

    /** Like {@link #load(Path)}, keeping results under {@code localDir} (null: the system temp dir). */
    public static ExperimentController load(Path file, Path localDir) {
        return ExperimentDescription.read(file, localDir);
    }

    // ================================================================ helpers

    private void checkRunning() {
        if (shuttingDown || ecState == EcState.TERMINATED) {
            throw new IllegalStateException(
                    "the experiment controller of " + expId + " is shut down; create a new one");
        }
    }

    private List<ResourceManager> resourcesOf(Collection<Integer> guidList) {
        if (guidList == null) {
            throw new IllegalArgumentException("a list of guids is needed");
        }
        List<Integer> unknown = new ArrayList<>();
        List<ResourceManager> rms = new ArrayList<>(guidList.size());
        // Duplicates dropped with a bit per guid (guids are dense), not a hash set of 10,000 boxed guids.
        BitSet seen = new BitSet();
        for (Integer guid : guidList) {
            ResourceManager rm = guid == null ? null : byGuid.get(guid);
            if (rm == null) {
                if (!unknown.contains(guid)) {
                    unknown.add(guid);
                }
            } else if (!seen.get(guid)) {
                seen.set(guid);
                rms.add(rm);
            }
        }
        if (unknown.size() == 1) {
            throw new IllegalArgumentException(unknownGuid(unknown.get(0) == null ? -1 : unknown.get(0)));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no resources have guids " + unknown + "; the experiment has "
                    + resources.size() + " resources"
                    + (resources.isEmpty() ? "" : ", guids " + resources.firstKey() + " to " + resources.lastKey()));
        }
        return rms;
    }

    private static List<Integer> boxed(int[] guids) {
        List<Integer> list = new ArrayList<>(guids.length);
        for (int g : guids) {
            list.add(g);
        }
        return list;
    }

    @Override
    public String toString() {
        return "ExperimentController " + expId + " run " + runId + " (" + resources.size() + " resources, " + ecState
                + ", " + failures.level() + ")";
    }
}
