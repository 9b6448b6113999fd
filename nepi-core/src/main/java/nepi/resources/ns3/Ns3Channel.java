package nepi.resources.ns3;

import java.util.List;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;

/** A simulated channel; the devices connected to it are its ends. */
public abstract class Ns3Channel extends Ns3Resource {

    protected Ns3Channel(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    /** The device type this channel joins. */
    protected abstract Class<? extends Ns3NetDevice> deviceClass();

    /** How many devices it joins at most (0: no limit). */
    protected int maxDevices() {
        return 0;
    }

    /** The devices connected to it. */
    public List<Ns3NetDevice> devices() {
        return getConnected(Ns3NetDevice.class);
    }

    @Override
    public Ns3Simulation simulation() {
        for (Ns3NetDevice device : devices()) {
            Ns3Simulation sim = device.simulation();
            if (sim != null) {
                return sim;
            }
        }
        return null;
    }

    @Override
    protected void checkConnection(ResourceManager other) {
        if (!deviceClass().isInstance(other)) {
            String wanted =
                    nepi.core.resource.ResourceFactory.typeOf(deviceClass()).getName();
            throw new IllegalArgumentException(this + " joins " + wanted + " devices only, not " + other);
        }
        if (maxDevices() > 0 && devices().size() >= maxDevices() && !devices().contains(other)) {
            throw new IllegalArgumentException(this + " already joins " + maxDevices() + " devices " + devices()
                    + "; a point-to-point link has two ends");
        }
    }
}
