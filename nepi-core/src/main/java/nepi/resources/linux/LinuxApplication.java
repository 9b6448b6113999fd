package nepi.resources.linux;

import static nepi.core.resource.ResourceState.READY;
import static nepi.core.resource.ResourceState.RELEASED;
import static nepi.core.resource.ResourceState.STARTED;
import static nepi.resources.linux.host.ShellWords.quote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import nepi.core.ExperimentController;
import nepi.core.TimeSpec;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceType;
import nepi.core.resource.Trace;
import nepi.core.resource.TraceSource;
import nepi.resources.linux.host.DetachedProcess;
import nepi.resources.linux.host.FileContent;
import nepi.resources.linux.host.Host;
import nepi.resources.linux.host.HostLostException;
import nepi.resources.linux.host.ProcessFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command run on a {@link LinuxNode}.
 *
 * <p>Deploy waits for the node to be READY, uploads {@code sources}, {@code files},
 * {@code libs} and {@code bins} to the node's shared directories, writes {@code code} and
 * {@code stdin}, installs {@code depends}, runs {@code build} and {@code install} (run-and-wait:
 * a failure fails the RM with the end of the script's output), and writes the command script.
 * Start runs the command detached, in a process group of its own; with a {@code readyCheck} ({@link ReadyCheck})
 * the RM enters STARTED only once a checker run on the node says the command is ready, and FAILED (with the check,
 * the time waited and the end of stderr) when it is not ready within {@code readyTimeout}. The RM learns by itself when
 * the command ends, without polling: STOPPED on exit code 0, FAILED otherwise (with the code
 * and the end of stderr as the reason); what the command left running in the background is
 * sent SIGTERM when it ends. Stop kills the whole process group (SIGTERM, then SIGKILL);
 * release does the same, whether or not the wrapper is still alive (so a command whose wrapper
 * was killed does not outlive the experiment), runs {@code tearDown} and, with
 * {@code hardRelease}, removes the application's directory. A build or install step still
 * running when the application's node is released (as {@code ec.release()} and
 * {@code ec.shutdown()} do) is killed at once, with its process group.
 *
 * <p>Commands and scripts may use {@code ${SRC} ${BIN} ${LIB} ${SHARE} ${APP_HOME}
 * ${RUN_HOME} ${NODE_HOME} ${EXP_HOME}} (see {@link PathVariables}); {@code ${BIN}} is on
 * the PATH and {@code ${LIB}} on the LD_LIBRARY_PATH.
 */
@ResourceType(
        value = "linux::Application",
        aliases = {"LinuxApplication"},
        help = "A command run on a linux::Node: uploads, installs dependencies, builds, then runs the command in the"
                + " background; STOPPED when it exits with 0, FAILED otherwise. Traces: stdout, stderr, exitcode.")
public class LinuxApplication extends ResourceManager implements NodeUser {

    public static final Attribute<String> COMMAND = Attribute.ofString(
                    "command",
                    "Shell command to run (bash); may use ${SRC} ${BIN} ${LIB} ${SHARE} ${APP_HOME} ${RUN_HOME} ${NODE_HOME}"
                            + " ${EXP_HOME}")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> ENV = Attribute.ofString(
                    "env", "Environment for the command, as shell assignments: 'VAR1=value1 VAR2=value2'")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> SUDO = Attribute.ofBoolean(
                    "sudo",
                    "Run the command as root with 'sudo -n' (needs passwordless sudo; ignored when already root)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> DEPENDS = Attribute.ofString(
                    "depends", "Packages to install before building (space-separated), with apt-get, dnf or yum")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> SOURCES = Attribute.ofString(
                    "sources", "Local files to upload to ${SRC} before building (space- or ';'-separated)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> FILES = Attribute.ofString(
                    "files", "Local files to upload to ${SHARE} (space- or ';'-separated)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> LIBS = Attribute.ofString(
                    "libs", "Local libraries to upload to ${LIB} (space- or ';'-separated)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> BINS = Attribute.ofString(
                    "bins", "Local programs to upload to ${BIN} (space- or ';'-separated)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> CODE = Attribute.ofString(
                    "code", "Text (source code, a script) written to the file ${APP_HOME}/code before building")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> BUILD = Attribute.ofString(
                    "build",
                    "Shell script run in ${APP_HOME} to build, after uploads and dependencies; its failure fails deploy")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> INSTALL = Attribute.ofString(
                    "install", "Shell script run in ${APP_HOME} after the build; its failure fails deploy")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> STDIN = Attribute.ofString(
                    "stdin", "Text given to the command on its standard input")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> TEAR_DOWN = Attribute.ofString(
                    "tearDown", "Shell script run in ${APP_HOME} at release, after the command's processes are gone")
            .withFlags(Flag.DESIGN);

    public static final Attribute<String> READY_CHECK = Attribute.ofString(
                    "readyCheck",
                    "When the started command counts as ready, i.e. STARTED: port:N (something listens on TCP port N on"
                            + " the node), file:PATH (the file exists; relative to ${RUN_HOME}), cmd:COMMAND (the"
                            + " shell command, run in ${RUN_HOME}, exits with 0), or none. Checked on the node with a"
                            + " short backoff; the RM fails when it does not pass within readyTimeout")
            .withFlags(Flag.DESIGN)
            .withHook((rm, value) -> value == null
                    ? null
                    : ReadyCheck.parse(value).map(ReadyCheck::toString).orElse("none"));
    public static final Attribute<String> READY_TIMEOUT = Attribute.ofString(
                    "readyTimeout",
                    "How long readyCheck may take before the RM fails: seconds (30) or a number and a unit (h, m, s,"
                            + " ms), e.g. 30s")
            .withDefault("30s")
            .withFlags(Flag.DESIGN)
            .withHook((rm, value) -> {
                if (value != null) {
                    ReadyCheck.parseTimeout(value);
                }
                return value == null ? null : value.strip();
            });

    public static final Trace STDOUT = Trace.enabled("stdout", "Standard output of the command");
    public static final Trace STDERR = Trace.enabled("stderr", "Standard error of the command");
    public static final Trace EXITCODE = Trace.enabled("exitcode", "Exit code of the command, once it ended");

    private static final Logger LOG = LoggerFactory.getLogger(LinuxApplication.class);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(30);
    /** How long after its readyTimeout a check that hangs (a cmd: check that never returns) is killed. */
    private static final Duration CHECK_GRACE = Duration.ofSeconds(5);
    /** Exit codes of the readiness checker script: the time-out passed, or the command ended first. */
    private static final int CHECK_TIMED_OUT = 2;

    private static final int CHECK_COMMAND_ENDED = 3;

    private volatile LinuxNode node;
    private volatile ProcessFiles files;
    private volatile PathVariables variables;
    private volatile boolean sudo;
    private volatile DetachedProcess process;
    /** The start on its way to the host (see doStart), until start settles it. */
    private volatile CompletableFuture<DetachedProcess> starting;
    /** How long a release waits for a start on its way, to kill what it started. */
    private static final Duration START_WAIT_AT_RELEASE = Duration.ofSeconds(30);

    private volatile Ending ending;
    /** The pid file of the build or install step running now, or null. */
    private volatile String runningStepPidFile;

    private volatile boolean stepsStopped;
    private volatile boolean terminated;
    /** The readiness check of this application, fixed at deploy; null when it has none. */
    private volatile ReadyCheck check;

    private volatile Duration readyTimeout;
    /** The files of the readiness checker, a detached script next to the command's files. */
    private volatile ProcessFiles checkerFiles;
    /** Files written at deploy only in name: they go to the host with the start (see doDeploy). */
    private volatile List<FileContent> unwritten = List.of();
    /** The readiness check of the command started last, until it is settled. */
    private volatile Readiness readiness;

    /** How a started command ended, as the host reported it. */
    private record Ending(DetachedProcess process, Integer exitCode, Throwable error) {}

    /** How the readiness checker ended: its exit code, or the error of a host that can no longer tell. */
    private record CheckOutcome(Integer code, Throwable error, Instant at) {}

    /**
     * The readiness check of one started command: a detached script on the node that polls with a short backoff
     * and exits with 0 once the check passes, {@value #CHECK_TIMED_OUT} at the time-out, or
     * {@value #CHECK_COMMAND_ENDED} when the command ended first. Its end is learnt like a command's (no thread
     * waits for it), and then settled by {@link #start()} again, under the RM's lock.
     */
    private static final class Readiness {
        final ReadyCheck check;
        final Duration timeout;
        final DetachedProcess command;
        final Instant began;
        volatile DetachedProcess checker;
        volatile CheckOutcome outcome;
        volatile boolean killedAtTimeout;

        Readiness(ReadyCheck check, Duration timeout, DetachedProcess command, Instant began) {
            this.check = check;
            this.timeout = timeout;
            this.command = command;
            this.began = began;
        }
    }

    public LinuxApplication(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    // ---------------------------------------------------------------- for subtypes

    /** The command to run; subtypes build it from their attributes. */
    protected String command() {
        return get(COMMAND);
    }

    /** Programs the command needs on the host; deploy fails clearly when one is missing. */
    protected List<RequiredTool> requiredTools() {
        return List.of();
    }

    /**
     * When a started command counts as ready: the {@code readyCheck} attribute. Server-like subtypes give a check of
     * their own when the attribute is not set (an iperf3 server: its port listens).
     */
    protected Optional<ReadyCheck> readyCheck() {
        return ReadyCheck.parse(get(READY_CHECK));
    }

    /** Checks that the host can run this application, once its node is ready; throws to refuse. */
    protected void checkHost(LinuxNode on) throws Exception {}

    /** The node this application runs on (after deploy started). */
    public LinuxNode node() {
        LinuxNode n = node;
        return n != null ? n : findNode();
    }

    /** The exit code of the command, once it ended by itself. */
    public OptionalInt getExitCode() {
        Ending e = ending;
        return e == null || e.exitCode() == null ? OptionalInt.empty() : OptionalInt.of(e.exitCode());
    }

    /** The command's pid (also its process group), while it runs or once it ran; -1 before. */
    public int getPid() {
        DetachedProcess p = process;
        return p == null ? -1 : p.pid();
    }

    /** The variables this application's commands may use; known once deploy reached its node. */
    public PathVariables pathVariables() {
        PathVariables v = variables;
        if (v == null) {
            throw new IllegalStateException(this + " has not deployed yet");
        }
        return v;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    protected void checkConnection(ResourceManager other) {
        if (other instanceof LinuxNode
                && !getConnected(LinuxNode.class).isEmpty()
                && !getConnections().contains(other.getGuid())) {
            throw new IllegalArgumentException(this + " already runs on "
                    + getConnected(LinuxNode.class).get(0) + "; an application runs on one linux::Node");
        }
    }

    private LinuxNode findNode() {
        List<LinuxNode> nodes = getConnected(LinuxNode.class);
        if (nodes.isEmpty()) {
            throw new IllegalStateException(
                    this + " is not connected to a linux::Node; connect it with" + " ec.registerConnection(app, node)");
        }
        return nodes.get(0);
    }

    @Override
    protected void doDeploy() throws Exception {
        LinuxNode n = findNode();
        if (deferUntil(n, READY, this::deploy)) {
            return;
        }
        node = n;
        String command = command();
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException(
                    this + ": attribute 'command' is not set; give the command to run," + " e.g. \"echo hello\"");
        }
        Host host = n.host();
        NodeLayout layout = n.layout();
        PathVariables vars = PathVariables.of(layout, getGuid());
        variables = vars;
        sudo = get(SUDO) && !n.isRoot();
        String appHome = layout.appHome(getGuid());
        ProcessFiles pf = new ProcessFiles(layout.appRunHome(getGuid()));
        checkHost(n);

        upload(host, SOURCES, layout.src());
        upload(host, FILES, layout.share());
        upload(host, LIBS, layout.lib());
        upload(host, BINS, layout.bin());

        List<FileContent> writes = new ArrayList<>();
        if (get(CODE) != null) {
            writes.add(FileContent.text(appHome + "/code", get(CODE), false));
        }
        if (get(STDIN) != null) {
            writes.add(FileContent.text(pf.stdin(), vars.substitute(get(STDIN)), false));
        }
        writes.add(FileContent.text(pf.commandScript(), commandScript(vars, layout, vars.substitute(command)), true));
        writes.add(FileContent.text(pf.wrapperScript(), host.wrapperText(pf, sudo), true));
        ReadyCheck ready = readyCheck().orElse(null);
        Duration timeout = ReadyCheck.parseTimeout(get(READY_TIMEOUT));
        ProcessFiles checker = new ProcessFiles(layout.appRunHome(getGuid()) + "/ready");
        if (ready != null) {
            String script = checkerScript(ready, timeout, vars, layout, pf, checker);
            writes.add(FileContent.text(checker.commandScript(), script, true));
            // Not under sudo: reading /proc/net and the files needs no privilege.
            writes.add(FileContent.text(checker.wrapperScript(), host.wrapperText(checker, false), true));
        }
        if (blank(get(BUILD)) && blank(get(INSTALL)) && blank(get(TEAR_DOWN))) {
            // Nothing at deploy reads them: they go with the start, one round trip instead of
            // two for each application (on a fleet, every request also costs processes on a host).
            unwritten = List.copyOf(writes);
        } else {
            host.writeFiles(writes);
            unwritten = List.of();
        }
        check = ready;
        readyTimeout = timeout;
        checkerFiles = checker;

        n.installPackages(words(get(DEPENDS)), appHome);
        checkTools(n);
        runDeployStep(host, layout, vars, appHome, "build", get(BUILD));
        runDeployStep(host, layout, vars, appHome, "install", get(INSTALL));
        files = pf;
        super.doDeploy();
    }

    private String commandScript(PathVariables vars, NodeLayout layout, String command) {
        StringBuilder s = new StringBuilder("#!/bin/bash\n");
        s.append("# Written by NEPI for ").append(this).append('\n');
        s.append(environment(vars, layout));
        s.append("cd ").append(quote(layout.appRunHome(getGuid()))).append(" || exit 127\n");
        s.append(command).append('\n');
        return s.toString();
    }

    /**
     * The readiness checker: polls {@code check} in the command's directory, pausing 20 ms, then twice as long each
     * time up to 0.5 s, until it passes (exit 0), the time-out passes (exit 2) or the command is gone (exit 3, after
     * one last look, so that a command that made its file and ended still counts as ready). The output of the last
     * failed look is kept in {@code check.out} for the failure reason.
     */
    private String checkerScript(
            ReadyCheck ready,
            Duration timeout,
            PathVariables vars,
            NodeLayout layout,
            ProcessFiles command,
            ProcessFiles checker) {
        String out = quote(checker.dir() + "/check.out");
        return "#!/bin/bash\n"
                + "# Written by NEPI: readiness check of " + this + ": " + ready + ", for at most "
                + TimeSpec.format(timeout) + "\n"
                + environment(vars, layout)
                + "cd " + quote(layout.appRunHome(getGuid())) + " || exit 127\n"
                + "ready() {\n" + ready.test(vars) + "}\n"
                + "app=$(cat " + quote(command.pidFile()) + " 2>/dev/null)\n"
                + "end=$(( $(date +%s%3N) + " + timeout.toMillis() + " ))\n"
                + "pause=20\n"
                + "while :; do\n"
                + "  ready >" + out + " 2>&1 </dev/null && exit 0\n"
                + "  if [ -n \"$app\" ]; then\n"
                + "    st=; { read -r _ _ st _ < \"/proc/$app/stat\"; } 2>/dev/null\n"
                + "    if [ -z \"$st\" ] || [ \"$st\" = Z ]; then\n"
                + "      ready >" + out + " 2>&1 </dev/null && exit 0\n"
                + "      exit " + CHECK_COMMAND_ENDED + "\n"
                + "    fi\n"
                + "  fi\n"
                + "  [ \"$(date +%s%3N)\" -ge \"$end\" ] && exit " + CHECK_TIMED_OUT + "\n"
                + "  sleep \"$(printf '%d.%03d' $((pause / 1000)) $((pause % 1000)))\"\n"
                + "  pause=$((pause * 2)); [ \"$pause\" -gt 500 ] && pause=500\n"
                + "done\n";
    }

    private String environment(PathVariables vars, NodeLayout layout) {
        StringBuilder s = new StringBuilder();
        s.append("export PATH=").append(quote(layout.bin())).append(":\"$PATH\"\n");
        s.append("export LD_LIBRARY_PATH=")
                .append(quote(layout.lib()))
                .append("${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}\n");
        String env = get(ENV);
        if (env != null && !env.isBlank()) {
            s.append("export ").append(vars.substitute(env.strip())).append('\n');
        }
        return s.toString();
    }

    private void runStep(Host host, NodeLayout layout, PathVariables vars, String appHome, String name, String script)
            throws IOException {
        if (script == null || script.isBlank()) {
            return;
        }
        String text = "# Written by NEPI: " + name + " of " + this + "\nset -e\n" + environment(vars, layout) + "cd "
                + quote(appHome) + "\n" + vars.substitute(script) + "\n";
        host.runScript(appHome, name, text, name + " of " + this, SCRIPT_TIMEOUT);
    }

    /** Runs the {@code build} or {@code install} step so that {@link #stopRunningStep} can kill it. */
    private void runDeployStep(
            Host host, NodeLayout layout, PathVariables vars, String appHome, String name, String script)
            throws IOException {
        if (script == null || script.isBlank()) {
            return;
        }
        // Published before the check, so that stopRunningStep either sees the step or is seen.
        runningStepPidFile = appHome + "/" + name + ".pid";
        try {
            if (stepsStopped) {
                throw new IllegalStateException(name + " of " + this + " not run: the application is being released");
            }
            runStep(host, layout, vars, appHome, name, script);
        } catch (IOException e) {
            if (stepsStopped) {
                throw new IllegalStateException(
                        name + " of " + this + " stopped: the application is being released", e);
            }
            throw e;
        } finally {
            runningStepPidFile = null;
        }
    }

    /**
     * Kills the build or install step running now, if any, with its process group, and runs no
     * further step: deploy then fails at once instead of holding the application (and its
     * release) until the step ends. Called by the node's release and this RM's own, without
     * this RM's lock, which the running deploy holds.
     */
    @Override
    protected void interruptRunningStep() {
        stopRunningStep();
    }

    void stopRunningStep() {
        stepsStopped = true;
        String pidFile = runningStepPidFile;
        LinuxNode n = node;
        if (pidFile == null || n == null) {
            return;
        }
        try {
            Host host = n.host();
            // The pid file is emptied before the step starts and gets its pid a moment later.
            for (int tries = 0; tries < 50 && pidFile.equals(runningStepPidFile); tries++) {
                String pid = host.run("cat " + quote(pidFile) + " 2>/dev/null", null, Duration.ofSeconds(30))
                        .stdout()
                        .strip();
                if (pid.matches("[1-9][0-9]*")) {
                    host.killGroup(Integer.parseInt(pid), false);
                    return;
                }
                Thread.sleep(100);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: could not stop its running step: {}", this, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void upload(Host host, Attribute<String> attr, String dir) throws IOException {
        for (String file : words(get(attr))) {
            Path local = Path.of(file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file);
            if (!Files.isRegularFile(local)) {
                throw new IllegalArgumentException(
                        this + ": attribute '" + attr.getName() + "' names " + file + ", which is not a local file");
            }
            host.upload(local, dir + "/" + local.getFileName());
        }
    }

    private void checkTools(LinuxNode n) throws IOException {
        List<RequiredTool> tools = requiredTools();
        if (tools.isEmpty()) {
            return;
        }
        String names = tools.stream().map(t -> quote(t.command())).collect(Collectors.joining(" "));
        String missing = n.host()
                .run("PATH=\"$PATH:/usr/sbin:/sbin\"; for t in " + names
                        + "; do command -v \"$t\" >/dev/null 2>&1 || echo \"$t\"; done")
                .stdout()
                .strip();
        if (missing.isEmpty()) {
            return;
        }
        List<String> depends = words(get(DEPENDS));
        List<String> reasons = new ArrayList<>();
        for (RequiredTool tool : tools) {
            if (missing.lines().anyMatch(tool.command()::equals)) {
                reasons.add("'" + tool.command() + "' (Debian package " + tool.debianPackage() + ")");
            }
        }
        throw new IllegalStateException(this + " needs " + String.join(", ", reasons) + ", not installed on "
                + n.host().name()
                + (depends.isEmpty()
                        ? "; install it, or name its package in 'depends'"
                        : "; 'depends' (" + String.join(" ", depends) + ") did not provide it"));
    }

    /**
     * Starts the command. Without a readiness check the RM is STARTED at once; with one it stays where it is while a
     * checker polls on the node, and {@code start} runs again when the checker ended, to make it STARTED or FAILED.
     */
    @Override
    protected void doStart() throws Exception {
        Readiness pending = readiness;
        if (pending != null) {
            if (pending.outcome == null) {
                LOG.info("{}: start ignored, its readyCheck {} is still running", this, pending.check);
                return;
            }
            readiness = null;
            settle(pending);
            return;
        }
        ProcessFiles pf = files;
        LinuxNode n = node;
        CompletableFuture<DetachedProcess> s = starting;
        if (s == null) {
            // No worker waits for the host's answer: start runs again once it came (over SSH, a
            // fleet's starts are then all on their way together, batched per host).
            s = n.host().writeAndStartAsync(unwritten, pf);
            starting = s;
            if (!s.isDone()) {
                s.whenComplete((started, error) -> getEc().schedule(Duration.ZERO, this::start));
                return;
            }
        } else if (!s.isDone()) {
            return;
        }
        starting = null;
        DetachedProcess p;
        try {
            p = s.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        unwritten = List.of();
        process = p;
        ending = null;
        ReadyCheck ready = check;
        if (ready == null) {
            setStarted();
            p.exit().whenComplete((code, error) -> ended(new Ending(p, code, error)));
            return;
        }
        Readiness r = new Readiness(ready, readyTimeout, p, Instant.now());
        readiness = r;
        p.exit().whenComplete((code, error) -> ended(new Ending(p, code, error)));
        DetachedProcess checker;
        try {
            checker = n.host().startDetached(checkerFiles);
        } catch (IOException | RuntimeException e) {
            readiness = null;
            n.host().killGroup(p.pid(), sudo);
            throw new IOException("cannot start its readyCheck " + ready + ": " + e.getMessage(), e);
        }
        r.checker = checker;
        checker.exit().whenComplete((code, error) -> checked(r, code, error));
        try {
            // The checker ends by itself at the time-out; this is for a cmd: check that hangs.
            getEc().schedule(r.timeout.plus(CHECK_GRACE), () -> killHungChecker(r));
        } catch (RejectedExecutionException | IllegalStateException e) {
            LOG.debug("{}: no watchdog for its readyCheck, the experiment shuts down", this);
        }
    }

    /** Called (on any thread) when the readiness checker of {@code r} ended. */
    private void checked(Readiness r, Integer code, Throwable error) {
        if (readiness != r) {
            return;
        }
        r.outcome = new CheckOutcome(code, error, Instant.now());
        try {
            // Through start(), so that the state changes under the RM's lock like any step.
            getEc().schedule(Duration.ZERO, this::start);
        } catch (RejectedExecutionException | IllegalStateException ex) {
            LOG.debug("{}: readyCheck ended while the experiment shuts down", this);
        }
    }

    private void killHungChecker(Readiness r) {
        DetachedProcess checker = r.checker;
        LinuxNode n = node;
        if (readiness != r || r.outcome != null || checker == null || n == null || n.getState() == RELEASED) {
            return;
        }
        r.killedAtTimeout = true;
        try {
            n.host().killGroup(checker.pid(), false);
        } catch (IOException e) {
            LOG.warn("{}: cannot stop its readyCheck: {}", this, e.getMessage());
        }
    }

    /** Makes the RM STARTED when its readiness check passed; otherwise stops the command and fails with why. */
    private void settle(Readiness r) throws IOException {
        CheckOutcome o = r.outcome;
        Ending e = ending;
        boolean endedFirst =
                (e != null && e.process() == r.command) || (o.error() == null && o.code() == CHECK_COMMAND_ENDED);
        if (o.error() == null && o.code() == 0) {
            setStarted();
            if (e != null && e.process() == r.command && !terminated) {
                // It ended while its check ran (see ended()): it stops now that it has started.
                getEc().schedule(Duration.ZERO, this::stop);
            }
            return;
        }
        Host host = node.host();
        if (!endedFirst) {
            host.killGroup(r.command.pid(), sudo);
        }
        // One command for everything the reason quotes: over SSH each read is a round trip.
        List<String> ends = tails(
                host,
                List.of(files.exitCodeFile(), checkerFiles.dir() + "/check.out", checkerFiles.stderr(), files.stderr()),
                List.of(20, 300, 300, 600));
        String waited = seconds(Duration.between(r.began, o.at()));
        String why;
        if (o.error() != null) {
            why = "cannot tell whether its readyCheck " + r.check + " passed: "
                    + o.error().getMessage();
        } else if (endedFirst && !r.killedAtTimeout) {
            String code = e != null && e.exitCode() != null ? e.exitCode().toString() : ends.get(0);
            why = (code.matches("\\d+") ? "the command exited with code " + code : "the command ended")
                    + " before its readyCheck " + r.check + " passed (after " + waited + ")";
        } else if (o.code() == CHECK_TIMED_OUT || r.killedAtTimeout) {
            why = "readyCheck " + r.check + " did not pass within " + TimeSpec.format(r.timeout) + " (waited " + waited
                    + ")";
        } else {
            why = "readyCheck " + r.check + " could not run (exit code " + o.code() + ")"
                    + (ends.get(2).isEmpty() ? "" : "; it said: " + ends.get(2));
        }
        if (!ends.get(1).isEmpty()) {
            why += "; last check: " + ends.get(1);
        }
        throw new IllegalStateException(
                why + (ends.get(3).isEmpty() ? "; nothing on stderr" : "; stderr of the command: " + ends.get(3)));
    }

    /** The last {@code max} bytes of each file (stripped; "" when missing or unreadable), in one command. */
    private static List<String> tails(Host host, List<String> paths, List<Integer> max) {
        StringBuilder command = new StringBuilder();
        for (int i = 0; i < paths.size(); i++) {
            command.append("tail -c ")
                    .append(max.get(i))
                    .append(" -- ")
                    .append(quote(paths.get(i)))
                    .append(" 2>/dev/null; printf '\\n\\036\\n'\n");
        }
        List<String> out = new ArrayList<>();
        try {
            String[] parts = host.run(command.toString(), null, Duration.ofMinutes(2))
                    .stdout()
                    .split("\n\u001e\n", -1);
            for (int i = 0; i < paths.size(); i++) {
                out.add(i < parts.length ? parts[i].strip() : "");
            }
        } catch (IOException ex) {
            LOG.debug("cannot read the ends of {}: {}", paths, ex.getMessage());
            paths.forEach(p -> out.add(""));
        }
        return out;
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** Called (on any thread) when the host reports the end of a command this RM started. */
    private void ended(Ending e) {
        if (e.process() != process) {
            return;
        }
        ending = e;
        if (terminated) {
            // terminateAll ended it for the release that follows: not the command failing.
            return;
        }
        if (getState() != STARTED) {
            // Still waiting for its readyCheck, which sees the end and settles the state (see settle()).
            return;
        }
        try {
            // Through stop(), so that the state changes under the RM's lock like any step.
            getEc().schedule(Duration.ZERO, this::stop);
        } catch (RejectedExecutionException | IllegalStateException ex) {
            LOG.debug("{} ended while the experiment shuts down", this);
        }
    }

    @Override
    protected void doStop() throws Exception {
        DetachedProcess p = process;
        Ending e = ending;
        if (e == null || e.process() != p) {
            node.host().killGroup(p.pid(), sudo);
            super.doStop();
            return;
        }
        if (e.error() instanceof HostLostException lost) {
            // Its message names the host and why; the command may still run there (release kills it).
            throw lost;
        }
        if (e.error() != null) {
            throw new IOException(
                    "cannot tell how the command ended: " + e.error().getMessage(), e.error());
        }
        if (e.exitCode() == 0) {
            super.doStop();
            return;
        }
        throw new IllegalStateException("command exited with code " + e.exitCode() + describeStderr());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private String describeStderr() {
        try {
            TraceSource err = node.host().file(files.stderr());
            long size = err.size();
            int length = (int) Math.min(size, 600);
            String tail = new String(err.read(size - length, length), StandardCharsets.UTF_8).strip();
            return tail.isEmpty() ? " (nothing on stderr)" : ": " + tail;
        } catch (IOException ex) {
            return " (stderr unreadable: " + ex.getMessage() + ")";
        }
    }

    @Override
    protected void doRelease() throws Exception {
        for (ResourceManager rm : getConnected()) {
            // A collector gathers this application's traces: it must do so before they go.
            if (rm instanceof LinuxCollector && rm.getState() != RELEASED) {
                rm.release();
            }
        }
        LinuxNode n = node;
        if (n != null && n.getState() != RELEASED) {
            String unreachable = n.unreachableAtReleaseReason();
            if (unreachable == null) {
                try {
                    releaseOnHost(n);
                } catch (IOException e) {
                    if (n.reachableForRelease()) {
                        throw e;
                    }
                    unreachable = e.getMessage();
                }
            }
            if (unreachable != null) {
                // Its host cannot be reached: what it left there is listed by the node's release, not waited for.
                DetachedProcess p = process;
                if (p != null) {
                    n.leftThere("process group " + p.pid() + " of " + this);
                }
                if (get(HARD_RELEASE)) {
                    n.leftThere(n.layout().appHome(getGuid()));
                }
                LOG.warn("{}: not cleaned up on {}: {}", this, n.host().name(), unreachable);
            }
        }
        super.doRelease();
    }

    /** Stops what this application runs on the host, runs its tearDown and, with hardRelease, removes its files. */
    private void releaseOnHost(LinuxNode n) throws IOException {
        Host host = n.host();
        Readiness r = readiness;
        readiness = null;
        if (r != null && r.checker != null && r.outcome == null) {
            host.killGroup(r.checker.pid(), false);
        }
        DetachedProcess p = process;
        CompletableFuture<DetachedProcess> s = starting;
        if (p == null && s != null) {
            // Released while its start was on its way: what it started is killed all the same.
            try {
                p = s.get(START_WAIT_AT_RELEASE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("{}: its start did not answer before its release: {}", this, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while releasing " + this, e);
            }
        }
        if (p != null) {
            // Even when the wrapper ended: killed (kill -9), it left the command and its
            // children running in the group, whose id is the wrapper's pid.
            host.killGroup(p.pid(), sudo);
        }
        String appHome = n.layout().appHome(getGuid());
        String tearDown = get(TEAR_DOWN);
        if (tearDown != null && !tearDown.isBlank()) {
            try {
                runStep(host, n.layout(), variables, appHome, "teardown", tearDown);
            } catch (IOException e) {
                LOG.warn("{}: {}", this, e.getMessage());
            }
        }
        if (get(HARD_RELEASE)) {
            host.remove(List.of(appHome));
        }
    }

    @Override
    public TraceSource traceSource(String name) {
        ProcessFiles pf = files;
        LinuxNode n = node;
        // After its node is released, a remote host can no longer be read; local files still can.
        if (pf == null || n == null || (n.getState() == RELEASED && !n.host().isLocal())) {
            return null;
        }
        return switch (name) {
            case "stdout" -> n.host().file(pf.stdout());
            case "stderr" -> n.host().file(pf.stderr());
            case "exitcode" -> n.host().file(pf.exitCodeFile());
            default -> null;
        };
    }

    /** The words of a list attribute, separated by spaces or ';'. */
    static List<String> words(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.strip().split("[\\s;]+"))
                .filter(w -> !w.isEmpty())
                .toList();
    }

    /** Whether the command runs now. */
    public boolean isRunning() {
        return getState() == STARTED && ending == null;
    }

    /**
     * Sends SIGTERM, in one command per host, to the process group of every command of {@code ec} still running, so
     * that a release of many applications that follows finds them gone instead of killing and waiting for each in
     * turn (release still kills what is left, with its grace period). For a fast shutdown under a deadline, e.g. a
     * kernel that its front end kills a few seconds after asking it to stop.
     *
     * @return how many process groups were signalled
     */
    public static int terminateAll(ExperimentController ec) {
        Map<Host, Map<Boolean, List<Integer>>> groups = new LinkedHashMap<>();
        for (int guid : ec.getResources()) {
            if (ec.findResource(guid).orElse(null) instanceof LinuxApplication app && app.isRunning()) {
                LinuxNode n = app.node;
                DetachedProcess p = app.process;
                if (n != null && p != null) {
                    app.terminated = true;
                    groups.computeIfAbsent(n.host(), h -> new LinkedHashMap<>())
                            .computeIfAbsent(app.sudo, sudo -> new ArrayList<>())
                            .add(p.pid());
                }
            }
        }
        int signalled = 0;
        for (Map.Entry<Host, Map<Boolean, List<Integer>>> host : groups.entrySet()) {
            for (Map.Entry<Boolean, List<Integer>> bySudo : host.getValue().entrySet()) {
                String targets =
                        bySudo.getValue().stream().map(pgid -> "-" + pgid).collect(Collectors.joining(" "));
                try {
                    // "kill -TERM -PGID ...": one process for all groups; a group already gone is not an error.
                    // Through sudo it is procps' kill, which without "--" reads "-PGID" as an option and signals
                    // group -1 (everything); dash's built-in kill refuses "--".
                    host.getKey()
                            .run((bySudo.getKey() ? "sudo -n kill -TERM -- " : "kill -TERM ") + targets
                                    + " 2>/dev/null; exit 0");
                    signalled += bySudo.getValue().size();
                } catch (IOException e) {
                    LOG.warn("cannot signal the applications on {}: {}", host.getKey(), e.getMessage());
                }
            }
        }
        return signalled;
    }
}
