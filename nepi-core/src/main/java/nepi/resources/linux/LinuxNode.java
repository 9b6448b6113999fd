package nepi.resources.linux;

import static nepi.resources.linux.host.ShellWords.quote;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import nepi.core.ExperimentController;
import nepi.core.exec.CommandNode;
import nepi.core.exec.CommandProcess;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.core.resource.ResourceType;
import nepi.resources.linux.host.CommandResult;
import nepi.resources.linux.host.Host;
import nepi.resources.linux.host.LocalHost;
import nepi.resources.linux.host.SshConnection;
import nepi.resources.linux.host.SshHost;
import nepi.resources.linux.host.SshTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Linux host. The names {@code localhost}, {@code 127.0.0.1} and {@code ::1} (with no
 * {@code port} and no {@code gateway} set) mean this machine, where commands run as local
 * processes; any other host, or a local name with a port, is reached over SSH, through one
 * connection shared by every resource on it.
 *
 * <p>Provisioning checks that the host answers and creates the directory layout of
 * {@link NodeLayout}. Commands run on it with {@code ec.exec(guid, command)} ({@link CommandNode}) once it is
 * provisioned. Release ends the commands still running there, releases the applications on the node first (they need its
 * connection to stop their processes), runs {@code tearDown}, then lets the connection go.
 */
@ResourceType(
        value = "linux::Node",
        aliases = {"LinuxNode"},
        help = "A Linux host: this machine (hostname localhost, 127.0.0.1 or ::1, with no port or gateway set) "
                + "or a host reached over SSH (keys from 'identity' or ~/.ssh, host key checked against 'serverKey' "
                + "or 'knownHosts'). NEPI keeps its files under ~/.nepi on the host.")
public class LinuxNode extends ResourceManager implements CommandNode {

    /** The names of this machine. */
    public static final Set<String> LOCAL_NAMES = Set.of("localhost", "127.0.0.1", "::1");

    public static final Attribute<String> HOSTNAME = Attribute.ofString(
                    "hostname",
                    "Host name or address; localhost, 127.0.0.1 or ::1 (with no port or gateway set) run commands as local"
                            + " processes, anything else is reached over SSH")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> USERNAME = Attribute.ofString(
                    "username", "User to log in as over SSH (default: the user running NEPI)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Integer> PORT = Attribute.ofInteger(
                    "port", "SSH port (default 22); setting it for a local name reaches this machine over SSH")
            .withRange(1, 65535)
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> IDENTITY = Attribute.ofString(
                    "identity", "Private key file to log in with (default: ~/.ssh/id_ed25519, id_ecdsa, id_rsa)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> SERVER_KEY = Attribute.ofString(
                    "serverKey",
                    "The host's public key in OpenSSH format ('ssh-ed25519 AAAA...'); when set, the host must present"
                            + " exactly this key, otherwise its key is checked against 'knownHosts'")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> KNOWN_HOSTS = Attribute.ofString(
                    "knownHosts",
                    "Known-hosts file to check host keys against (default: ~/.ssh/known_hosts); unknown hosts are refused")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> GATEWAY = Attribute.ofString(
                    "gateway", "Host to hop through to reach this one over SSH (like ssh -J)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> GATEWAY_USER = Attribute.ofString(
                    "gatewayUser", "User on the gateway (default: 'username')")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Integer> GATEWAY_PORT = Attribute.ofInteger("gatewayPort", "SSH port of the gateway")
            .withDefault(22)
            .withRange(1, 65535)
            .withFlags(Flag.DESIGN);
    public static final Attribute<Double> CONNECT_TIMEOUT = Attribute.ofDouble(
                    "connectTimeout",
                    "Seconds that connecting and logging in over SSH may take, and that a connected host may leave"
                            + " keepalives unanswered before it counts as lost (a slow shell start-up is not a failure as"
                            + " long as the host answers)")
            .withDefault(10.0)
            .withRange(0.5, 600)
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> HOME = Attribute.ofString(
                    "home",
                    "Directory under which NEPI keeps its files (.nepi/...) on the host (default: the user's home)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> CLEAN_HOME = Attribute.ofBoolean(
                    "cleanHome",
                    "Remove everything NEPI kept on the host (~/.nepi, shared files included) before deploying")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> CLEAN_EXPERIMENT = Attribute.ofBoolean(
                    "cleanExperiment",
                    "Remove the files of earlier runs of this experiment (~/.nepi/nepi-exp/<expId>) before deploying")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> CLEAN_PROCESSES = Attribute.ofBoolean(
                    "cleanProcesses",
                    "Kill the processes that earlier NEPI runs left running on the host (any experiment of this user)"
                            + " before deploying")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> UNDERLAY = Attribute.ofString(
                    "underlay",
                    "IPv4 address of this host that the other hosts reach, for the VXLAN tunnels of netns links and"
                            + " switches spanning hosts (default: the address the host itself uses towards them)")
            .withFlags(Flag.DESIGN)
            .withHook((rm, value) -> value == null || value.isBlank() ? null : checkIpv4(value.strip()));
    public static final Attribute<String> TEAR_DOWN = Attribute.ofString(
                    "tearDown", "Shell script run on the host at release (after the applications are released)")
            .withFlags(Flag.DESIGN);

    private static final Logger LOG = LoggerFactory.getLogger(LinuxNode.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private final Object installLock = new Object();
    private volatile Host host;
    /** The SSH host being connected since the start of deploy, and its connection's opening. */
    private volatile Host opened;

    private volatile CompletableFuture<Void> opening;
    private volatile NodeLayout layout;
    private volatile boolean root;
    /** Commands started by {@code ec.exec} that still run: release ends them. */
    private final Set<CommandProcess> commands = ConcurrentHashMap.newKeySet();

    private volatile boolean releasing;
    /** Why the host could not be reached at release, once release found it so; null otherwise. */
    private volatile String unreachableAtRelease;
    /** What release had to leave on an unreachable host (process groups, directories). */
    private final List<String> leftThere = new CopyOnWriteArrayList<>();

    /**
     * A node whose host could not be reached when it was released: what was left running or stored there.
     *
     * @param guid the node
     * @param host the host, as {@code user@host:port}
     * @param reason why it could not be reached
     * @param leftThere what release could not remove: process groups of applications, directories
     */
    public record Unreached(int guid, String host, String reason, List<String> leftThere) {}

    public LinuxNode(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    /** Whether this node is this machine, reached without SSH. */
    public boolean isLocal() {
        String name = get(HOSTNAME);
        return name != null && LOCAL_NAMES.contains(name.strip()) && !isSet(PORT.getName()) && get(GATEWAY) == null;
    }

    /**
     * The host, to run commands on.
     *
     * @throws IllegalStateException before the node is provisioned
     */
    public Host host() {
        Host h = host;
        if (h == null) {
            throw new IllegalStateException(this + " is not provisioned yet (it is " + getState() + ")");
        }
        return h;
    }

    /** Where files go on the host; known once the node is provisioned. */
    public NodeLayout layout() {
        NodeLayout l = layout;
        if (l == null) {
            throw new IllegalStateException(this + " is not provisioned yet (it is " + getState() + ")");
        }
        return l;
    }

    /** Whether commands on the host run as root. */
    public boolean isRoot() {
        return root;
    }

    /**
     * Over SSH, connects first (key exchange, login, the shell and its rc files) without holding
     * a worker: the connection opens in the background, on the bounded pool of
     * {@link SshConnection#CONNECT_CONCURRENCY}, and deploy resumes when it is open or failed. So
     * a fleet's connections are opened together from the start of deploy, not a worker pool's
     * worth at a time.
     */
    @Override
    protected void doDeploy() throws Exception {
        if (getState() == ResourceState.NEW && !isLocal() && getClass() == LinuxNode.class) {
            CompletableFuture<Void> f = opening;
            if (f == null) {
                Host h = openHost();
                opened = h;
                f = h instanceof SshHost ssh ? ssh.connection().openAsync() : CompletableFuture.completedFuture(null);
                opening = f;
                if (!f.isDone()) {
                    f.whenComplete((ok, error) -> getEc().schedule(Duration.ZERO, this::deploy));
                    return;
                }
            } else if (!f.isDone()) {
                return;
            }
        }
        super.doDeploy();
    }

    /**
     * Starts {@code command} on the host (inside the namespace for a {@code netns::Node}); release ends it if it
     * still runs then.
     *
     * @throws IllegalStateException before the node is provisioned or once its release began
     */
    @Override
    public CommandProcess startCommand(String command, OutputStream stdout, OutputStream stderr) throws IOException {
        if (releasing) {
            throw new IllegalStateException(
                    this + " is being released (it is " + getState() + "): it runs no more" + " commands");
        }
        CommandProcess process = host().start(command, stdout, stderr);
        commands.add(process);
        process.exit().whenComplete((code, failure) -> commands.remove(process));
        if (releasing) {
            endCommands();
        }
        return process;
    }

    private void endCommands() {
        for (CommandProcess process : List.copyOf(commands)) {
            try {
                process.kill();
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: could not end {}: {}", this, process, e.getMessage());
            }
        }
    }

    @Override
    protected void doProvision() throws Exception {
        Host h = opened != null ? opened : openHost();
        host = h;
        CompletableFuture<Void> f = opening;
        if (f != null && f.isCompletedExceptionally()) {
            try {
                f.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
        List<String> lines;
        if (h instanceof SshHost ssh) {
            // The host's shell said all three when it started: no request (and no processes there) of its own.
            SshHost.Probe p = ssh.probe();
            lines = List.of(Integer.toString(p.uid()), p.os(), p.home());
        } else {
            CommandResult probe = h.run("id -u && uname -s && echo \"$HOME\"", null, PROBE_TIMEOUT)
                    .orThrow("checking that " + h.name() + " answers");
            lines = probe.stdout().lines().toList();
        }
        if (lines.size() < 2 || !lines.get(1).strip().equals("Linux")) {
            throw new IllegalStateException(h.name() + " is not a Linux host (uname -s says "
                    + (lines.size() < 2 ? "nothing" : lines.get(1)) + ")");
        }
        root = lines.get(0).strip().equals("0");
        String home = homeDir(lines.size() > 2 ? lines.get(2).strip() : "");
        NodeLayout l = new NodeLayout(home, getEc().getExpId(), getEc().getRunId(), getGuid());
        clean(h, l);
        List<String> dirs = new ArrayList<>(List.of(l.bin(), l.lib(), l.src(), l.share(), l.nodeRunHome()));
        for (ResourceManager rm : getConnected()) {
            if (rm instanceof LinuxApplication) {
                // Their run directories too, in the same mkdir: a start then needs no mkdir of its own
                // (on a fleet, each process a start costs delays every host's start).
                dirs.add(l.appRunHome(rm.getGuid()));
            }
        }
        h.mkdirs(dirs);
        watchExits(h, l.exitEvents());
        layout = l;
        super.doProvision();
    }

    /**
     * Makes detached commands on {@code h} report their end through {@code eventsFile} (over
     * SSH: one watcher per host object); local processes report theirs by themselves. Subtypes
     * whose host wraps another override it.
     */
    protected void watchExits(Host h, String eventsFile) throws IOException {
        if (h instanceof SshHost ssh) {
            ssh.watchExits(eventsFile);
        }
    }

    /**
     * A host object of its own on the host of this node, for resources that live there too
     * (a {@code netns::Node} connected to this node): this machine, or an SSH host sharing this
     * node's connection (the caller closes it; the connection stays open while any user has it).
     */
    public Host openSharedHost() throws IOException {
        return openHost();
    }

    private static String checkIpv4(String value) {
        String[] parts = value.split("\\.", -1);
        boolean ok = parts.length == 4;
        for (int i = 0; ok && i < 4; i++) {
            ok = parts[i].matches("[0-9]{1,3}") && Integer.parseInt(parts[i]) <= 255;
        }
        if (!ok) {
            throw new IllegalArgumentException("underlay \"" + value + "\" is not an IPv4 address; give the address"
                    + " of this host that the other hosts reach, e.g. 10.0.0.2");
        }
        return value;
    }

    /**
     * Opens the host this node's commands run on: this machine or an SSH connection, from
     * {@code hostname}. Called once, at provision. Subtypes that run commands elsewhere (inside
     * a network namespace, say) override it.
     */
    protected Host openHost() throws IOException {
        String hostname = get(HOSTNAME);
        if (hostname == null || hostname.isBlank()) {
            throw new IllegalArgumentException(this + ": attribute 'hostname' is not set; give the host's name or"
                    + " address (localhost for this machine)");
        }
        return isLocal() ? new LocalHost(get(HOME)) : new SshHost(sshTarget(hostname.strip()), null);
    }

    private String homeDir(String printedHome) {
        String configured = get(HOME);
        if (configured == null || configured.isBlank()) {
            if (printedHome.isEmpty()) {
                throw new IllegalStateException("$HOME is not set on " + host.name() + "; set the node's 'home'");
            }
            return printedHome;
        }
        configured = configured.strip();
        if (configured.equals("~") || configured.startsWith("~/")) {
            return printedHome + configured.substring(1);
        }
        if (!configured.startsWith("/")) {
            throw new IllegalArgumentException(this + ": attribute 'home' must be an absolute path (or start with ~/),"
                    + " got \"" + configured + "\"");
        }
        return configured;
    }

    private SshTarget sshTarget(String hostname) {
        String user = get(USERNAME) != null ? get(USERNAME) : System.getProperty("user.name");
        String sshDir = System.getProperty("user.home") + "/.ssh";
        Path identity = get(IDENTITY) == null ? null : Path.of(expandLocal(get(IDENTITY)));
        Path knownHosts = Path.of(get(KNOWN_HOSTS) == null ? sshDir + "/known_hosts" : expandLocal(get(KNOWN_HOSTS)));
        String gateway = get(GATEWAY);
        String gatewayUser = get(GATEWAY_USER) != null ? get(GATEWAY_USER) : user;
        int port = get(PORT) != null ? get(PORT) : 22;
        return new SshTarget(
                user,
                hostname,
                port,
                identity,
                get(SERVER_KEY),
                knownHosts,
                gateway == null || gateway.isBlank() ? null : gateway.strip(),
                gatewayUser,
                get(GATEWAY_PORT),
                Duration.ofMillis(Math.round(get(CONNECT_TIMEOUT) * 1000)));
    }

    private static String expandLocal(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }

    private void clean(Host h, NodeLayout l) throws IOException {
        if (get(CLEAN_PROCESSES)) {
            // Only processes NEPI started: a live pid whose command line names the wrapper next
            // to its pid file. This run's own processes are spared.
            String script = "for f in " + quote(l.root()) + "/nepi-exp/*/app-*/*/pid; do\n"
                    + "  [ -f \"$f\" ] || continue\n"
                    + "  dir=${f%/pid}\n"
                    + "  case \"$dir\" in " + quote(l.expHome()) + "/app-*/" + quote(l.runId()) + ") continue ;; esac\n"
                    + "  pid=$(cat \"$f\")\n"
                    + "  if [ -r /proc/$pid/cmdline ] && tr '\\0' ' ' < /proc/$pid/cmdline | grep -qF \"$dir/run.sh\";"
                    + " then kill -KILL -$pid 2>/dev/null; fi\n"
                    + "done\n"
                    + "exit 0\n";
            h.run(script).orThrow("cleaning processes of earlier runs on " + h.name());
        }
        if (get(CLEAN_HOME)) {
            h.remove(List.of(l.root()));
        } else if (get(CLEAN_EXPERIMENT)) {
            h.remove(List.of(l.expHome()));
        }
    }

    /**
     * Installs the packages that are not installed yet, with the host's package manager
     * (apt-get, dnf or yum; through {@code sudo -n} unless root). One installation at a time
     * per node, since package managers lock. The script stays in {@code scriptDir}.
     *
     * @throws nepi.resources.linux.host.CommandFailedException with the package manager's
     *         output when a package cannot be installed
     */
    public void installPackages(List<String> packages, String scriptDir) throws IOException {
        if (packages.isEmpty()) {
            return;
        }
        String list = String.join(" ", packages.stream().map(p -> quote(p)).toList());
        String script = "missing=''\n"
                + "for p in " + list + "; do\n"
                + "  if command -v dpkg-query >/dev/null 2>&1; then\n"
                + "    dpkg-query -W -f='${Status}' \"$p\" 2>/dev/null | grep -q 'ok installed' || missing=\"$missing $p\"\n"
                + "  elif command -v rpm >/dev/null 2>&1; then\n"
                + "    rpm -q \"$p\" >/dev/null 2>&1 || missing=\"$missing $p\"\n"
                + "  else missing=\"$missing $p\"; fi\n"
                + "done\n"
                + "[ -z \"$missing\" ] && exit 0\n"
                + "echo \"installing:$missing\"\n"
                + "if [ \"$(id -u)\" = 0 ]; then sudo=''; else sudo='sudo -n'; fi\n"
                + "if command -v apt-get >/dev/null 2>&1; then\n"
                + "  export DEBIAN_FRONTEND=noninteractive\n"
                + "  if ! ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1; then $sudo apt-get update -q || exit 1; fi\n"
                + "  $sudo apt-get install -y -q -o DPkg::Lock::Timeout=120 $missing\n"
                + "elif command -v dnf >/dev/null 2>&1; then $sudo dnf install -y $missing\n"
                + "elif command -v yum >/dev/null 2>&1; then $sudo yum install -y $missing\n"
                + "else echo \"no package manager (apt-get, dnf or yum) to install:$missing\" >&2; exit 1; fi\n";
        synchronized (installLock) {
            host().runScript(
                            scriptDir,
                            "depends",
                            script,
                            "installing packages " + packages + " on " + host().name(),
                            Duration.ofMinutes(15));
        }
    }

    /**
     * Whether this node's host could not be reached when it was released, and what was left there; empty when it
     * was reached (or is not released yet).
     */
    public Optional<Unreached> unreachedAtRelease() {
        String reason = unreachableAtRelease;
        Host h = host != null ? host : opened;
        return reason == null || h == null
                ? Optional.empty()
                : Optional.of(new Unreached(getGuid(), h.name(), reason, List.copyOf(leftThere)));
    }

    /**
     * The {@code linux::Node}s of {@code ec} whose hosts could not be reached at release (those with
     * {@code hardRelease} are forgotten by the controller once released, and so not listed).
     */
    public static List<Unreached> unreachedAtRelease(ExperimentController ec) {
        List<Unreached> all = new ArrayList<>();
        for (int guid : ec.getResources()) {
            if (ec.findResource(guid).orElse(null) instanceof LinuxNode node) {
                node.unreachedAtRelease().ifPresent(all::add);
            }
        }
        return all;
    }

    /**
     * Whether the host can be reached for release: tried once per release (at most the connect timeout for a
     * host that does not answer, at once for one found unreachable within it); false, with the reason kept, when
     * not. Applications being released call it when their clean-up fails.
     */
    boolean reachableForRelease() {
        if (unreachableAtRelease != null) {
            return false;
        }
        Host h = host != null ? host : opened;
        if (h instanceof SshHost ssh) {
            try {
                ssh.reach();
            } catch (IOException e) {
                unreachableAtRelease = e.getMessage();
                return false;
            }
        }
        return true;
    }

    /** Why the host was found unreachable by this release; null when it was not (or not tried yet). */
    String unreachableAtReleaseReason() {
        return unreachableAtRelease;
    }

    /** Notes what release had to leave on the unreachable host. */
    void leftThere(String what) {
        leftThere.add(what);
    }

    @Override
    protected void doRelease() throws Exception {
        releasing = true;
        Host h = host != null ? host : opened;
        // A host that cannot be reached is found so once (within the connect timeout), not once per application.
        boolean reachable =
                h == null || (opening != null && opening.isCompletedExceptionally()) || reachableForRelease();
        if (reachable) {
            endCommands();
        }
        // A deploying application holds its lock while a build or install step runs: stop the
        // step first, or its release (below) would wait for the step's end.
        for (ResourceManager rm : getConnected()) {
            if (reachable && rm instanceof LinuxApplication app && rm.getState() != ResourceState.RELEASED) {
                app.stopRunningStep();
            }
        }
        // Applications (and other users of the node) stop their processes through this node's connection: they go
        // first.
        for (ResourceManager rm : getConnected()) {
            if (rm instanceof NodeUser && rm.getState() != ResourceState.RELEASED) {
                rm.release();
            }
        }
        if (h != null) {
            String tearDown = get(TEAR_DOWN);
            if (unreachableAtRelease == null && tearDown != null && !tearDown.isBlank() && layout != null) {
                try {
                    h.runScript(
                            layout.nodeRunHome(), "teardown", tearDown, "tearDown of " + this, Duration.ofMinutes(5));
                } catch (IOException e) {
                    LOG.warn("{}: {}", this, e.getMessage());
                }
            }
            if (unreachableAtRelease != null) {
                if (tearDown != null && !tearDown.isBlank()) {
                    leftThere("its tearDown, not run");
                }
                LOG.warn(
                        "{}: {} could not be reached at release ({}); left there: {}",
                        this,
                        h.name(),
                        unreachableAtRelease,
                        leftThere.isEmpty() ? "nothing known" : String.join(", ", leftThere));
            }
            h.close();
        }
        super.doRelease();
    }
}
