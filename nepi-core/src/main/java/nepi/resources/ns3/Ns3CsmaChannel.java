package nepi.resources.ns3;

import nepi.core.resource.Attribute;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/** ns-3's CSMA channel: a shared bus (a LAN) that any number of {@link Ns3CsmaNetDevice}s join. */
@ResourceType(
        value = "ns3::CsmaChannel",
        help = "A simulated LAN joining any number of ns3::CsmaNetDevice. ns-3 attributes DataRate (e.g. 100Mbps)"
                + " and Delay (e.g. 6560ns).")
public class Ns3CsmaChannel extends Ns3Channel {

    public static final Attribute<String> DATA_RATE = changeableWhileRunning(
            Attribute.ofString(
                    "DataRate",
                    "ns-3: the rate of the shared medium, e.g. 100Mbps (ns-3 default 4294967295bps); changes while a RealTime simulation runs"));
    public static final Attribute<String> DELAY = changeableWhileRunning(
            Attribute.ofString(
                    "Delay",
                    "ns-3: propagation delay through the channel, e.g. 6560ns (default 0s); changes while a RealTime simulation runs"));

    public Ns3CsmaChannel(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected Class<? extends Ns3NetDevice> deviceClass() {
        return Ns3CsmaNetDevice.class;
    }
}
