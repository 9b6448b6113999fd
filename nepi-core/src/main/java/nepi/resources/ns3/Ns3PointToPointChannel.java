package nepi.resources.ns3;

import nepi.core.resource.Attribute;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/** ns-3's point-to-point channel: a full-duplex wire between two {@link Ns3PointToPointNetDevice}s. */
@ResourceType(
        value = "ns3::PointToPointChannel",
        help = "A simulated point-to-point link joining exactly two ns3::PointToPointNetDevice. ns-3 attribute Delay"
                + " (propagation delay, e.g. 2ms).")
public class Ns3PointToPointChannel extends Ns3Channel {

    public static final Attribute<String> DELAY = changeableWhileRunning(
            Attribute.ofString(
                    "Delay",
                    "ns-3: propagation delay through the channel, e.g. 2ms (default 0s); changes while a RealTime simulation runs"));

    public Ns3PointToPointChannel(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected Class<? extends Ns3NetDevice> deviceClass() {
        return Ns3PointToPointNetDevice.class;
    }

    @Override
    protected int maxDevices() {
        return 2;
    }
}
