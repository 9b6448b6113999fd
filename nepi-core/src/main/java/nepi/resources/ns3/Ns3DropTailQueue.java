package nepi.resources.ns3;

import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/**
 * ns-3's drop-tail packet queue (TypeId {@code ns3::DropTailQueue<Packet>}; NEPI 6 named it
 * {@code ns3::DropTailQueue}): the transmit queue of the device it is connected to.
 */
@ResourceType(
        value = "ns3::DropTailQueue",
        help = "The transmit queue of the device it is connected to (ns-3's DropTailQueue<Packet>): holds up to"
                + " MaxSize (e.g. 100p or 64000B) and drops what arrives when full. A device without one gets ns-3's"
                + " default, a 100-packet drop-tail queue.")
public class Ns3DropTailQueue extends Ns3DeviceComponent {

    /** The TypeId ns-3 3.37 registers for it. */
    static final String TYPE_ID = "ns3::DropTailQueue<Packet>";

    public static final Attribute<String> MAX_SIZE = Attribute.ofString(
                    "MaxSize", "ns-3: the most it holds, in packets (100p, the default) or bytes (64000B)")
            .withFlags(Flag.DESIGN);

    public Ns3DropTailQueue(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    public String typeId() {
        return TYPE_ID;
    }

    @Override
    String role() {
        return "queue";
    }
}
