package nepi.resources.netns;

import static nepi.core.resource.ResourceState.FAILED;
import static nepi.core.resource.ResourceState.RELEASED;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.resources.linux.LinuxNode;
import nepi.resources.linux.host.CommandResult;
import nepi.resources.linux.host.Host;
import nepi.resources.netns.SpanPlan.Link;
import nepi.resources.netns.SpanPlan.Placement;
import nepi.resources.netns.SpanPlan.Plan;
import nepi.resources.netns.SpanPlan.PointToPoint;
import nepi.resources.netns.SpanPlan.Port;
import nepi.resources.netns.SpanPlan.SpanHost;
import nepi.resources.netns.SpanPlan.SwitchPorts;
import nepi.resources.netns.SpanPlan.TunnelEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the pieces of a netns design go when its nodes are on several hosts: the host of every
 * node, the {@link SpanPlan} of the tunnels of the links and switches that span hosts, with the
 * hosts' underlay addresses and MTUs found on the hosts themselves and the reachability between
 * them checked. Computed once per deployment of an experiment, by the first netns resource to
 * get there, before any of them creates anything: a design that cannot work fails every one of
 * them with the list of its problems (those {@link TopologyCheck} finds included).
 */
final class SpanLayout {

    private static final Logger LOG = LoggerFactory.getLogger(SpanLayout.class);
    /** Per EC, per deployment group. */
    private static final Map<ResourceContext, Map<Integer, SpanLayout>> LAYOUTS = new WeakHashMap<>();

    private final Plan plan;
    /** Per switch guid, the names of the hosts of its ports, sorted: the k-th has bridge namespace h(k+1). */
    private final Map<Integer, List<String>> switchHosts;

    private final RuntimeException failure;

    private SpanLayout(Plan plan, Map<Integer, List<String>> switchHosts, RuntimeException failure) {
        this.plan = plan;
        this.switchHosts = switchHosts;
        this.failure = failure;
    }

    /**
     * The plain {@code linux::Node}s that netns nodes of the design deployed with {@code rm} are on:
     * what must be provisioned before the layout can be computed.
     */
    static List<LinuxNode> bases(ResourceManager rm) {
        Set<LinuxNode> bases = new LinkedHashSet<>();
        for (NetnsNode node : nodes(rm.getEc(), rm.getDeploymentGroup())) {
            node.base().ifPresent(bases::add);
        }
        return List.copyOf(bases);
    }

    /**
     * The layout of the design {@code rm} is deployed with, computed on first call.
     *
     * @throws IllegalArgumentException listing the problems of a design that cannot be built
     */
    static SpanLayout of(ResourceManager rm) throws IOException {
        ResourceContext ec = rm.getEc();
        int group = rm.getDeploymentGroup();
        SpanLayout layout;
        synchronized (LAYOUTS) {
            Map<Integer, SpanLayout> byGroup = LAYOUTS.computeIfAbsent(ec, e -> new HashMap<>());
            layout = byGroup.get(group);
            if (layout == null) {
                try {
                    layout = compute(ec, group);
                } catch (RuntimeException e) {
                    layout = new SpanLayout(null, Map.of(), e);
                }
                byGroup.put(group, layout);
            }
        }
        if (layout.failure != null) {
            throw layout.failure;
        }
        return layout;
    }

    /** The tunnel end that interface {@code guid} is, if its link spans hosts. */
    Optional<TunnelEnd> interfaceEnd(int guid) {
        return plan.tunnels().stream()
                .filter(t -> t.placement() == Placement.INTERFACE && t.owner() == guid)
                .findFirst();
    }

    /** The tunnel ends of switch {@code guid} (one per host), empty when it is on one host. */
    List<TunnelEnd> switchEnds(int guid) {
        return plan.tunnels().stream()
                .filter(t -> t.placement() == Placement.BRIDGE_PORT && t.owner() == guid)
                .toList();
    }

    /** The MTU the plan gives interface {@code guid} (on a spanning link), if any. */
    Optional<Integer> mtu(int guid) {
        return Optional.ofNullable(plan.interfaceMtu().get(guid));
    }

    /** The names of the hosts switch {@code guid} has ports on, sorted (one when it does not span). */
    List<String> switchHosts(int guid) {
        return switchHosts.getOrDefault(guid, List.of(NetHost.LOCAL.name()));
    }

    // ---------------------------------------------------------------- computing it

    private static List<NetnsNode> nodes(ResourceContext ec, int group) {
        List<NetnsNode> nodes = new ArrayList<>();
        for (int guid : ec.getResources()) {
            if (ec.findResource(guid).orElse(null) instanceof NetnsNode n && considered(n, group)) {
                nodes.add(n);
            }
        }
        return nodes;
    }

    private static boolean considered(ResourceManager rm, int group) {
        ResourceState s = rm.getState();
        int rmGroup = rm.getDeploymentGroup();
        return rmGroup != 0 && s != RELEASED && (s != FAILED || rmGroup == group);
    }

    private static SpanLayout compute(ResourceContext ec, int group) throws IOException {
        List<Link> links = new ArrayList<>();
        Map<Integer, List<String>> switchHosts = new HashMap<>();
        // Hosts by name, with one linux::Node on each (null: this machine).
        Map<String, LinuxNode> baseOf = new LinkedHashMap<>();
        Map<String, SpanHost> placeholder = new HashMap<>();
        Map<Integer, Port> ports = new HashMap<>();
        for (NetnsNode node : nodes(ec, group)) {
            node.nameInterfaces();
            String host = node.hostName();
            baseOf.putIfAbsent(host, node.base().filter(b -> !b.isLocal()).orElse(null));
            // Underlays are found below, only for hosts that a link spans.
            SpanHost h = placeholder.computeIfAbsent(host, n -> new SpanHost(n, null, 1500, n.equals("localhost")));
            for (NetnsInterface iface : node.interfaces()) {
                if (considered(iface, group)) {
                    ports.put(
                            iface.getGuid(),
                            new Port(
                                    iface.getGuid(), iface.get(NetnsInterface.NAME), h, iface.get(NetnsInterface.MTU)));
                }
            }
        }
        Map<String, Set<String>> peers = new LinkedHashMap<>();
        List<Object[]> rawLinks = new ArrayList<>();
        for (int guid : ec.getResources()) {
            ResourceManager rm = ec.findResource(guid).orElse(null);
            if (rm instanceof NetnsSwitch sw && considered(sw, group)) {
                List<Port> on = sw.getConnected(NetnsInterface.class).stream()
                        .map(i -> ports.get(i.getGuid()))
                        .filter(p -> p != null)
                        .sorted(Comparator.comparingInt(Port::iface))
                        .toList();
                TreeSet<String> hosts = new TreeSet<>();
                on.forEach(p -> hosts.add(p.host().name()));
                if (!hosts.isEmpty()) {
                    switchHosts.put(sw.getGuid(), List.copyOf(hosts));
                }
                rawLinks.add(new Object[] {sw.getGuid(), on});
                addPeers(peers, hosts);
            } else if (rm instanceof NetnsInterface iface && considered(iface, group)) {
                for (NetnsInterface other : iface.getConnected(NetnsInterface.class)) {
                    Port a = ports.get(iface.getGuid());
                    Port b = ports.get(other.getGuid());
                    if (iface.getGuid() < other.getGuid() && a != null && b != null) {
                        rawLinks.add(new Object[] {a, b});
                        addPeers(
                                peers,
                                new TreeSet<>(List.of(a.host().name(), b.host().name())));
                    }
                }
            }
        }
        // The design's own errors and those of its spanning, listed together.
        List<String> problems = new ArrayList<>(TopologyCheck.problems(ec, group));
        if (peers.isEmpty()) {
            if (!problems.isEmpty()) {
                throw refused(problems);
            }
            return new SpanLayout(SpanPlan.plan(NetnsRun.of(ec).tag(), List.of()), switchHosts, null);
        }
        Map<String, SpanHost> found = findUnderlays(baseOf, peers, problems);
        for (Object[] raw : rawLinks) {
            if (raw[0] instanceof Port a) {
                links.add(new PointToPoint(withHost(a, found), withHost((Port) raw[1], found)));
            } else {
                @SuppressWarnings("unchecked")
                List<Port> on = (List<Port>) raw[1];
                links.add(new SwitchPorts(
                        (Integer) raw[0],
                        on.stream().map(p -> withHost(p, found)).toList()));
            }
        }
        if (!problems.isEmpty()) {
            throw refused(problems);
        }
        Plan plan = SpanPlan.plan(NetnsRun.of(ec).tag(), links);
        problems.addAll(plan.problems());
        if (problems.isEmpty()) {
            checkReachability(plan, baseOf, problems);
        }
        if (!problems.isEmpty()) {
            throw refused(problems);
        }
        plan.notes().forEach(n -> LOG.info("{}", n));
        return new SpanLayout(plan, switchHosts, null);
    }

    private static IllegalArgumentException refused(List<String> problems) {
        return new IllegalArgumentException(
                "the netns topology has errors, nothing was created for it:\n  - " + String.join("\n  - ", problems));
    }

    private static void addPeers(Map<String, Set<String>> peers, Set<String> hosts) {
        if (hosts.size() < 2) {
            return;
        }
        for (String h : hosts) {
            for (String other : hosts) {
                if (!other.equals(h)) {
                    peers.computeIfAbsent(h, k -> new LinkedHashSet<>()).add(other);
                }
            }
        }
    }

    private static Port withHost(Port p, Map<String, SpanHost> found) {
        SpanHost h = found.get(p.host().name());
        return h == null ? p : new Port(p.iface(), p.name(), h, p.mtu());
    }

    /**
     * The underlay of every host a link spans: its {@code underlay} attribute, or the address
     * the controller reaches it at (an SSH host's IPv4 address); then, on the host itself, the
     * source address and MTU of its route towards a peer ({@code ip route get}).
     */
    private static Map<String, SpanHost> findUnderlays(
            Map<String, LinuxNode> baseOf, Map<String, Set<String>> peers, List<String> problems) throws IOException {
        Map<String, Ipv4Address> declared = new HashMap<>();
        for (String host : peers.keySet()) {
            LinuxNode base = baseOf.get(host);
            String underlay = base == null ? null : base.get(LinuxNode.UNDERLAY);
            if (underlay != null) {
                declared.put(host, Ipv4Address.parse(underlay));
            } else if (base != null) {
                ipv4Of(base.get(LinuxNode.HOSTNAME)).ifPresent(a -> declared.put(host, a));
            }
        }
        Map<String, SpanHost> found = new HashMap<>();
        // Two rounds: a host linked only to hosts of no declared address (this machine, say)
        // finds its route towards the address found for them in the first round.
        Map<String, String> lastProblem = new LinkedHashMap<>();
        for (int round = 0; round < 2; round++) {
            for (Map.Entry<String, Set<String>> e : peers.entrySet()) {
                String host = e.getKey();
                if (found.containsKey(host)) {
                    continue;
                }
                Optional<String> peer =
                        e.getValue().stream().filter(declared::containsKey).findFirst();
                if (peer.isEmpty()) {
                    lastProblem.put(
                            host,
                            "host " + host + " is linked to " + String.join(", ", e.getValue())
                                    + " but no address of those is known to find the route towards: set 'underlay' on their"
                                    + " linux::Node");
                    continue;
                }
                CommandResult r = onHost(
                        baseOf.get(host),
                        HostNetScripts.underlayTowards(declared.get(peer.get()).toString()));
                String[] words = r.stdout().strip().split(" ");
                if (!r.succeeded() || words.length != 2 || !words[1].matches("[0-9]+")) {
                    lastProblem.put(
                            host,
                            "host " + host + " has no route towards " + peer.get() + " ("
                                    + declared.get(peer.get()) + "), so a tunnel between them cannot be made: "
                                    + r.outputTail(200));
                    continue;
                }
                lastProblem.remove(host);
                Ipv4Address underlay = declared.containsKey(host)
                        ? declared.get(host)
                        : words[0].isEmpty() ? null : Ipv4Address.parse(words[0]);
                if (underlay != null) {
                    declared.putIfAbsent(host, underlay);
                }
                int mtu = Integer.parseInt(words[1]);
                try {
                    found.put(host, new SpanHost(host, underlay, mtu, baseOf.get(host) == null));
                } catch (IllegalArgumentException tooSmall) {
                    lastProblem.put(host, tooSmall.getMessage());
                }
            }
        }
        problems.addAll(lastProblem.values());
        return found;
    }

    /** One ping per pair of hosts a tunnel joins, from the first to the second's underlay. */
    private static void checkReachability(Plan plan, Map<String, LinuxNode> baseOf, List<String> problems)
            throws IOException {
        for (List<SpanHost> pair : plan.hostPairs()) {
            SpanHost from = pair.get(0);
            SpanHost to = pair.get(1);
            if (!onHost(
                            baseOf.get(from.name()),
                            HostNetScripts.reaches(to.underlay().toString()))
                    .succeeded()) {
                problems.add("host " + from.name() + " cannot reach host " + to.name() + " at " + to.underlay()
                        + " (one ping, 2 s), so a tunnel between them cannot work: check the underlay addresses"
                        + " ('underlay' on their linux::Node) and the hosts' firewalls (VXLAN is UDP port "
                        + SpanPlan.VXLAN_PORT + ")");
            }
        }
    }

    private static CommandResult onHost(LinuxNode base, String script) throws IOException {
        if (base == null) {
            return NetHost.LOCAL.tryScript(script);
        }
        try (Host h = base.openSharedHost()) {
            return NetHost.over(h).tryScript(script);
        }
    }

    private static Optional<Ipv4Address> ipv4Of(String hostname) {
        if (hostname == null || hostname.isBlank()) {
            return Optional.empty();
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(hostname.strip())) {
                if (a instanceof Inet4Address) {
                    return Optional.of(Ipv4Address.parse(a.getHostAddress()));
                }
            }
        } catch (IOException e) {
            LOG.debug("{} does not resolve: {}", hostname, e.getMessage());
        }
        return Optional.empty();
    }
}
