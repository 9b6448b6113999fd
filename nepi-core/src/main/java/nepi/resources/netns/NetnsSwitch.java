package nepi.resources.netns;

import static nepi.core.resource.ResourceState.READY;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceType;
import nepi.resources.linux.LinuxNode;
import nepi.resources.linux.host.Host;
import nepi.resources.netns.SpanPlan.TunnelEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A switch: a Linux bridge that the interfaces connected to it join. The bridge lives in a
 * namespace of its own ({@code nepi<tag>-s<guid>}), not in its host's, so that the host's
 * firewall (bridge netfilter, a Docker FORWARD policy) never sees the emulated traffic and so
 * that deleting that namespace removes the bridge and every port of it at once. With ports on
 * several hosts, each of them has a bridge, joined by a VXLAN device ({@link SpanPlan}).
 */
@ResourceType(
        value = "netns::Switch",
        aliases = {"NetnsSwitch"},
        help = "An emulated switch: a Linux bridge (in its own namespace, nepi<run tag>-s<guid>) joining the"
                + " netns::Interface resources connected to it into one Ethernet segment; with ports on several hosts,"
                + " a bridge on each joined by VXLAN. Needs root (CAP_NET_ADMIN).")
public class NetnsSwitch extends ResourceManager {

    /** The bridge's name inside the switch's namespace. */
    public static final String BRIDGE = "br0";

    private static final Logger LOG = LoggerFactory.getLogger(NetnsSwitch.class);

    private volatile NetnsRun run;
    /** Per host name, where its bridge is; filled at deploy. */
    private final Map<String, OnHost> onHosts = new ConcurrentHashMap<>();

    /** The bridge of the switch on one host. */
    private record OnHost(NetHost net, Host opened, NetworkNamespace namespace) {}

    public NetnsSwitch(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    /**
     * The name of the namespace that holds the bridge (on this machine, or on the one host of
     * its ports).
     *
     * @throws IllegalStateException before deploy created it, or when the switch spans hosts
     */
    public String namespace() {
        if (onHosts.size() != 1) {
            throw new IllegalStateException(this + " has "
                    + (onHosts.isEmpty() ? "no namespace yet" : "a" + " namespace on each of " + onHosts.keySet())
                    + " (it is " + getState() + ")");
        }
        return onHosts.values().iterator().next().namespace().name();
    }

    /**
     * The name of the namespace that holds the bridge on {@code host} (a host name as the nodes give it).
     *
     * @throws IllegalStateException when the switch has no bridge there
     */
    String namespaceOn(String host) {
        OnHost on = onHosts.get(host);
        if (on == null) {
            throw new IllegalStateException(this + " has no bridge on " + host + " (it is " + getState() + ")");
        }
        return on.namespace().name();
    }

    @Override
    protected void checkConnection(ResourceManager other) {
        if (!(other instanceof NetnsInterface)) {
            throw new IllegalArgumentException(this + " connects to netns::Interface resources only, not to " + other
                    + (other instanceof NetnsNode ? ": register a netns::Interface and connect it to both" : ""));
        }
    }

    /**
     * Creates a bridge on every host that has ports of the switch (this machine when none does):
     * on one host, in namespace {@code nepi<tag>-s<guid>}; spanning hosts, in
     * {@code nepi<tag>-s<guid>h<k>} on the k-th of them, joined by a VXLAN device.
     */
    @Override
    protected void doDeploy() throws Exception {
        if (deferUntil(SpanLayout.bases(this), READY, this::deploy)) {
            return;
        }
        SpanLayout layout = SpanLayout.of(this);
        NetnsRun r = NetnsRun.of(getEc());
        run = r;
        List<String> hosts = layout.switchHosts(getGuid());
        Map<String, LinuxNode> bases = new HashMap<>();
        for (NetnsInterface port : getConnected(NetnsInterface.class)) {
            port.node()
                    .ifPresent(
                            n -> n.base().filter(b -> !b.isLocal()).ifPresent(b -> bases.putIfAbsent(n.hostName(), b)));
        }
        List<TunnelEnd> ends = layout.switchEnds(getGuid());
        for (int k = 0; k < hosts.size(); k++) {
            String host = hosts.get(k);
            LinuxNode base = bases.get(host);
            Host opened = base == null ? null : base.openSharedHost();
            NetHost net;
            try {
                net = opened == null ? NetHost.LOCAL : NetHost.over(opened);
            } catch (IOException | RuntimeException e) {
                opened.close();
                throw e;
            }
            String name = hosts.size() == 1
                    ? r.tag().switchNamespace(getGuid())
                    : r.tag().switchNamespace(getGuid(), k + 1);
            NetworkNamespace ns = r.claim(net, name);
            onHosts.put(host, new OnHost(net, opened, ns));
            net.createNamespace(ns.name());
            net.batch(
                    "creating bridge " + BRIDGE + " of " + this + " in " + ns,
                    ns.name(),
                    List.of("link add " + BRIDGE + " type bridge", "link set " + BRIDGE + " up"));
            for (TunnelEnd end : ends) {
                if (end.host().name().equals(host)) {
                    net.script(
                            "creating the VXLAN port of " + this + " on " + host,
                            HostNetScripts.createTunnel(end, ns.name()));
                }
            }
        }
        super.doDeploy();
    }

    @Override
    protected void doRelease() throws Exception {
        for (OnHost on : onHosts.values()) {
            try {
                run.remove(on.net(), on.namespace());
            } catch (IOException e) {
                LOG.warn("{}: {}", this, e.getMessage());
            }
            if (on.opened() != null) {
                on.opened().close();
            }
        }
        super.doRelease();
    }
}
