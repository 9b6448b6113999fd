package nepi.resources.ns3;

import static nepi.core.resource.ResourceState.FAILED;
import static nepi.core.resource.ResourceState.RELEASED;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.resources.linux.LinuxNode;
import nepi.resources.netns.Ipv4Address;
import nepi.resources.netns.Ipv4Cidr;
import nepi.resources.netns.NetnsInterface;

/**
 * A ns-3 design: checks it before anything is built, so that every mistake is reported at once
 * naming the resources, and turns one simulation's part of it into the description the ns-3
 * driver reads (see {@code nepi-ns3-driver.cc} for the format).
 */
final class Ns3Design {

    /** Files of a simulation run, in its run directory on the host. */
    static final String DESCRIPTION = "description";

    static final String EVENTS = "events";
    static final String FLOWMON = "flowmon.tsv";

    private Ns3Design() {}

    static String appOutFile(int guid) {
        return "app-" + guid + ".stdout";
    }

    static String throughputFile(int guid) {
        return "app-" + guid + ".throughput";
    }

    static String pcapFile(int guid) {
        return "dev-" + guid + ".pcap";
    }

    static String asciiFile(int guid) {
        return "dev-" + guid + ".tr";
    }

    /** The resources of one simulation, each list in guid order. */
    record Members(
            Ns3Simulation simulation,
            List<Ns3Node> nodes,
            List<Ns3NetDevice> devices,
            List<Ns3Channel> channels,
            List<Ns3Application> applications,
            List<Ns3Route> routes,
            List<Ns3DeviceComponent> components,
            List<Ns3MobilityModel> mobility) {

        /** Every ns-3 resource of the simulation. */
        List<Ns3Resource> all() {
            List<Ns3Resource> all = new ArrayList<>(nodes);
            all.addAll(devices);
            all.addAll(channels);
            all.addAll(applications);
            all.addAll(routes);
            all.addAll(components);
            all.addAll(mobility);
            return all;
        }
    }

    /** What belongs to {@code sim}: its nodes and what is connected to them. */
    static Members of(Ns3Simulation sim) {
        List<Ns3Node> nodes = sorted(sim.getConnected(Ns3Node.class));
        Set<Ns3NetDevice> devices = new LinkedHashSet<>();
        Set<Ns3Application> apps = new LinkedHashSet<>();
        Set<Ns3Route> routes = new LinkedHashSet<>();
        Set<Ns3MobilityModel> mobility = new LinkedHashSet<>();
        for (Ns3Node node : nodes) {
            mobility.addAll(node.getConnected(Ns3MobilityModel.class));
            devices.addAll(node.getConnected(Ns3NetDevice.class));
            apps.addAll(node.getConnected(Ns3Application.class));
            routes.addAll(node.getConnected(Ns3Route.class));
        }
        Set<Ns3Channel> channels = new LinkedHashSet<>();
        Set<Ns3DeviceComponent> components = new LinkedHashSet<>();
        for (Ns3NetDevice device : devices) {
            if (device.channel() != null) {
                channels.add(device.channel());
            }
            components.addAll(device.getConnected(Ns3DeviceComponent.class));
        }
        return new Members(
                sim,
                nodes,
                sorted(devices),
                sorted(channels),
                sorted(apps),
                sorted(routes),
                sorted(components),
                sorted(mobility));
    }

    private static <T extends ResourceManager> List<T> sorted(java.util.Collection<T> rms) {
        return rms.stream()
                .filter(rm -> rm.getState() != RELEASED)
                .sorted(Comparator.comparingInt(ResourceManager::getGuid))
                .toList();
    }

    // ---------------------------------------------------------------- checks

    /**
     * Fails when the ns-3 design deployed in {@code group} has errors.
     *
     * @param ids the TypeIds of the ns-3 build to check attribute names against (null: the bundled 3.37 ones)
     * @throws IllegalArgumentException listing every error found
     */
    static void verify(ResourceContext ec, int group, Ns3TypeIds ids) {
        List<String> problems = problems(ec, group, ids == null ? Ns3TypeIds.bundled() : ids);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the ns-3 design has errors, nothing was built or run for it:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    static void verify(ResourceContext ec, int group) {
        verify(ec, group, null);
    }

    /** The errors of the ns-3 design deployed in {@code group} (with what was deployed before). */
    static List<String> problems(ResourceContext ec, int group, Ns3TypeIds ids) {
        List<ResourceManager> rms = new ArrayList<>();
        for (int guid : ec.getResources()) {
            ResourceManager rm = ec.findResource(guid).orElse(null);
            if (rm != null && considered(rm, group)) {
                rms.add(rm);
            }
        }
        return problems(rms, ids);
    }

    /** The errors of the ns-3 design made of {@code rms} (other resources among them are ignored). */
    static List<String> problems(List<ResourceManager> rms, Ns3TypeIds ids) {
        List<String> problems = new ArrayList<>();
        List<Ns3Simulation> sims = new ArrayList<>();
        List<Ns3Resource> orphans = new ArrayList<>();
        for (ResourceManager rm : rms) {
            if (rm instanceof Ns3Simulation sim) {
                sims.add(sim);
            } else if (rm instanceof Ns3Resource r && r.simulation() == null) {
                orphans.add(r);
            }
        }
        for (Ns3Resource r : orphans) {
            problems.add(orphanProblem(r));
        }
        for (Ns3Simulation sim : sims) {
            checkSimulation(of(sim), ids, problems);
        }
        return problems;
    }

    private static String orphanProblem(Ns3Resource r) {
        if (r instanceof Ns3Node) {
            return r + " belongs to no simulation: connect it to a linux::ns3::Simulation";
        }
        if (r instanceof Ns3NetDevice d && d.node() == null) {
            return r + " is on no node: connect it to a ns3::Node";
        }
        if (r instanceof Ns3Application a && a.node() == null) {
            return r + " is installed on no node: connect it to a ns3::Node";
        }
        if (r instanceof Ns3Route route && route.node() == null) {
            return r + " is in the table of no node: connect it to a ns3::Node";
        }
        if (r instanceof Ns3MobilityModel mm && mm.node() == null) {
            return r + " moves no node: connect it to a ns3::Node";
        }
        if (r instanceof Ns3DeviceComponent c && c.device() == null) {
            return r + " is the " + c.role() + " of no device: connect it to a ns3::PointToPointNetDevice or a"
                    + " ns3::CsmaNetDevice";
        }
        if (r instanceof Ns3Channel c && c.devices().isEmpty()) {
            return r + " joins no device: connect devices of its kind to it";
        }
        return r + " belongs to no simulation: its node is connected to no linux::ns3::Simulation";
    }

    private static boolean considered(ResourceManager rm, int group) {
        ResourceState s = rm.getState();
        int rmGroup = rm.getDeploymentGroup();
        return rmGroup != 0 && s != RELEASED && (s != FAILED || rmGroup == group);
    }

    private static void checkSimulation(Members m, Ns3TypeIds ids, List<String> problems) {
        Ns3Simulation sim = m.simulation();
        List<LinuxNode> hosts = sim.getConnected(LinuxNode.class);
        if (hosts.isEmpty()) {
            problems.add(sim + " runs on no host: connect it to a linux::Node (hostname localhost for this machine)");
        }
        if (m.nodes().isEmpty()) {
            problems.add(sim + " has no ns3::Node: connect simulated nodes to it");
        }
        Map<Ipv4Address, Ns3NetDevice> addresses = new LinkedHashMap<>();
        for (Ns3NetDevice device : m.devices()) {
            checkDevice(device, addresses, problems);
        }
        for (Ns3Channel channel : m.channels()) {
            if (channel.maxDevices() > 0 && channel.devices().size() < channel.maxDevices()) {
                problems.add(channel + " joins " + channel.devices().size() + " device(s) " + channel.devices()
                        + "; a point-to-point link needs two");
            }
        }
        for (Ns3Application app : m.applications()) {
            Ns3Node node = app.node();
            if (!node.hasStack()) {
                problems.add(
                        app + " is installed on " + node + ", which has no internet stack: set enableStack on " + node);
            }
            List<String> missing = app.required().stream()
                    .filter(a -> app.get(a) == null)
                    .map(a -> "'" + a.getName() + "'")
                    .toList();
            if (!missing.isEmpty()) {
                problems.add(app + ": " + String.join(", ", missing) + " not set");
            }
        }
        for (Ns3Route route : m.routes()) {
            checkRoute(route, m, problems);
        }
        for (Ns3Resource r : m.all()) {
            checkAttributes(r, ids, problems);
        }
    }

    private static void checkDevice(
            Ns3NetDevice device, Map<Ipv4Address, Ns3NetDevice> addresses, List<String> problems) {
        if (device instanceof Ns3FdNetDevice fd) {
            checkHybrid(fd, problems);
        } else if (device.channel() == null) {
            problems.add(device + " has no channel: connect it to a "
                    + (device instanceof Ns3CsmaNetDevice
                            ? "ns3::CsmaChannel"
                            : device instanceof Ns3WifiNetDevice
                                    ? "ns3::YansWifiChannel"
                                    : "ns3::PointToPointChannel"));
        }
        if (device instanceof Ns3WifiNetDevice
                && device.node().getConnected(Ns3MobilityModel.class).isEmpty()) {
            problems.add(device + " is a Wi-Fi device but " + device.node() + " has no mobility model (the radio needs"
                    + " a position): connect a ns3::ConstantPositionMobilityModel or a"
                    + " ns3::RandomWalk2dMobilityModel to it");
        }
        String ip = device.get(Ns3NetDevice.IP);
        Integer prefix = device.get(Ns3NetDevice.PREFIX);
        if ((ip == null) != (prefix == null)) {
            problems.add(device + ": " + (ip == null ? "'prefix' is set but not 'ip'" : "'ip' is set but not 'prefix'")
                    + "; an address needs both, e.g. ip 10.0.0.1 and prefix 24");
        }
        if (ip != null && !device.node().hasStack()) {
            problems.add(device + " has address " + ip + " but " + device.node() + " has no internet stack: set"
                    + " enableStack on it");
        }
        if (ip != null) {
            Ns3NetDevice before = addresses.putIfAbsent(Ipv4Address.parse(ip), device);
            if (before != null) {
                problems.add(before + " and " + device + " both have address " + ip + "; each device needs its own");
            }
        }
    }

    /** A device on a real interface: RealTime, on this machine, one netns::Interface, no queue or error model. */
    private static void checkHybrid(Ns3FdNetDevice device, List<String> problems) {
        Ns3Simulation sim = device.simulation();
        NetnsInterface iface = device.netnsInterface();
        if (iface == null) {
            problems.add(device + " takes over no real interface: connect it to a netns::Interface of this machine");
        }
        if (!"RealTime".equals(sim.get(Ns3Simulation.SIMULATOR_IMPL))) {
            problems.add(device + " carries real packets, which need the simulated clock to follow the wall clock: set"
                    + " simulatorImpl to RealTime on " + sim);
        }
        LinuxNode host = sim.host();
        if (iface != null && host != null && !host.isLocal()) {
            problems.add(device + " takes over " + iface + " on this machine but " + sim + " runs on " + host
                    + " (hostname " + host.get(LinuxNode.HOSTNAME) + "): a hybrid simulation runs on the host of its"
                    + " namespaces, hostname localhost");
        }
        if (!device.getConnected(Ns3DeviceComponent.class).isEmpty()) {
            problems.add(device + " takes no ns3::DropTailQueue or ns3::RateErrorModel: the real interface has its"
                    + " own queue");
        }
    }

    private static void checkRoute(Ns3Route route, Members m, List<String> problems) {
        String network = route.get(Ns3Route.NETWORK);
        Integer prefix = route.get(Ns3Route.PREFIX);
        String nexthop = route.get(Ns3Route.NEXTHOP);
        if (network == null || prefix == null || nexthop == null) {
            List<String> missing = new ArrayList<>();
            if (network == null) {
                missing.add("'network'");
            }
            if (prefix == null) {
                missing.add("'prefix'");
            }
            if (nexthop == null) {
                missing.add("'nexthop'");
            }
            problems.add(route + ": " + String.join(", ", missing) + " not set; a route needs network, prefix and"
                    + " nexthop, e.g. 10.0.2.0, 24, 10.0.1.2");
            return;
        }
        Ns3Node node = route.node();
        if (!node.hasStack()) {
            problems.add(route + " goes in the table of " + node + ", which has no internet stack: set enableStack");
        }
        Ipv4Address via = Ipv4Address.parse(nexthop);
        List<Ipv4Cidr> own = m.devices().stream()
                .filter(d -> d.node() == node)
                .flatMap(d -> d.cidr().stream())
                .toList();
        if (own.stream().noneMatch(c -> c.contains(via))) {
            problems.add(route + ": next hop " + via + " is unreachable from " + node + ": it is in none of the"
                    + " networks of its devices ("
                    + (own.isEmpty()
                            ? "it has no addresses"
                            : own.stream().map(c -> c.network().toString()).collect(Collectors.joining(", ")))
                    + ")");
        }
    }

    private static void checkAttributes(Ns3Resource r, Ns3TypeIds ids, List<String> problems) {
        if (r instanceof Ns3Route) {
            return;
        }
        if (!ids.hasType(r.typeId())) {
            problems.add(r + ": the ns-3 on the host has no TypeId " + r.typeId());
            return;
        }
        Map<String, String> known = ids.attributes(r.typeId());
        for (Map.Entry<String, String> e : r.ns3Attributes().entrySet()) {
            if (!known.containsKey(e.getKey())) {
                problems.add(r + ": the ns-3 on the host has no attribute " + e.getKey() + " for " + r.typeId());
            } else {
                ids.valueProblem(r.typeId(), e.getKey(), e.getValue().strip())
                        .ifPresent(problem -> problems.add(r + ": " + problem));
            }
            if (e.getValue().contains("\n") || e.getValue().isBlank()) {
                problems.add(
                        r + ": attribute " + e.getKey() + " must be one non-empty line, not \"" + e.getValue() + "\"");
            }
        }
    }

    // ---------------------------------------------------------------- description

    /**
     * The description of {@code m} for the driver, its output files in {@code runHome}.
     * Settings first, then nodes and their stacks, every object with its attributes, then the
     * attachments, addresses, routes, applications and traces (objects are created with the
     * attributes given so far when first used).
     */
    static String describe(Members m, String runHome) {
        Ns3Simulation sim = m.simulation();
        StringBuilder s = new StringBuilder();
        s.append("# Written by NEPI for ").append(sim).append('\n');
        s.append("impl ").append(sim.get(Ns3Simulation.SIMULATOR_IMPL)).append('\n');
        s.append("checksum ").append(sim.get(Ns3Simulation.CHECKSUM_ENABLED)).append('\n');
        s.append("seed ").append(sim.get(Ns3Simulation.SEED)).append('\n');
        s.append("run ").append(sim.get(Ns3Simulation.RUN)).append('\n');
        s.append("stop ").append(sim.get(Ns3Simulation.STOP_TIME)).append('\n');
        for (Ns3Node node : m.nodes()) {
            s.append("node ").append(node.getGuid()).append('\n');
            if (node.hasStack()) {
                s.append("stack ").append(node.getGuid()).append('\n');
            }
        }
        List<Ns3Resource> objects = new ArrayList<>(m.devices());
        objects.addAll(m.channels());
        objects.addAll(m.applications());
        objects.addAll(m.components());
        objects.addAll(m.mobility());
        for (Ns3Resource r : objects) {
            s.append("object ")
                    .append(r.getGuid())
                    .append(' ')
                    .append(r.typeId())
                    .append('\n');
            r.ns3Attributes().forEach((name, value) -> s.append("attr ")
                    .append(r.getGuid())
                    .append(' ')
                    .append(name)
                    .append(' ')
                    .append(value.strip())
                    .append('\n'));
        }
        for (Ns3MobilityModel mm : m.mobility()) {
            s.append("mobility ")
                    .append(mm.node().getGuid())
                    .append(' ')
                    .append(mm.getGuid())
                    .append('\n');
        }
        for (Ns3NetDevice d : m.devices()) {
            // The queue is the device's from its attachment on; the error model from whenever it is set.
            d.component(Ns3DropTailQueue.class).ifPresent(q -> s.append("queue ")
                    .append(d.getGuid())
                    .append(' ')
                    .append(q.getGuid())
                    .append('\n'));
            d.component(Ns3RateErrorModel.class).ifPresent(e -> s.append("errormodel ")
                    .append(d.getGuid())
                    .append(' ')
                    .append(e.getGuid())
                    .append('\n'));
            if (d instanceof Ns3FdNetDevice fd) {
                // Deployed by now: the simulation waited for the interface (see Ns3Simulation).
                NetnsInterface iface = fd.netnsInterface();
                s.append("fd ")
                        .append(d.getGuid())
                        .append(' ')
                        .append(d.node().getGuid())
                        .append(' ')
                        .append(iface.node().orElseThrow().namespace())
                        .append(' ')
                        .append(iface.deviceName())
                        .append('\n');
                continue;
            }
            s.append("attach ")
                    .append(d.getGuid())
                    .append(' ')
                    .append(d.node().getGuid())
                    .append(' ')
                    .append(d.channel().getGuid())
                    .append('\n');
        }
        for (Ns3NetDevice d : m.devices()) {
            Optional<Ipv4Cidr> cidr = d.cidr();
            cidr.ifPresent(c -> s.append("address ")
                    .append(d.getGuid())
                    .append(' ')
                    .append(c.address())
                    .append(' ')
                    .append(c.prefixLength())
                    .append('\n'));
        }
        for (Ns3Route r : m.routes()) {
            s.append("route ")
                    .append(r.node().getGuid())
                    .append(' ')
                    .append(r.get(Ns3Route.NETWORK))
                    .append(' ')
                    .append(r.get(Ns3Route.PREFIX))
                    .append(' ')
                    .append(r.get(Ns3Route.NEXTHOP))
                    .append('\n');
        }
        if (sim.get(Ns3Simulation.POPULATE_ROUTING_TABLES)) {
            s.append("globalrouting\n");
        }
        for (Ns3Application a : m.applications()) {
            s.append("app ")
                    .append(a.getGuid())
                    .append(' ')
                    .append(a.node().getGuid())
                    .append(' ')
                    .append(runHome)
                    .append('/')
                    .append(appOutFile(a.getGuid()))
                    .append('\n');
            if (a instanceof Ns3PacketSink sink && sink.traceEnabled("throughput")) {
                s.append("throughput ")
                        .append(a.getGuid())
                        .append(' ')
                        .append(sink.get(Ns3PacketSink.THROUGHPUT_INTERVAL))
                        .append(' ')
                        .append(runHome)
                        .append('/')
                        .append(throughputFile(a.getGuid()))
                        .append('\n');
            }
        }
        for (Ns3NetDevice d : m.devices()) {
            if (d.traceEnabled("pcap")) {
                s.append("pcap ")
                        .append(d.getGuid())
                        .append(' ')
                        .append(runHome)
                        .append('/')
                        .append(pcapFile(d.getGuid()))
                        .append('\n');
            }
            if (d.traceEnabled("ascii")) {
                s.append("ascii ")
                        .append(d.getGuid())
                        .append(' ')
                        .append(runHome)
                        .append('/')
                        .append(asciiFile(d.getGuid()))
                        .append('\n');
            }
        }
        if (sim.traceEnabled("flowmon")) {
            s.append("flowmon ").append(runHome).append('/').append(FLOWMON).append('\n');
        }
        return s.toString();
    }
}
