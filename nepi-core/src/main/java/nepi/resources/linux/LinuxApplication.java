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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import nepi.core.ExperimentController;
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
 * Start runs the command detached, in a process group of its own. The RM learns by itself when
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
public class LinuxApplication extends ResourceManager {

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

    public static final Trace STDOUT = Trace.enabled("stdout", "Standard output of the command");
    public static final Trace STDERR = Trace.enabled("stderr", "Standard error of the command");
    public static final Trace EXITCODE = Trace.enabled("exitcode", "Exit code of the command, once it ended");

    private static final Logger LOG = LoggerFactory.getLogger(LinuxApplication.class);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(30);

    private volatile LinuxNode node;
    private volatile ProcessFiles files;
    private volatile PathVariables variables;
    private volatile boolean sudo;
    private volatile DetachedProcess process;
    private volatile Ending ending;
    /** The pid file of the build or install step running now, or null. */
    private volatile String runningStepPidFile;

    private volatile boolean stepsStopped;
    private volatile boolean terminated;

    /** How a started command ended, as the host reported it. */
    private record Ending(DetachedProcess process, Integer exitCode, Throwable error) {}

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
        host.writeFiles(writes);

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

    @Override
    protected void doStart() throws Exception {
        ProcessFiles pf = files;
        LinuxNode n = node;
        DetachedProcess p = n.host().startDetached(pf);
        process = p;
        ending = null;
        setStarted();
        p.exit().whenComplete((code, error) -> ended(new Ending(p, code, error)));
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
            Host host = n.host();
            DetachedProcess p = process;
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
        super.doRelease();
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
                    host.getKey()
                            .run((bySudo.getKey() ? "sudo -n kill" : "kill") + " -TERM " + targets
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
