package nepi.resources.netns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tunnels that carry a netns design across hosts, planned before anything is created:
 * which links and switches span hosts, the VXLAN devices that carry them (names, VNIs, the
 * addresses they run over), the MTU of the interfaces they carry and the designs that cannot
 * work. Pure: the hosts' underlay addresses and MTUs are given, nothing is run.
 *
 * <p>A point-to-point link between interfaces on two hosts becomes a pair of VXLAN devices, one
 * on each host, created in the host's own namespace (their UDP socket stays there) under a
 * name carrying the run tag, then moved into the node's namespace and renamed to the
 * interface's name: the interface <em>is</em> the tunnel end, so shaping applies to it as to a
 * veth. A switch with ports on several hosts has a bridge on each of those hosts and, on each,
 * one VXLAN device in the bridge's namespace whose flood list holds the other hosts'
 * addresses (head-end replication: no multicast needed in the underlay).
 *
 * <p>VXLAN over IPv4 costs {@value #VXLAN_OVERHEAD} bytes per packet (outer IPv4, UDP, VXLAN
 * header, inner Ethernet), so every interface of a spanning link or switch gets the smallest
 * underlay MTU of its hosts minus that; an interface whose {@code mtu} asks for more is
 * refused, since its large packets would be dropped silently.
 */
public final class SpanPlan {

    /** Bytes VXLAN adds over IPv4: outer IPv4 20, UDP 8, VXLAN 8, inner Ethernet 14. */
    public static final int VXLAN_OVERHEAD = 50;
    /** The IANA VXLAN port. */
    public static final int VXLAN_PORT = 4789;

    /** A host that netns nodes live on, as the plan sees it. */
    public record SpanHost(String name, Ipv4Address underlay, int mtu, boolean local) {
        public SpanHost {
            if (mtu < 68 + VXLAN_OVERHEAD) {
                throw new IllegalArgumentException(
                        "host " + name + ": an underlay MTU of " + mtu + " cannot carry a VXLAN tunnel");
            }
        }
    }

    /** One interface of the design: its guid, its name in its node, its host and its mtu (null: unset). */
    public record Port(int iface, String name, SpanHost host, Integer mtu) {}

    /** A link of the design: two interfaces, or the interfaces on one switch. */
    public sealed interface Link permits PointToPoint, SwitchPorts {}

    /** Two interfaces linked to each other. */
    public record PointToPoint(Port a, Port b) implements Link {}

    /** The interfaces of one switch. */
    public record SwitchPorts(int switchGuid, List<Port> ports) implements Link {}

    /** Where a tunnel end goes once created on its host. */
    public enum Placement {
        /** Becomes the interface: moved into its node's namespace and renamed. */
        INTERFACE,
        /** Becomes a port of the bridge in the switch's namespace on that host. */
        BRIDGE_PORT
    }

    /**
     * One VXLAN device to create on {@code host}.
     *
     * @param device its name in the host's namespace when created (carries the run tag)
     * @param finalName its name once moved (the interface's name, or {@code vx0} in a switch namespace)
     * @param owner the guid of the interface (INTERFACE) or switch (BRIDGE_PORT) it serves
     * @param remotes the underlay addresses of the other ends
     */
    public record TunnelEnd(
            SpanHost host,
            String device,
            String finalName,
            Placement placement,
            int owner,
            int vni,
            Ipv4Address local,
            List<Ipv4Address> remotes,
            int mtu) {}

    /** What the plan says: tunnel ends, the MTU each carried interface gets, notes for the log, and refusals. */
    public record Plan(
            List<TunnelEnd> tunnels,
            Map<Integer, Integer> interfaceMtu,
            List<String> notes,
            List<String> problems,
            List<List<SpanHost>> hostPairs) {

        /** Whether anything spans hosts. */
        public boolean spans() {
            return !tunnels.isEmpty();
        }
    }

    private SpanPlan() {}

    /** Plans the tunnels of {@code links} for the run {@code tag}. */
    public static Plan plan(RunTag tag, List<Link> links) {
        List<TunnelEnd> tunnels = new ArrayList<>();
        Map<Integer, Integer> mtus = new TreeMap<>();
        List<String> notes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<List<SpanHost>> pairs = new HashSet<>();
        List<List<SpanHost>> pairList = new ArrayList<>();
        Set<Integer> vnis = new HashSet<>();
        for (Link link : links) {
            List<Port> ports = link instanceof PointToPoint p ? List.of(p.a(), p.b()) : ((SwitchPorts) link).ports();
            Map<String, SpanHost> hosts = new LinkedHashMap<>();
            for (Port port : ports) {
                hosts.putIfAbsent(port.host().name(), port.host());
            }
            if (hosts.size() < 2) {
                continue; // on one host: veths, as before
            }
            String what = describe(link);
            List<SpanHost> spanned = new ArrayList<>(hosts.values());
            if (!checkUnderlays(what, spanned, problems)) {
                continue;
            }
            for (int i = 0; i < spanned.size(); i++) {
                for (int j = i + 1; j < spanned.size(); j++) {
                    List<SpanHost> pair = List.of(spanned.get(i), spanned.get(j));
                    if (pairs.add(pair)) {
                        pairList.add(pair);
                    }
                }
            }
            int mtu = spanned.stream().mapToInt(SpanHost::mtu).min().orElseThrow() - VXLAN_OVERHEAD;
            for (Port port : ports) {
                if (port.mtu() != null && port.mtu() > mtu) {
                    problems.add(what + ": interface " + port.iface() + " asks for mtu " + port.mtu() + " but the"
                            + " VXLAN tunnel between " + names(spanned) + " carries at most " + mtu + " (underlay MTU"
                            + " minus " + VXLAN_OVERHEAD + "); lower its mtu or leave it unset");
                } else if (port.mtu() == null) {
                    mtus.put(port.iface(), mtu);
                    notes.add(what + ": interface " + port.iface() + " gets mtu " + mtu + " (VXLAN between "
                            + names(spanned) + ": smallest underlay MTU " + (mtu + VXLAN_OVERHEAD) + " minus "
                            + VXLAN_OVERHEAD + ")");
                } else {
                    mtus.put(port.iface(), port.mtu());
                }
            }
            int owner = link instanceof PointToPoint p
                    ? Math.min(p.a().iface(), p.b().iface())
                    : ((SwitchPorts) link).switchGuid();
            int vni = vni(tag, link instanceof SwitchPorts ? 'S' : 'P', owner, vnis);
            if (link instanceof PointToPoint p) {
                tunnels.add(new TunnelEnd(
                        p.a().host(),
                        device(tag, 'p', p.a().iface()),
                        p.a().name(),
                        Placement.INTERFACE,
                        p.a().iface(),
                        vni,
                        p.a().host().underlay(),
                        List.of(p.b().host().underlay()),
                        mtus.getOrDefault(p.a().iface(), mtu)));
                tunnels.add(new TunnelEnd(
                        p.b().host(),
                        device(tag, 'p', p.b().iface()),
                        p.b().name(),
                        Placement.INTERFACE,
                        p.b().iface(),
                        vni,
                        p.b().host().underlay(),
                        List.of(p.a().host().underlay()),
                        mtus.getOrDefault(p.b().iface(), mtu)));
            } else {
                for (SpanHost host : spanned) {
                    List<Ipv4Address> remotes = spanned.stream()
                            .filter(h -> h != host)
                            .map(SpanHost::underlay)
                            .toList();
                    tunnels.add(new TunnelEnd(
                            host,
                            device(tag, 's', owner),
                            "vx0",
                            Placement.BRIDGE_PORT,
                            owner,
                            vni,
                            host.underlay(),
                            remotes,
                            mtu));
                }
            }
        }
        checkDeviceNames(tunnels, problems);
        return new Plan(
                List.copyOf(tunnels),
                Map.copyOf(mtus),
                List.copyOf(notes),
                List.copyOf(problems),
                List.copyOf(pairList));
    }

    /**
     * The name of a tunnel device while in its host's namespace: {@code nv<tag><p|s><guid>},
     * at most 15 characters, so that runs and links never clash there.
     */
    static String device(RunTag tag, char kind, int guid) {
        // 2 + 6 + 1 + at most 6 (an int in base 36) = 15 = the kernel's limit.
        return "nv" + tag.value() + kind + Integer.toString(guid, 36);
    }

    /**
     * A VNI from the run tag and the link's owner guid: differs between runs (so two runs on the
     * same hosts do not share a segment; the kernel refuses a second device with the same VNI
     * and port anyway), unique within the plan, never 0.
     */
    static int vni(RunTag tag, char kind, int owner, Set<Integer> used) {
        int v = ((tag.value().hashCode() * 31 + kind) * 1_000_003 + owner) & 0xFFFFFF;
        while (v == 0 || !used.add(v)) {
            v = (v + 1) & 0xFFFFFF;
        }
        return v;
    }

    private static boolean checkUnderlays(String what, List<SpanHost> hosts, List<String> problems) {
        boolean ok = true;
        Map<Ipv4Address, SpanHost> byAddress = new HashMap<>();
        for (SpanHost h : hosts) {
            if (h.underlay() == null) {
                problems.add(what + " spans hosts " + names(hosts) + " but host " + h.name() + " has no IPv4 address"
                        + " the others can reach: set 'underlay' on its linux::Node (an address of it the other hosts"
                        + " reach)");
                ok = false;
                continue;
            }
            if (isLoopback(h.underlay())) {
                problems.add(what + " spans hosts " + names(hosts) + " but host " + h.name() + " would be reached at "
                        + h.underlay() + ", a loopback address the other hosts cannot reach: set 'underlay' on its"
                        + " linux::Node to an address of it they reach");
                ok = false;
            }
            SpanHost before = byAddress.putIfAbsent(h.underlay(), h);
            if (before != null) {
                problems.add(what + ": hosts " + before.name() + " and " + h.name() + " both have underlay address "
                        + h.underlay() + "; a tunnel needs an address per host (set 'underlay')");
                ok = false;
            }
        }
        return ok;
    }

    private static void checkDeviceNames(List<TunnelEnd> tunnels, List<String> problems) {
        Map<String, TunnelEnd> seen = new HashMap<>();
        for (TunnelEnd t : tunnels) {
            TunnelEnd before = seen.putIfAbsent(t.host().name() + "/" + t.device(), t);
            if (before != null && before.owner() != t.owner()) {
                problems.add("host " + t.host().name() + ": tunnel devices of " + before.owner() + " and " + t.owner()
                        + " would both be named " + t.device());
            }
        }
    }

    static boolean isLoopback(Ipv4Address a) {
        return (a.bits() >>> 24) == 127;
    }

    private static String describe(Link link) {
        if (link instanceof PointToPoint p) {
            return "the link between interfaces " + p.a().iface() + " (on "
                    + p.a().host().name() + ") and " + p.b().iface() + " (on "
                    + p.b().host().name() + ")";
        }
        return "switch " + ((SwitchPorts) link).switchGuid();
    }

    private static String names(List<SpanHost> hosts) {
        return String.join(
                ", ",
                hosts.stream()
                        .map(SpanHost::name)
                        .sorted(Comparator.naturalOrder())
                        .toList());
    }
}
