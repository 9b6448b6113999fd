package nepi.resources.netns;

import static nepi.core.resource.ResourceState.READY;
import static nepi.core.resource.ResourceState.STARTED;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceType;
import nepi.resources.linux.host.CommandResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A static route in the table of a {@link NetnsNode}: packets for {@code network/prefix} go
 * to {@code nexthop}, which must lie in the network of one of the node's interfaces. When the
 * next hop is an address of another netns node of the experiment, that node forwards IPv4
 * (it is a router now); forwarding stays on until its namespace goes.
 *
 * <p>Deploy waits for the node, its interfaces and the next hop's node; release removes the
 * route, so that routes can be added and removed while the experiment runs.
 */
@ResourceType(
        value = "netns::Route",
        aliases = {"NetnsRoute"},
        help = "A static IPv4 route on a netns::Node: network/prefix via nexthop (an address in the network of one of"
                + " the node's interfaces). The netns::Node owning the next hop address forwards packets from then on.")
public class NetnsRoute extends ResourceManager {

    public static final Attribute<String> NETWORK = Attribute.ofString(
                    "network",
                    "Destination network address, e.g. 198.18.2.0 (0.0.0.0 with prefix 0: the default route)")
            .withFlags(Flag.DESIGN)
            .withHook((rm, value) ->
                    value == null ? null : Ipv4Address.parse(value).toString());
    public static final Attribute<Integer> PREFIX = Attribute.ofInteger(
                    "prefix", "Prefix length of the destination network, e.g. 24")
            .withRange(0, 32)
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> NEXTHOP = Attribute.ofString(
                    "nexthop", "Address of the neighbour to send the packets to, e.g. 198.18.1.2")
            .withFlags(Flag.DESIGN)
            .withHook((rm, value) ->
                    value == null ? null : Ipv4Address.parse(value).toString());

    private static final Logger LOG = LoggerFactory.getLogger(NetnsRoute.class);

    private volatile NetnsNode node;

    public NetnsRoute(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    /** The destination, {@code network/prefix}. */
    public Ipv4Cidr destination() {
        return new Ipv4Cidr(Ipv4Address.parse(get(NETWORK)), get(PREFIX));
    }

    @Override
    protected void checkConnection(ResourceManager other) {
        if (!(other instanceof NetnsNode)) {
            throw new IllegalArgumentException(
                    this + " connects to the netns::Node whose table it goes in, not to " + other);
        }
        List<NetnsNode> nodes = getConnected(NetnsNode.class);
        if (!nodes.isEmpty() && nodes.get(0) != other) {
            throw new IllegalArgumentException(this + " already goes in the table of " + nodes.get(0) + "; register"
                    + " another netns::Route for " + other);
        }
    }

    @Override
    protected void doDeploy() throws Exception {
        TopologyCheck.verify(this);
        NetnsNode n = getConnected(NetnsNode.class).get(0);
        Ipv4Address via = Ipv4Address.parse(get(NEXTHOP));
        List<ResourceManager> waited = new ArrayList<>(List.of(n));
        for (NetnsInterface iface : n.interfaces()) {
            if (iface.getDeploymentGroup() != 0) {
                waited.add(iface);
            }
        }
        Optional<NetnsInterface> owner = nexthopOwner(via);
        owner.flatMap(NetnsInterface::node).ifPresent(waited::add);
        if (deferUntil(waited, READY, this::deploy)) {
            return;
        }
        boolean reachable = n.interfaces().stream()
                .filter(i -> i.getState() == READY || i.getState() == STARTED)
                .flatMap(i -> i.cidr().stream())
                .anyMatch(c -> c.contains(via));
        if (!reachable) {
            throw new IllegalStateException(this + ": next hop " + via + " is unreachable from " + n + ": none of its"
                    + " deployed interfaces is in that network");
        }
        if (owner.isPresent()) {
            owner.get().node().orElseThrow().enableForwarding();
        }
        node = n;
        n.net()
                .ip(
                        "adding route " + destination() + " via " + via + " to " + n,
                        "-n",
                        n.namespace(),
                        "route",
                        "add",
                        destination().toString(),
                        "via",
                        via.toString());
        super.doDeploy();
    }

    /** The deployed (or deploying) interface of the experiment whose address is {@code via}. */
    private Optional<NetnsInterface> nexthopOwner(Ipv4Address via) {
        for (int guid : getEc().getResources()) {
            if (getEc().findResource(guid).orElse(null) instanceof NetnsInterface iface
                    && iface.getDeploymentGroup() != 0
                    && iface.cidr().map(c -> c.address().equals(via)).orElse(false)) {
                return Optional.of(iface);
            }
        }
        return Optional.empty();
    }

    @Override
    protected void doRelease() throws Exception {
        NetnsNode n = node;
        if (n != null) {
            try {
                if (n.net().exists(n.namespace())) {
                    CommandResult r = n.net()
                            .tryIp(
                                    "-n",
                                    n.namespace(),
                                    "route",
                                    "del",
                                    destination().toString(),
                                    "via",
                                    get(NEXTHOP));
                    if (!r.succeeded() && n.net().exists(n.namespace())) {
                        // The interface the route went through may have gone first, taking the route with it.
                        LOG.debug("{}: removing the route: {}", this, r.outputTail(300));
                    }
                }
            } catch (IOException e) {
                // Its node's host went first (released in parallel): the namespace goes with it.
                LOG.debug("{}: removing the route: {}", this, e.getMessage());
            }
        }
        super.doRelease();
    }
}
