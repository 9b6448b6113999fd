package nepi.resources.netns;

import static nepi.core.resource.ResourceState.READY;
import static nepi.core.resource.ResourceState.STARTED;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.core.resource.ResourceType;
import nepi.resources.linux.host.CommandResult;
import nepi.resources.netns.SpanPlan.TunnelEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network interface of a {@link NetnsNode}: one end of a veth pair inside the node's
 * namespace, or, linked to an interface on another host, one end of a VXLAN tunnel between
 * the hosts ({@link SpanPlan}). Connected to a {@link NetnsSwitch}, its other end is a port of the switch's
 * bridge; connected to another interface, the two ends make a point-to-point link (the one
 * with the lower guid creates the pair). Each interface belongs to one node and has one link.
 *
 * <p>{@code ip}, {@code name} are fixed at deploy; {@code up}, {@code mtu} and the link
 * shaping ({@code rate}, {@code delay}, {@code loss}) may also change while the experiment
 * runs, which applies them at once. Shaping acts on what leaves the interface. A changed rate
 * limit replaces the interface's tbf with a new one, dropping the packets the old one held
 * (at most its 50 ms of queue; TCP resends them), so that no packet queued under the old
 * limit can block the link.
 */
@ResourceType(
        value = "netns::Interface",
        aliases = {"NetnsInterface"},
        help =
                "A network interface of a netns::Node (one end of a veth pair in its namespace), linked to a netns::Switch"
                        + " or point-to-point to another netns::Interface. Has an IPv4 address ('ip', e.g. 198.18.0.1/24), a"
                        + " name in the node (default eth0, eth1... in registration order), 'up', 'mtu', and link shaping of"
                        + " what it sends: 'rate' (tc tbf), 'delay' and 'loss' (tc netem, when the kernel has it).")
public class NetnsInterface extends ResourceManager {

    /** The longest interface name the kernel accepts (IFNAMSIZ - 1). */
    public static final int MAX_NAME_LENGTH = 15;

    /**
     * What an interface name may hold: what ip, tc and tcpdump take literally everywhere
     * (ip's batch files end a line at '#' and split at spaces and quotes).
     */
    private static final Pattern NAME_FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    /**
     * Names the kernel refuses ({@code all}, {@code default}: its per-interface settings
     * directories), tcpdump reads as its own ({@code any}), or ip and tc read as keywords.
     */
    private static final Set<String> RESERVED_NAMES = Set.of(
            "all",
            "default",
            "any",
            "lo",
            "help",
            "dev",
            "name",
            "type",
            "link",
            "netns",
            "peer",
            "master",
            "nomaster",
            "up",
            "down",
            "mtu",
            "address",
            "group",
            "alias",
            "index",
            "vf",
            "xdp",
            "state",
            "mode",
            "arp",
            "to",
            "via",
            "on",
            "off",
            "root",
            "parent",
            "handle");

    private static final String NAME_RULE = "a name is 1 to " + MAX_NAME_LENGTH + " ASCII letters, digits, '-', '_'"
            + " or '.' (no spaces, quotes, '#', '/' or ':'), starting with a letter or digit (e.g. eth0, wan-1); not"
            + " 'lo' (the loopback exists already), nor one of the words the kernel or ip/tc/tcpdump reserve ("
            + String.join(", ", new TreeSet<>(RESERVED_NAMES)) + ")";

    public static final Attribute<String> IP = Attribute.ofString(
                    "ip", "IPv4 address and prefix length, e.g. 198.18.0.1/24 (unset: a link without an address)")
            .withFlags(Flag.DESIGN)
            .withHook((rm, value) -> value == null ? null : hostAddress(value).toString());
    public static final Attribute<String> NAME = Attribute.ofString(
                    "name",
                    "Name of the interface inside the node: 1 to 15 letters, digits, '-', '_' or '.' (default: the node's"
                            + " unnamed interfaces take the free names eth0, eth1... in registration order, at deploy)")
            .withFlags(Flag.DESIGN)
            .withHook((rm, value) -> value == null ? null : checkName(value));
    public static final Attribute<Boolean> UP = Attribute.ofBoolean(
                    "up", "Whether the interface is up; setting it while the experiment runs takes the link up or down")
            .withDefault(true)
            .withHook((rm, value) -> ((NetnsInterface) rm).changeLive("up", value));
    public static final Attribute<Integer> MTU = Attribute.ofInteger(
                    "mtu", "Maximum transmission unit in bytes (default: the kernel's, 1500)")
            .withRange(68, 65535)
            .withHook((rm, value) -> ((NetnsInterface) rm).changeLive("mtu", value));
    public static final Attribute<String> RATE = Attribute.ofString(
                    "rate",
                    "Rate limit of what the interface sends, e.g. 10mbit, 500kbit, 1gbit (tc tbf; with delay or loss, netem)")
            .withHook((rm, value) -> ((NetnsInterface) rm)
                    .changeLive("rate", value == null ? null : Rate.parse(value).toString()));
    public static final Attribute<Double> DELAY = Attribute.ofDouble(
                    "delay",
                    "Delay added to every packet sent, in milliseconds (tc netem: needs the kernel's sch_netem module)")
            .withRange(0, 60000)
            .withHook((rm, value) -> ((NetnsInterface) rm).changeLive("delay", value));
    public static final Attribute<Double> LOSS = Attribute.ofDouble(
                    "loss",
                    "Percentage of the packets sent that are dropped, 0 to 100 (tc netem: needs the kernel's sch_netem"
                            + " module)")
            .withRange(0, 100)
            .withHook((rm, value) -> ((NetnsInterface) rm).changeLive("loss", value));

    private static final Logger LOG = LoggerFactory.getLogger(NetnsInterface.class);

    /** Serialises changes to the live link: deploy's configuration and later attribute changes. */
    private final Object linkLock = new Object();

    private volatile NetnsNode node;
    private volatile String device;
    private volatile boolean configured;
    /** The handle of the next tbf installed, never that of the one there now (1 or 2; guarded by linkLock). */
    private int nextTbfHandle = 1;

    public NetnsInterface(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    /** The address and prefix length, when {@code ip} is set. */
    public Optional<Ipv4Cidr> cidr() {
        String ip = get(IP);
        return ip == null ? Optional.empty() : Optional.of(Ipv4Cidr.parse(ip));
    }

    /** The interface's name in its node's namespace (e.g. {@code eth0}), once deployed; null before. */
    public String deviceName() {
        return device;
    }

    /** The node this interface belongs to, if connected to one. */
    public Optional<NetnsNode> node() {
        List<NetnsNode> nodes = getConnected(NetnsNode.class);
        return nodes.isEmpty() ? Optional.empty() : Optional.of(nodes.get(0));
    }

    /** The shaping the attributes ask for. */
    public LinkShaping shaping() {
        String rate = get(RATE);
        return new LinkShaping(rate == null ? null : Rate.parse(rate), get(DELAY), get(LOSS));
    }

    // ---------------------------------------------------------------- attribute checks

    private static Ipv4Cidr hostAddress(String value) {
        Ipv4Cidr cidr = Ipv4Cidr.parse(value);
        if (cidr.prefixLength() < 31 && cidr.isNetwork()) {
            throw new IllegalArgumentException(cidr + " is the address of the network itself, not of a host in it;"
                    + " e.g. " + new Ipv4Cidr(new Ipv4Address(cidr.address().bits() + 1), cidr.prefixLength()));
        }
        if (cidr.isBroadcast()) {
            throw new IllegalArgumentException(cidr + " is the broadcast address of its network, not a host address");
        }
        return cidr;
    }

    private static String checkName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("interface name \"" + name + "\" has " + name.length() + " characters;"
                    + " the kernel accepts 1 to " + MAX_NAME_LENGTH);
        }
        if (!NAME_FORM.matcher(name).matches() || RESERVED_NAMES.contains(name)) {
            throw new IllegalArgumentException("interface name \"" + name + "\" is not accepted: " + NAME_RULE);
        }
        return name;
    }

    // ---------------------------------------------------------------- connections

    @Override
    protected void checkConnection(ResourceManager other) {
        if (getConnections().contains(other.getGuid())) {
            return;
        }
        if (other instanceof NetnsNode) {
            node().ifPresent(n -> {
                throw new IllegalArgumentException(
                        this + " already belongs to " + n + "; an interface belongs to one" + " netns::Node");
            });
        } else if (other instanceof NetnsSwitch || other instanceof NetnsInterface) {
            List<ResourceManager> links = new ArrayList<>(getConnected(NetnsSwitch.class));
            links.addAll(getConnected(NetnsInterface.class));
            if (!links.isEmpty()) {
                throw new IllegalArgumentException(this + " is already linked to " + links.get(0) + "; an interface has"
                        + " one link: one netns::Switch or one other netns::Interface (register another interface on"
                        + " the node for another link)");
            }
        } else if (other instanceof NetnsInterfaceUser) {
            List<ResourceManager> users = getConnected(ResourceManager.class).stream()
                    .filter(rm -> rm instanceof NetnsInterfaceUser)
                    .toList();
            if (!users.isEmpty()) {
                throw new IllegalArgumentException(this + " is already taken over by " + users.get(0));
            }
        } else {
            throw new IllegalArgumentException(this + " connects to a netns::Node and to a netns::Switch or another"
                    + " netns::Interface, not to " + other);
        }
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    protected void doDeploy() throws Exception {
        TopologyCheck.verify(this);
        NetnsNode n = node().orElseThrow();
        // Before waiting for anything: the names must not depend on which deploy thread comes first.
        n.nameInterfaces();
        List<NetnsSwitch> switches = getConnected(NetnsSwitch.class);
        NetnsInterface peer =
                switches.isEmpty() ? getConnected(NetnsInterface.class).get(0) : null;
        NetnsNode peerNode = peer == null ? null : peer.node().orElseThrow();
        List<ResourceManager> waited = new ArrayList<>(List.of(n));
        if (deferUntil(waited, READY, this::deploy)) {
            return;
        }
        SpanLayout layout = SpanLayout.of(this);
        Optional<TunnelEnd> tunnel = layout.interfaceEnd(getGuid());
        boolean createsPair = tunnel.isEmpty() && peer != null && getGuid() < peer.getGuid();
        if (tunnel.isEmpty()) {
            if (peer == null) {
                waited.add(switches.get(0));
            } else if (createsPair) {
                waited.add(peerNode);
            } else {
                waited.add(peer);
            }
            if (deferUntil(waited, READY, this::deploy)) {
                return;
            }
        }
        node = n;
        String name = n.assignName(this);
        NetHost net = n.net();
        if (tunnel.isPresent()) {
            // The link spans hosts: this interface is its end of the VXLAN tunnel, made on its host.
            net.script(
                    "creating " + this + " (" + name + " in " + n + ") as the VXLAN end of its link to " + peer
                            + ", towards " + tunnel.get().remotes(),
                    HostNetScripts.createTunnel(tunnel.get(), n.namespace()));
        } else if (peer == null) {
            NetnsSwitch sw = switches.get(0);
            String port = "p" + getGuid();
            String switchNs = sw.namespaceOn(n.hostName());
            createVethPair(
                    net,
                    "creating the veth pair of " + this + " (" + name + " in " + n + ", port " + port + " of " + sw
                            + ")",
                    name,
                    n.namespace(),
                    port,
                    switchNs);
            net.batch(
                    "attaching " + this + " to the bridge of " + sw,
                    switchNs,
                    List.of("link set dev " + port + " master " + NetnsSwitch.BRIDGE, "link set dev " + port + " up"));
        } else if (createsPair) {
            String peerName = peerNode.assignName(peer);
            createVethPair(
                    net,
                    "creating the veth pair of " + this + " and " + peer + " (" + name + " in " + n + ", " + peerName
                            + " in " + peerNode + ")",
                    name,
                    n.namespace(),
                    peerName,
                    peerNode.namespace());
        }
        device = name;
        configure(n, layout.mtu(getGuid()).orElse(null));
        super.doDeploy();
    }

    /** Creates a veth pair: one end named {@code name} in {@code namespace}, the other {@code peerName} in {@code peerNamespace}. */
    private static void createVethPair(
            NetHost net, String what, String name, String namespace, String peerName, String peerNamespace)
            throws IOException {
        // "name" before each name: without it, ip reads a name such as "h" as a keyword.
        net.ip(
                what,
                "link",
                "add",
                "name",
                name,
                "netns",
                namespace,
                "type",
                "veth",
                "peer",
                "name",
                peerName,
                "netns",
                peerNamespace);
    }

    /** Sets the address, mtu ({@code planned}: the tunnel's, when unset and the link spans hosts), up and shaping. */
    private void configure(NetnsNode n, Integer planned) throws IOException {
        synchronized (linkLock) {
            List<String> commands = new ArrayList<>();
            Integer mtu = get(MTU) != null ? get(MTU) : planned;
            if (mtu != null) {
                commands.add("link set dev " + device + " mtu " + mtu);
            }
            if (get(IP) != null) {
                commands.add("addr add " + get(IP) + " dev " + device);
            }
            if (get(UP)) {
                commands.add("link set dev " + device + " up");
            }
            n.net().batch("configuring " + this + " (" + device + " in " + n + ")", n.namespace(), commands);
            LinkShaping shaping = shaping();
            if (!shaping.isNone()) {
                applyShaping(shaping, n);
            }
            configured = true;
        }
    }

    /**
     * Applies a change of {@code up}, {@code mtu} or the shaping to the live link, once it
     * exists; before that, deploy applies the stored value.
     */
    private <T> T changeLive(String attribute, T value) throws IOException {
        synchronized (linkLock) {
            ResourceState s = getState();
            if (!configured || (s != READY && s != STARTED)) {
                return value;
            }
            String ns = node.namespace();
            NetHost net = node.net();
            switch (attribute) {
                case "up" -> net.ip(
                        "taking " + this + " " + (Boolean.TRUE.equals(value) ? "up" : "down"),
                        "-n",
                        ns,
                        "link",
                        "set",
                        "dev",
                        device,
                        Boolean.TRUE.equals(value) ? "up" : "down");
                case "mtu" -> {
                    if (value != null) {
                        net.ip(
                                "setting the mtu of " + this,
                                "-n",
                                ns,
                                "link",
                                "set",
                                "dev",
                                device,
                                "mtu",
                                value.toString());
                    }
                }
                default -> applyShaping(shapingWith(attribute, value), node);
            }
            return value;
        }
    }

    /** Installs {@code shaping}; a rate limit as a new tbf, swapped in for the old (see LinkShaping). */
    private void applyShaping(LinkShaping shaping, NetnsNode n) throws IOException {
        shaping.apply(n.net(), n.namespace(), device, nextTbfHandle);
        if (shaping.rate() != null && !shaping.needsNetem()) {
            nextTbfHandle = nextTbfHandle == 1 ? 2 : 1;
        }
    }

    private LinkShaping shapingWith(String attribute, Object value) {
        LinkShaping now = shaping();
        return switch (attribute) {
            case "rate" -> new LinkShaping(
                    value == null ? null : Rate.parse((String) value), now.delayMillis(), now.lossPercent());
            case "delay" -> new LinkShaping(now.rate(), (Double) value, now.lossPercent());
            case "loss" -> new LinkShaping(now.rate(), now.delayMillis(), (Double) value);
            default -> throw new IllegalArgumentException("not a shaping attribute: " + attribute);
        };
    }

    @Override
    protected void doRelease() throws Exception {
        NetnsNode n = node;
        String dev = device;
        if (n != null && dev != null) {
            try {
                if (n.net().exists(n.namespace())) {
                    // Deleting one end removes the pair, and a switch port with it. The peer, or the
                    // node's namespace going away, may have done it already.
                    CommandResult r = n.net().tryIp("-n", n.namespace(), "link", "del", "dev", dev);
                    if (!r.succeeded()
                            && n.net().exists(n.namespace())
                            && !r.stderr().contains("Cannot find device")) {
                        LOG.warn("{}: removing {} in {} failed: {}", this, dev, n, r.outputTail(300));
                    }
                }
            } catch (IOException e) {
                // Its node's host went first (released in parallel): the namespace goes with it.
                LOG.debug("{}: removing {} in {}: {}", this, dev, n, e.getMessage());
            }
        }
        super.doRelease();
    }
}
