package nepi.resources.netns;

import static nepi.core.resource.ResourceState.RELEASED;

import java.io.IOException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
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
 * An emulated host: a network namespace on this machine, its loopback up. It is a
 * {@link LinuxNode} whose commands run inside the namespace, so {@code linux::Application},
 * {@code linux::Ping}, {@code linux::Traceroute}, {@code linux::Tcpdump} and
 * {@code linux::Iperf} connected to it run there unchanged; its files are this machine's.
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
            "gatewayPort"
        },
        help = "An emulated host on this machine: a Linux network namespace (named nepi<run tag>-n<guid>) with its"
                + " loopback up. Connect netns::Interface resources to give it links, netns::Route resources to route,"
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
    private volatile boolean hostOpened;
    private volatile boolean forwarding;

    public NetnsNode(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    /** Always this machine. */
    @Override
    public boolean isLocal() {
        return true;
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
        if (other instanceof LinuxNode) {
            throw new IllegalArgumentException(this + " cannot be connected to " + other + ": nodes are linked"
                    + " through netns::Interface resources (connected to each other or to a netns::Switch)");
        }
    }

    @Override
    protected void doProvision() throws Exception {
        TopologyCheck.verify(this);
        NetnsRun r = NetnsRun.of(getEc());
        run = r;
        NetworkNamespace ns = r.claim(r.tag().nodeNamespace(getGuid()));
        namespace = ns;
        ns.create();
        if (get(FORWARDING)) {
            enableForwarding();
        }
        super.doProvision();
    }

    @Override
    protected Host openHost() {
        hostOpened = true;
        return new NamespaceHost(new LocalHost(get(HOME)), namespace, run);
    }

    /** Turns on IPv4 forwarding in the namespace (once). */
    void enableForwarding() throws IOException {
        synchronized (namesLock) {
            if (!forwarding) {
                new NetworkNamespace(namespace()).enableForwarding();
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
        if (ns != null && !hostOpened) {
            // Provision failed between creating the namespace and opening the host, which
            // would otherwise have deleted it at close.
            try {
                run.remove(ns);
            } catch (IOException e) {
                LOG.warn("{}: {}", this, e.getMessage());
            }
        }
        super.doRelease();
    }
}
