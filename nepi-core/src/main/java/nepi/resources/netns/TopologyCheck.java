package nepi.resources.netns;

import static nepi.core.resource.ResourceState.FAILED;
import static nepi.core.resource.ResourceState.RELEASED;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;

/**
 * Checks a netns design before anything of it is created, so that a mistake is reported
 * clearly instead of surfacing as a half-built topology or an obscure {@code ip} error:
 * interfaces without a node or a link, two interfaces of one node with the same name or in
 * overlapping networks, routes with missing or malformed fields and routes through a next
 * hop that no interface of their node can reach.
 *
 * <p>Every netns resource runs it at the start of its deploy, over every netns resource of
 * the experiment that was asked to deploy (those that failed in an earlier deployment are
 * left out), so one mistake fails the whole deployment before any namespace exists.
 * Connection mistakes (an interface on two switches) and malformed values (a name too long,
 * a bad address) are refused earlier still, when they are made.
 */
final class TopologyCheck {

    private TopologyCheck() {}

    /**
     * Fails when the design that {@code checker} is deployed with has errors.
     *
     * @throws IllegalArgumentException listing every error found
     */
    static void verify(ResourceManager checker) {
        List<String> problems = problems(checker.getEc(), checker.getDeploymentGroup());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the netns topology has errors, nothing was created for it:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    /** The errors of the netns design deployed in {@code group} (with what was deployed before). */
    static List<String> problems(ResourceContext ec, int group) {
        List<NetnsInterface> interfaces = new ArrayList<>();
        List<NetnsRoute> routes = new ArrayList<>();
        for (int guid : ec.getResources()) {
            ResourceManager rm = ec.findResource(guid).orElse(null);
            if (rm == null || !considered(rm, group)) {
                continue;
            }
            if (rm instanceof NetnsInterface iface) {
                interfaces.add(iface);
            } else if (rm instanceof NetnsRoute route) {
                routes.add(route);
            }
        }
        List<String> problems = new ArrayList<>();
        Map<NetnsNode, List<NetnsInterface>> byNode = new LinkedHashMap<>();
        for (NetnsInterface iface : interfaces) {
            List<NetnsNode> nodes = iface.getConnected(NetnsNode.class);
            if (nodes.isEmpty()) {
                problems.add(iface + " is not connected to a netns::Node: connect it to the node it belongs to");
            } else {
                byNode.computeIfAbsent(nodes.get(0), n -> new ArrayList<>()).add(iface);
            }
            if (iface.getConnected(NetnsSwitch.class).isEmpty()
                    && iface.getConnected(NetnsInterface.class).isEmpty()) {
                problems.add(iface + " is connected to neither a netns::Switch nor another netns::Interface: connect"
                        + " it to one, or it has no link");
            }
        }
        byNode.forEach((node, list) -> checkNode(node, list, problems));
        checkAddressesUsedOnce(interfaces, problems);
        for (NetnsRoute route : routes) {
            checkRoute(route, byNode, problems);
        }
        return problems;
    }

    private static boolean considered(ResourceManager rm, int group) {
        ResourceState s = rm.getState();
        int rmGroup = rm.getDeploymentGroup();
        return rmGroup != 0 && s != RELEASED && (s != FAILED || rmGroup == group);
    }

    private static void checkNode(NetnsNode node, List<NetnsInterface> interfaces, List<String> problems) {
        Map<String, NetnsInterface> names = new HashMap<>();
        for (NetnsInterface iface : interfaces) {
            String name = iface.get(NetnsInterface.NAME);
            if (name == null) {
                continue;
            }
            NetnsInterface before = names.putIfAbsent(name, iface);
            if (before != null) {
                problems.add(node + ": " + before + " and " + iface + " are both named '" + name + "'; the interfaces"
                        + " of a node need distinct names");
            }
        }
        for (int i = 0; i < interfaces.size(); i++) {
            Optional<Ipv4Cidr> a = interfaces.get(i).cidr();
            for (int j = i + 1; j < interfaces.size() && a.isPresent(); j++) {
                Optional<Ipv4Cidr> b = interfaces.get(j).cidr();
                if (b.isPresent() && a.get().overlaps(b.get())) {
                    problems.add(node + ": " + interfaces.get(i) + " (" + a.get() + ") and " + interfaces.get(j) + " ("
                            + b.get() + ") have overlapping addresses; each interface of a node needs a network of"
                            + " its own");
                }
            }
        }
    }

    /**
     * One address, one interface, in the whole design: on one machine or spread over hosts, two
     * interfaces with the same address make replies go to whichever answers ARP first.
     */
    private static void checkAddressesUsedOnce(List<NetnsInterface> interfaces, List<String> problems) {
        Map<Ipv4Address, NetnsInterface> owners = new HashMap<>();
        for (NetnsInterface iface : interfaces) {
            Optional<Ipv4Cidr> cidr = iface.cidr();
            if (cidr.isEmpty()) {
                continue;
            }
            NetnsInterface before = owners.putIfAbsent(cidr.get().address(), iface);
            if (before != null && !sameNode(before, iface)) {
                problems.add("address " + cidr.get().address() + " is used twice: by " + before + " and by " + iface
                        + "; give every interface an address of its own");
            }
        }
    }

    private static boolean sameNode(NetnsInterface a, NetnsInterface b) {
        // Two interfaces of one node with one address overlap: checkNode says so already.
        List<NetnsNode> na = a.getConnected(NetnsNode.class);
        return !na.isEmpty() && na.equals(b.getConnected(NetnsNode.class));
    }

    private static void checkRoute(
            NetnsRoute route, Map<NetnsNode, List<NetnsInterface>> byNode, List<String> problems) {
        List<NetnsNode> nodes = route.getConnected(NetnsNode.class);
        if (nodes.isEmpty()) {
            problems.add(route + " is not connected to a netns::Node: connect it to the node whose table it goes in");
            return;
        }
        String network = route.get(NetnsRoute.NETWORK);
        Integer prefix = route.get(NetnsRoute.PREFIX);
        String nexthop = route.get(NetnsRoute.NEXTHOP);
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
                    + " nexthop, e.g. 198.18.2.0, 24, 198.18.1.2");
            return;
        }
        Ipv4Cidr destination = new Ipv4Cidr(Ipv4Address.parse(network), prefix);
        if (!destination.isNetwork()) {
            problems.add(route + ": network " + destination + " has host bits set; did you mean "
                    + destination.network() + "?");
        }
        Ipv4Address via = Ipv4Address.parse(nexthop);
        NetnsNode node = nodes.get(0);
        List<Ipv4Cidr> own = byNode.getOrDefault(node, List.of()).stream()
                .flatMap(i -> i.cidr().stream())
                .toList();
        if (own.stream().anyMatch(c -> c.address().equals(via))) {
            problems.add(route + ": next hop " + via + " is an address of " + node + " itself; give the address of"
                    + " a neighbour");
        } else if (own.stream().noneMatch(c -> c.contains(via))) {
            problems.add(route + ": next hop " + via + " is unreachable from " + node + ": it is in none of the"
                    + " networks of its interfaces ("
                    + (own.isEmpty()
                            ? "it has no addresses"
                            : own.stream().map(c -> c.network().toString()).collect(Collectors.joining(", ")))
                    + ")");
        }
    }
}
