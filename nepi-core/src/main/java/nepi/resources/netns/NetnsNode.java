package nepi.resources.netns;

import static nepi.core.resource.ResourceState.READY;
import static nepi.core.resource.ResourceState.RELEASED;

import java.io.IOException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceType;
import nepi.resources.linux.LinuxNode;
import nepi.resources.linux.host.Host;
import nepi.resources.linux.host.LocalHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An emulated host: a network namespace, its loopback up, on this machine or, when connected
 * to a {@code linux::Node}, on that node's host (every command for it then goes through that
 * host's {@link Host}: over SSH, its long-lived shell). It is a {@link LinuxNode} whose
 * commands run inside the namespace, so {@code linux::Application}, {@code linux::Ping},
 * {@code linux::Traceroute}, {@code linux::Tcpdump} and {@code linux::Iperf} connected to it
 * run there unchanged; its files are its host's.
 *
 * <p>Deploy checks the whole netns design being deployed (see {@link TopologyCheck}) and
 * root privileges before it creates anything, then creates the namespace
 * {@code nepi<tag>-n<guid>}. Release stops its applications, runs {@code tearDown}, kills
 * whatever is left in the namespace and deletes it, and with it its interfaces.
 */
@ResourceType(
        value = "netns::Node",
        aliases = {"NetnsNode"},
        removeAttributes = {
            "hostname",
            "username",
            "port",
            "identity",
            "serverKey",
            "knownHosts",
            "gateway",
            "gatewayUser",
            "gatewayPort",
            "connectTimeout",
            "underlay"
        },
        help = "An emulated host: a Linux network namespace (named nepi<run tag>-n<guid>) with its loopback up, on"
                + " this machine or, connected to a linux::Node, on that host (local or SSH). Connect netns::Interface resources to give it links, netns::Route resources to route,"
                + " and any linux::Application (Ping, Traceroute, Tcpdump, Iperf...) or netns::Application to run"
                + " commands inside it. Needs root (CAP_NET_ADMIN).")
public class NetnsNode extends LinuxNode {

    public static final Attribute<Boolean> FORWARDING = Attribute.ofBoolean(
                    "forwarding",
                    "Forward IPv4 packets between its interfaces (act as a router); turned on anyway when a netns::Route"
                            + " uses one of its addresses as next hop")
            .withFlags(Flag.DESIGN);

    private static final Logger LOG = LoggerFactory.getLogger(NetnsNode.class);

    private final Object namesLock = new Object();
    private volatile NetnsRun run;
    private volatile NetworkNamespace namespace;
    /** Where the namespace lives; set at provision. */
    private volatile NetHost net;
    /** The host the namespace is on (this machine, or the linux::Node's host), opened at provision. */
    private volatile Host inner;

    private volatile boolean hostOpened;
    private volatile boolean forwarding;

    public NetnsNode(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    /** Whether the namespace is on this machine (no linux::Node, or a local one). */
    @Override
    public boolean isLocal() {
        return base().map(LinuxNode::isLocal).orElse(true);
    }

    /** The {@code linux::Node} whose host the namespace is on, if it is connected to one. */
    public Optional<LinuxNode> base() {
        return getConnected(LinuxNode.class).stream()
                .filter(n -> !(n instanceof NetnsNode))
                .findFirst();
    }

    /**
     * Where the namespace lives, for the {@code ip} commands of its interfaces and routes.
     *
     * @throws IllegalStateException before provision
     */
    NetHost net() {
        NetHost h = net;
        if (h == null) {
            throw new IllegalStateException(this + " has no host yet (it is " + getState() + ")");
        }
        return h;
    }

    /** The name of the host the namespace goes on, known once its linux::Node is provisioned. */
    String hostName() {
        return base().filter(b -> !b.isLocal()).map(b -> b.host().name()).orElse(NetHost.LOCAL.name());
    }

    /**
     * The name of the node's namespace, e.g. {@code nepi3k9x0a-n1}, for {@code ip netns exec}.
     *
     * @throws IllegalStateException before deploy created it
     */
    public String namespace() {
        NetworkNamespace ns = namespace;
        if (ns == null) {
            throw new IllegalStateException(this + " has no namespace yet (it is " + getState() + ")");
        }
        return ns.name();
    }

    /** The interfaces connected to this node. */
    public List<NetnsInterface> interfaces() {
        return getConnected(NetnsInterface.class);
    }

    @Override
    protected void checkConnection(ResourceManager other) {
        if (other instanceof NetnsSwitch) {
            throw new IllegalArgumentException(this + " cannot be connected to " + other + " directly: register a"
                    + " netns::Interface and connect it to both");
        }
        if (other instanceof NetnsNode) {
            throw new IllegalArgumentException(this + " cannot be connected to " + other + ": nodes are linked"
                    + " through netns::Interface resources (connected to each other or to a netns::Switch)");
        }
        if (other instanceof LinuxNode && !getConnections().contains(other.getGuid())) {
            base().ifPresent(b -> {
                throw new IllegalArgumentException(
                        this + " is already on the host of " + b + "; a netns::Node" + " lives on one linux::Node");
            });
        }
    }

    /**
     * Waits for the {@code linux::Node}s of the whole netns design to be provisioned (their hosts
     * are where the namespaces go, and tunnels between them are planned before anything is
     * created), then deploys as a linux node.
     */
    @Override
    protected void doDeploy() throws Exception {
        if (deferUntil(SpanLayout.bases(this), READY, this::deploy)) {
            return;
        }
        // As early as can be: a design that cannot work fails every netns resource with its list.
        SpanLayout.of(this);
        super.doDeploy();
    }

    @Override
    protected void doProvision() throws Exception {
        NetnsRun r = NetnsRun.of(getEc());
        run = r;
        Optional<LinuxNode> b = base().filter(n -> !n.isLocal());
        Host h = b.isPresent() ? b.get().openSharedHost() : new LocalHost(get(HOME));
        inner = h;
        try {
            net = b.isPresent() ? NetHost.over(h) : NetHost.LOCAL;
        } catch (IOException | RuntimeException e) {
            h.close();
            inner = null;
            throw e;
        }
        NetworkNamespace ns = r.claim(net, r.tag().nodeNamespace(getGuid()));
        namespace = ns;
        net.createNamespace(ns.name());
        if (get(FORWARDING)) {
            enableForwarding();
        }
        super.doProvision();
    }

    @Override
    protected Host openHost() {
        hostOpened = true;
        return new NamespaceHost(inner, net, namespace, run);
    }

    /** The exit events of its applications are those of the host the namespace is on. */
    @Override
    protected void watchExits(Host h, String eventsFile) throws IOException {
        super.watchExits(h instanceof NamespaceHost nh ? nh.inner() : h, eventsFile);
    }

    /** Turns on IPv4 forwarding in the namespace (once). */
    void enableForwarding() throws IOException {
        synchronized (namesLock) {
            if (!forwarding) {
                net().enableForwarding(namespace());
                forwarding = true;
            }
        }
    }

    /**
     * The name {@code iface} has inside this node, fixed by {@link #nameInterfaces()}.
     *
     * @throws IllegalArgumentException when another interface of the node has that name
     */
    String assignName(NetnsInterface iface) {
        synchronized (namesLock) {
            nameInterfaces();
            String name = iface.get(NetnsInterface.NAME);
            for (NetnsInterface other : interfaces()) {
                if (other != iface && other.getState() != RELEASED && name.equals(other.get(NetnsInterface.NAME))) {
                    throw new IllegalArgumentException(this + " already has an interface named '" + name + "' (" + other
                            + "); give " + iface + " another name (or none, for ethN)");
                }
            }
            return name;
        }
    }

    /**
     * Names the node's interfaces that have no {@code name} yet, in registration order (lowest
     * guid first), each the first of {@code eth0, eth1, ...} that no other interface of the node
     * has; the name is kept in its {@code name} attribute. Done for all of them at once, by the
     * first to deploy, so the names follow the design and not the order in which the deploy
     * threads get here.
     */
    void nameInterfaces() {
        synchronized (namesLock) {
            List<NetnsInterface> all = interfaces().stream()
                    .filter(i -> i.getState() != RELEASED)
                    .sorted(Comparator.comparingInt(NetnsInterface::getGuid))
                    .toList();
            Set<String> taken = new HashSet<>();
            for (NetnsInterface iface : all) {
                String name = iface.get(NetnsInterface.NAME);
                if (name != null) {
                    taken.add(name);
                }
            }
            int n = 0;
            for (NetnsInterface iface : all) {
                if (iface.get(NetnsInterface.NAME) != null) {
                    continue;
                }
                while (taken.contains("eth" + n)) {
                    n++;
                }
                String name = "eth" + n;
                taken.add(name);
                iface.set(NetnsInterface.NAME, name);
            }
        }
    }

    @Override
    protected void doRelease() throws Exception {
        NetworkNamespace ns = namespace;
        if (!hostOpened) {
            // Provision failed between opening the inner host and the namespace host, which
            // would otherwise have deleted the namespace and closed the inner host at close.
            if (ns != null) {
                try {
                    run.remove(net, ns);
                } catch (IOException e) {
                    LOG.warn("{}: {}", this, e.getMessage());
                }
            }
            Host h = inner;
            if (h != null) {
                h.close();
            }
        }
        super.doRelease();
    }
}
