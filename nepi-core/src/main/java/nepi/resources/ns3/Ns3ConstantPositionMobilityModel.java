package nepi.resources.ns3;

import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/** ns-3's {@code ns3::ConstantPositionMobilityModel}: the node stays at its Position. */
@ResourceType(
        value = "ns3::ConstantPositionMobilityModel",
        help = "Keeps the ns3::Node it is connected to at Position (x:y:z in metres, e.g. 10:0:0).")
public class Ns3ConstantPositionMobilityModel extends Ns3MobilityModel {

    public Ns3ConstantPositionMobilityModel(ResourceContext ec, int guid) {
        super(ec, guid);
    }
}
