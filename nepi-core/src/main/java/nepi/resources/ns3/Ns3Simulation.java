package nepi.resources.ns3;

import static nepi.core.resource.ResourceState.READY;
import static nepi.core.resource.ResourceState.RELEASED;
import static nepi.core.resource.ResourceState.STARTED;
import static nepi.resources.linux.host.ShellWords.quote;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import nepi.core.exec.CommandProcess;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceType;
import nepi.core.resource.Trace;
import nepi.core.resource.TraceSource;
import nepi.resources.linux.LinuxNode;
import nepi.resources.linux.NodeUser;
import nepi.resources.linux.host.CommandResult;
import nepi.resources.linux.host.DetachedProcess;
import nepi.resources.linux.host.FileContent;
import nepi.resources.linux.host.Host;
import nepi.resources.linux.host.ProcessFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ns-3 simulation, run on the {@link LinuxNode} it is connected to (this machine or a host
 * over SSH). Its {@code ns3::Node}s are connected to it; their devices, channels, applications
 * and routes to them.
 *
 * <p>Deploy checks the whole ns-3 design (every mistake listed at once, see {@link Ns3Design}),
 * waits for its host, builds the ns-3 driver there unless that host already has this version of
 * it ({@link Ns3Driver}), checks the design's attribute names against that build's TypeIds,
 * writes the description and has the driver build the simulation once without running it, so
 * that a value ns-3 refuses ({@code DataRate "5Mbs"}) fails deploy. Start runs the driver
 * detached; the simulation follows its event file as the driver writes it (a {@code tail -F} on the
 * host whose output streams here) and moves each application to STARTED and STOPPED as the
 * simulated clock passes them. It is STOPPED when the simulation reached
 * {@code stopTime} (FAILED if the driver failed); stop and release kill it.
 */
@ResourceType(
        value = "linux::ns3::Simulation",
        platform = "ns3",
        help = "A ns-3 simulation run on the linux::Node it is connected to (the ns-3 driver is built there once, with"
                + " libns3-dev). Connect ns3::Node resources to it. STOPPED when the simulated clock reaches stopTime."
                + " Traces: stdout, stderr, build, events (what happened at which simulated time), flowmon (per-flow"
                + " statistics, once enabled).")
public class Ns3Simulation extends ResourceManager implements NodeUser {

    private static final Pattern TIME = Pattern.compile("[0-9]+(\\.[0-9]+)?(s|ms|us|ns|min|h)");

    /** Whether {@code value} is a time as ns-3 writes it: 10s, 500ms, 2min. */
    static boolean isTime(String value) {
        return TIME.matcher(value.strip()).matches();
    }

    public static final Attribute<String> SIMULATOR_IMPL = Attribute.ofEnum(
                    "simulatorImpl",
                    "Default: as fast as possible; RealTime: the simulated clock follows the wall clock",
                    "Default",
                    "RealTime")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> STOP_TIME = Attribute.ofString(
                    "stopTime", "Simulated time at which the simulation ends, e.g. 10s, 500ms, 2min")
            .withDefault("10s")
            .withFlags(Flag.DESIGN)
            .withHook((rm, value) -> {
                if (value != null && !TIME.matcher(value.strip()).matches()) {
                    throw new IllegalArgumentException(
                            "stopTime is a time such as 10s, 500ms or 2min, not \"" + value + "\"");
                }
                return value == null ? null : value.strip();
            });
    public static final Attribute<Boolean> CHECKSUM_ENABLED = Attribute.ofBoolean(
                    "checksumEnabled", "Compute real IP/UDP/TCP checksums (so that captures look right in tcpdump)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Integer> SEED = Attribute.ofInteger("seed", "Seed of ns-3's random numbers")
            .withDefault(1)
            .withRange(1, Integer.MAX_VALUE)
            .withFlags(Flag.DESIGN);
    public static final Attribute<Integer> RUN = Attribute.ofInteger(
                    "run", "Run number: which independent stream of random numbers (same seed, another run)")
            .withDefault(1)
            .withRange(1, Integer.MAX_VALUE)
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> VERBOSE = Attribute.ofBoolean(
                    "verbose", "Log each event of the simulation (application started/stopped) as it arrives")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> POPULATE_ROUTING_TABLES = Attribute.ofBoolean(
                    "populateRoutingTables",
                    "Fill every node's routing table with ns-3's global routing (shortest paths over the whole"
                            + " topology) instead of ns3::Route resources")
            .withFlags(Flag.DESIGN);

    public static final Trace STDOUT = Trace.enabled("stdout", "Standard output of the ns-3 driver");
    public static final Trace STDERR = Trace.enabled("stderr", "Standard error of the ns-3 driver");
    public static final Trace EVENTS = Trace.enabled(
            "events", "What happened at which simulated time: 'started <guid> <t>', 'stopped <guid> <t>', 'done <t>'");
    public static final Trace BUILD = Trace.enabled(
            "build",
            "Output of the build of the ns-3 driver on the host (the compiler's, then 'built'), readable while it"
                    + " builds; that of the earlier build when the host had the driver already");
    public static final Trace FLOWMON = Trace.of(
            "flowmon",
            "ns-3 FlowMonitor statistics at the end, one tab-separated line per flow: source, destination, protocol,"
                    + " packets and bytes sent and received, lost packets, mean delay and jitter (ms), throughput"
                    + " (Mbit/s)");

    private static final Logger LOG = LoggerFactory.getLogger(Ns3Simulation.class);
    /** How long the event follower may take to pass on the last events once the driver exited. */
    private static final Duration FOLLOWER_GRACE = Duration.ofSeconds(5);

    private static final Duration CHECK_TIMEOUT = Duration.ofMinutes(2);
    /** How long a run-time change may wait for the driver to answer. */
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(30);

    static final String CONTROL = "control";

    private volatile LinuxNode node;
    private volatile String runHome;
    private volatile String binary;
    private volatile Ns3TypeIds typeIds;
    private volatile ProcessFiles files;
    private volatile DetachedProcess process;
    private volatile Integer exitCode;
    private volatile Throwable exitError;
    private volatile Map<Integer, Ns3Resource> members = Map.of();
    private final Object eventsLock = new Object();
    private volatile CommandProcess follower;
    /** The fifo the driver reads run-time changes from (RealTime only), null otherwise. */
    private volatile String control;
    /** Whether an attribute changed between deploy and start: the description is written again. */
    private volatile boolean changedSinceDeploy;
    /** Orders joins of late resources against the start; guards {@link #started}. */
    private final Object joinLock = new Object();

    private boolean started;
    /** Completes when the driver reported "ready" (its control fifo is open). */
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    private final AtomicLong changes = new AtomicLong();
    /** Changes sent to the driver and not answered yet, by sequence number: null when applied, else why not. */
    private final Map<Long, CompletableFuture<String>> pendingChanges = new ConcurrentHashMap<>();

    private long eventsRead;
    private boolean eventsCaughtUp;
    private final StringBuilder partialLine = new StringBuilder();
    private volatile String doneAt;
    private volatile String driverError;
    private volatile boolean building;
    private volatile boolean releasing;

    public Ns3Simulation(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    /** The host the simulation runs on, or null. */
    public LinuxNode host() {
        List<LinuxNode> nodes = getConnected(LinuxNode.class);
        return nodes.isEmpty() ? null : nodes.get(0);
    }

    /**
     * Adds {@code r}, deployed after this simulation, to the simulation when it has not started
     * yet: it is built with the others at start. False once started.
     */
    boolean join(Ns3Resource r) {
        synchronized (joinLock) {
            if (started || getState() != READY) {
                return false;
            }
            Map<Integer, Ns3Resource> more = new HashMap<>(members);
            more.put(r.getGuid(), r);
            members = Map.copyOf(more);
            changedSinceDeploy = true;
            return true;
        }
    }

    /** Whether {@code r} is part of the simulation its deploy built (false before that deploy). */
    boolean isMember(Ns3Resource r) {
        return members.get(r.getGuid()) == r;
    }

    /** The simulated time at which it ended, in seconds as the driver printed it, once it did. */
    public String doneAt() {
        return doneAt;
    }

    @Override
    protected void checkConnection(ResourceManager other) {
        if (other instanceof LinuxNode) {
            LinuxNode h = host();
            if (h != null && h != other) {
                throw new IllegalArgumentException(this + " already runs on " + h);
            }
        } else if (!(other instanceof Ns3Node)) {
            throw new IllegalArgumentException(this + " connects to the linux::Node that runs it and to ns3::Node"
                    + " resources, not to " + other);
        }
    }

    @Override
    protected void doDeploy() throws Exception {
        Ns3Design.verify(getEc(), getDeploymentGroup());
        LinuxNode n = host();
        // The real interfaces of hybrid devices are named once deployed: the description needs their names.
        List<ResourceManager> waited = new ArrayList<>(List.of(n));
        for (Ns3NetDevice d : Ns3Design.of(this).devices()) {
            if (d instanceof Ns3FdNetDevice fd) {
                waited.add(fd.netnsInterface());
            }
        }
        if (deferUntil(waited, READY, this::deploy)) {
            return;
        }
        node = n;
        Ns3Driver.Built driver;
        building = true;
        try {
            if (releasing) {
                throw new IllegalStateException(this + " is being released: the ns-3 driver is not built");
            }
            driver = Ns3Driver.ensureBuilt(n, this);
        } finally {
            building = false;
        }
        binary = driver.binary();
        typeIds = driver.typeIds();
        // Against the build on this host: its ns-3 may not be the 3.37 NEPI ships the TypeIds of.
        Ns3Design.verify(getEc(), getDeploymentGroup(), driver.typeIds());
        Ns3Design.Members m = Ns3Design.of(this);
        Map<Integer, Ns3Resource> byGuid = new HashMap<>();
        for (Ns3Resource r : m.all()) {
            byGuid.put(r.getGuid(), r);
        }
        members = Map.copyOf(byGuid);
        String home = n.layout().appRunHome(getGuid());
        runHome = home;
        ProcessFiles pf = new ProcessFiles(home);
        Host host = n.host();
        String description = home + "/" + Ns3Design.DESCRIPTION;
        boolean realTime = "RealTime".equals(get(SIMULATOR_IMPL));
        String fifo = realTime ? home + "/" + CONTROL : null;
        host.writeFiles(List.of(
                FileContent.text(description, Ns3Design.describe(m, home), false),
                FileContent.text(
                        pf.commandScript(),
                        "#!/bin/bash\n# Written by NEPI: runs " + this + "\ncd " + quote(home) + " || exit 127\nexec "
                                + quote(binary) + " run " + quote(description) + " "
                                + quote(home + "/" + Ns3Design.EVENTS) + (realTime ? " " + quote(fifo) : "")
                                + "\n",
                        true),
                FileContent.text(pf.wrapperScript(), host.wrapperText(pf, false), true)));
        if (realTime) {
            host.run("rm -f " + quote(fifo) + " && mkfifo -m 600 " + quote(fifo))
                    .orThrow("creating the control fifo of " + this + " on " + host.name());
        }
        control = fifo;
        check(host, home, description);
        files = pf;
        super.doDeploy();
    }

    /** Has the driver build the simulation of {@code description} without running it: ns-3's refusals fail here. */
    private void check(Host host, String home, String description) throws IOException {
        CommandResult check = host.run(
                "cd " + quote(home) + " && " + quote(binary) + " check " + quote(description), null, CHECK_TIMEOUT);
        if (!check.succeeded()) {
            throw new IllegalArgumentException("ns-3 refused the design of " + this + ": "
                    + check.stderr().strip().replaceFirst("^nepi-ns3-driver: ", ""));
        }
    }

    @Override
    protected void doStart() throws Exception {
        Host host = node.host();
        synchronized (joinLock) {
            started = true;
        }
        if (changedSinceDeploy) {
            // Resources joined or attributes changed between deploy and start: the simulation is built anew.
            Ns3Design.Members m = Ns3Design.of(this);
            List<String> problems = Ns3Design.problems(List.of(this), typeIds);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("the ns-3 design of " + this + " changed after deploy and has"
                        + " errors:\n  - " + String.join("\n  - ", problems));
            }
            Map<Integer, Ns3Resource> byGuid = new HashMap<>();
            for (Ns3Resource r : m.all()) {
                byGuid.put(r.getGuid(), r);
            }
            members = Map.copyOf(byGuid);
            String description = runHome + "/" + Ns3Design.DESCRIPTION;
            host.writeFiles(List.of(FileContent.text(description, Ns3Design.describe(m, runHome), false)));
            check(host, runHome, description);
        }
        String events = runHome + "/" + Ns3Design.EVENTS;
        host.writeFiles(List.of(FileContent.text(events, "", false)));
        DetachedProcess p = host.startDetached(files);
        process = p;
        setStarted();
        follower = followEvents(host, events, p.pid());
        p.exit().whenComplete((code, error) -> {
            exitCode = code;
            exitError = error;
            // The follower ends by itself shortly after the driver (tail --pid), having passed on the last events.
            follower.exit()
                    .completeOnTimeout(-1, FOLLOWER_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((c, e) -> {
                        try {
                            getEc().schedule(Duration.ZERO, this::ended);
                        } catch (RejectedExecutionException | IllegalStateException ex) {
                            LOG.debug("{} ended while the experiment shuts down", this);
                        }
                    });
        });
    }

    /**
     * Follows the event file as the driver appends to it: {@code tail -F} on the host, its output
     * streamed here (over SSH on a channel of the connection), each line applied as it comes. It
     * ends by itself once the driver's wrapper is gone ({@code --pid}), after the last lines.
     */
    private CommandProcess followEvents(Host host, String events, int pid) throws IOException {
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                consumeEvents(b, off, len, false);
            }
        };
        return host.start(
                "exec tail -n +1 -s 0.2 --pid=" + pid + " -F " + quote(events), sink, OutputStream.nullOutputStream());
    }

    /**
     * Applies the event bytes that follow those already applied. The follower's bytes come in
     * order; once the driver ended, {@link #catchUpEvents} reads what the follower did not pass
     * on from the file itself and the follower's late bytes, if any, are ignored.
     */
    private void consumeEvents(byte[] b, int off, int len, boolean fromFile) {
        synchronized (eventsLock) {
            if (!fromFile && eventsCaughtUp) {
                return;
            }
            eventsRead += len;
            partialLine.append(new String(b, off, len, StandardCharsets.UTF_8));
            int newline;
            while ((newline = partialLine.indexOf("\n")) >= 0) {
                String line = partialLine.substring(0, newline);
                partialLine.delete(0, newline + 1);
                apply(line);
            }
        }
    }

    /** After the driver exited: reads from the file whatever events the follower did not pass on. */
    private void catchUpEvents() {
        LinuxNode n = node;
        synchronized (eventsLock) {
            eventsCaughtUp = true;
            if (n == null || n.getState() == RELEASED) {
                return;
            }
            try {
                TraceSource events = n.host().file(runHome + "/" + Ns3Design.EVENTS);
                while (true) {
                    byte[] chunk = events.read(eventsRead, 1 << 16);
                    if (chunk.length == 0) {
                        return;
                    }
                    consumeEvents(chunk, 0, chunk.length, true);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: cannot read its events: {}", this, e.getMessage());
            }
        }
    }

    private void stopFollowing() {
        CommandProcess f = follower;
        if (f != null) {
            try {
                f.kill();
            } catch (IOException e) {
                LOG.debug("{}: could not stop following its events: {}", this, e.getMessage());
            }
        }
    }

    private void apply(String line) {
        if (get(VERBOSE)) {
            LOG.info("{}: {}", this, line);
        }
        String[] f = line.split(" ", 3);
        switch (f[0]) {
            case "started", "stopped" -> {
                Ns3Resource r = f.length > 1 ? members.get(parseGuid(f[1])) : null;
                if (r != null && r.getState() != RELEASED) {
                    if (f[0].equals("started")) {
                        r.simulatedStart();
                    } else {
                        r.simulatedStop();
                    }
                }
            }
            case "ready" -> ready.complete(null);
            case "applied", "refused" -> {
                CompletableFuture<String> answer = f.length > 1 ? pendingChanges.get(parseSeq(f[1])) : null;
                if (answer != null) {
                    answer.complete(f[0].equals("applied") ? null : (f.length > 2 ? f[2] : "refused"));
                }
            }
            case "done" -> doneAt = f.length > 1 ? f[1] : "";
            case "error" -> driverError = line.substring(Math.min(line.length(), 6));
            default -> LOG.debug("{}: event '{}' ignored", this, line);
        }
    }

    private static long parseSeq(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Changes attribute {@code name} of {@code r}, one of this simulation's resources: before the
     * simulation starts the new value is only recorded (the simulation is built with it); while a
     * {@code RealTime} simulation runs the driver sets it on the live ns-3 object at once, and
     * this returns when it did; otherwise the change is refused, saying why.
     *
     * @throws IllegalStateException when the simulation cannot take the change now
     * @throws IllegalArgumentException when ns-3 refused the value
     */
    void change(Ns3Resource r, String name, String value) throws IOException, InterruptedException {
        if (getState().isBefore(STARTED)) {
            changedSinceDeploy = true;
            return;
        }
        String fifo = control;
        if (getState() != STARTED || exitCode != null || exitError != null) {
            throw new IllegalStateException(
                    "attribute " + name + " of " + r + " cannot change: " + this + " has ended (" + getState() + ")");
        }
        if (fifo == null) {
            throw new IllegalStateException("attribute " + name + " of " + r + " cannot change while " + this
                    + " runs: its simulatorImpl is Default, which runs the simulated clock as fast as it can, so"
                    + " no change could land at a meaningful simulated time; set simulatorImpl to RealTime (before"
                    + " deploy) to change attributes of a running simulation");
        }
        if (value == null || value.isBlank() || value.contains("\n")) {
            throw new IllegalArgumentException(
                    "a running simulation takes a new value for " + name + " (one line), not " + value);
        }
        try {
            ready.get(CHANGE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(this + ": the ns-3 driver did not get ready for changes", e);
        }
        long seq = changes.incrementAndGet();
        CompletableFuture<String> answer = new CompletableFuture<>();
        pendingChanges.put(seq, answer);
        try {
            // 1<>: opened read-write, so the write never blocks on a fifo whose reader is gone.
            node.host()
                    .run("printf '%s\\n' " + quote("set " + seq + " " + r.getGuid() + " " + name + " " + value) + " 1<>"
                            + quote(fifo))
                    .orThrow("sending a change to " + this);
            String refusal = answer.get(CHANGE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (refusal != null) {
                throw new IllegalArgumentException(refusal);
            }
            LOG.info("{}: {} = {} in the running simulation", r, name, value);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    this + ": the ns-3 driver did not answer the change of " + name + " within " + CHANGE_TIMEOUT);
        } finally {
            pendingChanges.remove(seq);
        }
    }

    private static int parseGuid(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** After the driver exited: the last events, then this RM's end. */
    private void ended() {
        stopFollowing();
        catchUpEvents();
        ready.completeExceptionally(new IllegalStateException(this + " ended"));
        for (CompletableFuture<String> answer : pendingChanges.values()) {
            answer.completeExceptionally(new IllegalStateException(this + " ended before the change was applied"));
        }
        stop();
    }

    @Override
    protected void doStop() throws Exception {
        DetachedProcess p = process;
        Integer code = exitCode;
        if (code == null && exitError == null) {
            // Stopped before the simulated clock reached stopTime.
            node.host().killGroup(p.pid(), false);
            stopFollowing();
            finishMembers(null);
            setStopped();
            return;
        }
        if (exitError != null) {
            String reason = "cannot tell how the ns-3 driver ended: " + exitError.getMessage();
            finishMembers(reason);
            throw new IOException(reason, exitError);
        }
        if (code == 0) {
            finishMembers(null);
            setStopped();
            return;
        }
        String reason = "the ns-3 driver exited with code " + code
                + (driverError != null ? ": " + driverError : describeStderr());
        finishMembers(reason);
        throw new IllegalStateException(reason);
    }

    private void finishMembers(String failure) {
        for (Ns3Resource r : members.values()) {
            r.simulationEnded(failure);
        }
    }

    private String describeStderr() {
        try {
            TraceSource err = node.host().file(files.stderr());
            long size = err.size();
            int length = (int) Math.min(size, 600);
            String tail = new String(err.read(size - length, length), StandardCharsets.UTF_8).strip();
            return tail.isEmpty() ? " (nothing on stderr)" : ": " + tail;
        } catch (IOException e) {
            return " (stderr unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Kills a build of the driver in progress, so that release does not wait for it (up to its
     * 20-minute time-out); a deploy that follows on the same host builds again.
     */
    @Override
    protected void interruptRunningStep() {
        releasing = true;
        LinuxNode n = node != null ? node : host();
        if (!building || n == null || n.getState() == RELEASED) {
            return;
        }
        try {
            String pid = n.host()
                    .run(
                            "cat " + quote(Ns3Driver.buildPidFile(n.layout())) + " 2>/dev/null",
                            null,
                            Duration.ofSeconds(30))
                    .stdout()
                    .strip();
            if (pid.matches("[1-9][0-9]*")) {
                n.host().killGroup(Integer.parseInt(pid), false);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: could not stop the build of the ns-3 driver: {}", this, e.getMessage());
        }
    }

    @Override
    protected void doRelease() throws Exception {
        LinuxNode n = node;
        DetachedProcess p = process;
        if (n != null && p != null && n.getState() != RELEASED) {
            n.host().killGroup(p.pid(), false);
            stopFollowing();
        }
        super.doRelease();
    }

    /** A file of this run's directory on the host, as a trace source; null before deploy. */
    TraceSource runFile(String name) {
        LinuxNode n = node;
        String home = runHome;
        if (n == null || home == null || (n.getState() == RELEASED && !n.host().isLocal())) {
            return null;
        }
        return n.host().file(home + "/" + name);
    }

    private TraceSource buildOutput() {
        LinuxNode n = host();
        if (n == null
                || n.getState().isBefore(READY)
                || (n.getState() == RELEASED && !n.host().isLocal())) {
            return null;
        }
        return n.host().file(Ns3Driver.buildOutputFile(n.layout()));
    }

    @Override
    public TraceSource traceSource(String name) {
        ProcessFiles pf = files;
        return switch (name) {
            case "stdout" -> pf == null ? null : node.host().file(pf.stdout());
            case "stderr" -> pf == null ? null : node.host().file(pf.stderr());
            case "events" -> runFile(Ns3Design.EVENTS);
            case "flowmon" -> traceEnabled("flowmon") ? runFile(Ns3Design.FLOWMON) : null;
            case "build" -> buildOutput();
            default -> null;
        };
    }
}
