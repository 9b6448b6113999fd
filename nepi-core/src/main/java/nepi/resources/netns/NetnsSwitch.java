package nepi.resources.netns;

import java.io.IOException;
import java.util.List;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A switch: a Linux bridge that the interfaces connected to it join. The bridge lives in a
 * namespace of its own ({@code nepi<tag>-s<guid>}), not in this machine's, so that the host's
 * firewall (bridge netfilter, a Docker FORWARD policy) never sees the emulated traffic and so
 * that deleting that namespace removes the bridge and every port of it at once.
 */
@ResourceType(
        value = "netns::Switch",
        aliases = {"NetnsSwitch"},
        help = "An emulated switch: a Linux bridge (in its own namespace, nepi<run tag>-s<guid>) joining the"
                + " netns::Interface resources connected to it into one Ethernet segment. Needs root (CAP_NET_ADMIN).")
public class NetnsSwitch extends ResourceManager {

    /** The bridge's name inside the switch's namespace. */
    public static final String BRIDGE = "br0";

    private static final Logger LOG = LoggerFactory.getLogger(NetnsSwitch.class);

    private volatile NetnsRun run;
    private volatile NetworkNamespace namespace;

    public NetnsSwitch(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    /**
     * The name of the namespace that holds the bridge.
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

    @Override
    protected void checkConnection(ResourceManager other) {
        if (!(other instanceof NetnsInterface)) {
            throw new IllegalArgumentException(this + " connects to netns::Interface resources only, not to " + other
                    + (other instanceof NetnsNode ? ": register a netns::Interface and connect it to both" : ""));
        }
    }

    @Override
    protected void doDeploy() throws Exception {
        TopologyCheck.verify(this);
        NetnsRun r = NetnsRun.of(getEc());
        run = r;
        NetworkNamespace ns = r.claim(r.tag().switchNamespace(getGuid()));
        namespace = ns;
        ns.create();
        Iproute2.batch(
                "creating bridge " + BRIDGE + " of " + this + " in " + ns,
                ns.name(),
                List.of("link add " + BRIDGE + " type bridge", "link set " + BRIDGE + " up"));
        super.doDeploy();
    }

    @Override
    protected void doRelease() throws Exception {
        NetworkNamespace ns = namespace;
        if (ns != null) {
            try {
                run.remove(ns);
            } catch (IOException e) {
                LOG.warn("{}: {}", this, e.getMessage());
            }
        }
        super.doRelease();
    }
}
