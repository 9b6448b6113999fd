package nepi.resources.ns3;

import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/** ns-3's {@code ns3::RateErrorModel}: the receive error model of the device it is connected to. */
@ResourceType(
        value = "ns3::RateErrorModel",
        help = "Corrupts a share (ErrorRate) of what the device it is connected to receives, counted in ErrorUnit"
                + " (ERROR_UNIT_PACKET, ERROR_UNIT_BYTE or ERROR_UNIT_BIT); the device drops what is corrupted.")
public class Ns3RateErrorModel extends Ns3DeviceComponent {

    public static final Attribute<String> ERROR_RATE = changeableWhileRunning(
            Attribute.ofString(
                    "ErrorRate",
                    "ns-3: the share of units corrupted, between 0 and 1, e.g. 0.2 (default 0); changes while a RealTime simulation runs"));
    public static final Attribute<String> ERROR_UNIT = Attribute.ofString(
                    "ErrorUnit",
                    "ns-3: what ErrorRate counts: ERROR_UNIT_PACKET, ERROR_UNIT_BYTE (default) or ERROR_UNIT_BIT")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> RAN_VAR = Attribute.ofString(
                    "RanVar",
                    "ns-3: the random variable drawn against ErrorRate, e.g."
                            + " ns3::UniformRandomVariable[Min=0.0|Max=1.0] (the default)")
            .withFlags(Flag.DESIGN);

    public Ns3RateErrorModel(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    String role() {
        return "error model";
    }
}
