package nepi.resources.ns3;

import java.util.List;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;

/**
 * A part of one {@link Ns3NetDevice} that ns-3 creates by TypeId and the device uses: its
 * transmit queue ({@link Ns3DropTailQueue}) or its receive error model ({@link Ns3RateErrorModel}).
 * A device takes at most one of each kind; one it does not have is ns-3's default (a 100-packet
 * drop-tail queue, no errors).
 */
public abstract class Ns3DeviceComponent extends Ns3Resource {

    protected Ns3DeviceComponent(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    /** The device it belongs to, or null. */
    public Ns3NetDevice device() {
        List<Ns3NetDevice> devices = getConnected(Ns3NetDevice.class);
        return devices.isEmpty() ? null : devices.get(0);
    }

    /** What it is to its device, for messages: "queue", "error model". */
    abstract String role();

    @Override
    public Ns3Simulation simulation() {
        Ns3NetDevice device = device();
        return device == null ? null : device.simulation();
    }

    @Override
    protected void checkConnection(ResourceManager other) {
        if (!(other instanceof Ns3NetDevice device)) {
            throw new IllegalArgumentException(this + " is the " + role() + " of a device (ns3::PointToPointNetDevice,"
                    + " ns3::CsmaNetDevice), not of " + other);
        }
        if (device instanceof Ns3WifiNetDevice) {
            throw new IllegalArgumentException(device + " keeps the queues and error models of ns-3's Wi-Fi: " + this
                    + " goes on a ns3::PointToPointNetDevice or a ns3::CsmaNetDevice");
        }
        Ns3NetDevice mine = device();
        if (mine != null && mine != other) {
            throw new IllegalArgumentException(this + " is already the " + role() + " of " + mine);
        }
        for (Ns3DeviceComponent c : device.getConnected(Ns3DeviceComponent.class)) {
            if (c != this && c.getClass() == getClass()) {
                throw new IllegalArgumentException(device + " already has " + c + " as its " + role());
            }
        }
    }
}
