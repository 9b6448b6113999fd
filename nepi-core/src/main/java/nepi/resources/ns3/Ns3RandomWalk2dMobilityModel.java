package nepi.resources.ns3;

import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/** ns-3's {@code ns3::RandomWalk2dMobilityModel}: the node walks at random inside Bounds. */
@ResourceType(
        value = "ns3::RandomWalk2dMobilityModel",
        help = "Moves the ns3::Node it is connected to from Position at a random Speed and Direction, changing"
                + " them every Time or Distance (Mode), inside Bounds (xMin|xMax|yMin|yMax, e.g. 0|100|0|100).")
public class Ns3RandomWalk2dMobilityModel extends Ns3MobilityModel {

    public static final Attribute<String> BOUNDS = Attribute.ofString(
                    "Bounds", "ns-3: the area walked in, xMin|xMax|yMin|yMax in metres (default 0|100|0|100)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> SPEED = Attribute.ofString(
                    "Speed",
                    "ns-3: the speed in m/s, a random variable (default"
                            + " ns3::UniformRandomVariable[Min=2.0|Max=4.0])")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> DIRECTION = Attribute.ofString(
                    "Direction", "ns-3: the direction in radians, a random variable (default uniform over 0..2π)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> MODE = Attribute.ofString(
                    "Mode", "ns-3: when speed and direction change, Distance or Time (default)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> TIME = Attribute.ofString(
                    "Time", "ns-3: in Time mode, how long each leg lasts (default 1s)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> DISTANCE = Attribute.ofString(
                    "Distance", "ns-3: in Distance mode, how long each leg is in metres (default 1)")
            .withFlags(Flag.DESIGN);

    public Ns3RandomWalk2dMobilityModel(ResourceContext ec, int guid) {
        super(ec, guid);
    }
}
