package nepi.resources.ns3;

import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/** ns-3's YANS Wi-Fi channel: the radio medium that {@link Ns3WifiNetDevice}s share. */
@ResourceType(
        value = "ns3::YansWifiChannel",
        help = "A simulated radio medium joining any number of ns3::WifiNetDevice. Without PropagationLossModel and"
                + " PropagationDelayModel it gets those of ns-3's YansWifiChannelHelper::Default: log-distance loss,"
                + " speed-of-light delay.")
public class Ns3YansWifiChannel extends Ns3Channel {

    public static final Attribute<String> PROPAGATION_LOSS_MODEL = Attribute.ofString(
                    "PropagationLossModel",
                    "ns-3: the loss model, e.g. ns3::RangePropagationLossModel[MaxRange=100] (default"
                            + " ns3::LogDistancePropagationLossModel)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> PROPAGATION_DELAY_MODEL = Attribute.ofString(
                    "PropagationDelayModel", "ns-3: the delay model (default ns3::ConstantSpeedPropagationDelayModel)")
            .withFlags(Flag.DESIGN);

    public Ns3YansWifiChannel(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected Class<? extends Ns3NetDevice> deviceClass() {
        return Ns3WifiNetDevice.class;
    }
}
