package nepi.resources.ns3;

import static nepi.core.resource.ResourceState.READY;
import static nepi.core.resource.ResourceState.STARTED;

import java.util.List;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.Trace;
import nepi.core.resource.TraceSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated application, installed on one {@link Ns3Node} (which needs {@code enableStack}).
 * Its states follow the <em>simulated</em> clock: it is STARTED when the simulation passes its
 * {@code StartTime} and STOPPED when it passes its {@code StopTime} (or the simulation's
 * {@code stopTime}), so {@code ec.waitFinished(app)} returns when it stopped in the simulation.
 * {@code ec.start}/{@code ec.stop} do not move it: ns-3 decides. Trace {@code stdout}: what it
 * did, one line per event with its simulated time in seconds.
 */
public abstract class Ns3Application extends Ns3Resource {

    public static final Attribute<String> START_TIME = Attribute.ofString(
                    "StartTime", "ns-3: simulated time at which the application starts, e.g. 1s (default 0s)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> STOP_TIME = Attribute.ofString(
                    "StopTime",
                    "ns-3: simulated time at which the application stops, e.g. 9s (default 0s: with the simulation)")
            .withFlags(Flag.DESIGN);

    public static final Trace STDOUT = Trace.enabled(
            "stdout",
            "What the application did, one line per event, each starting with the simulated" + " time in seconds");

    private static final Logger LOG = LoggerFactory.getLogger(Ns3Application.class);

    protected Ns3Application(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    /** The node it is installed on, or null. */
    public Ns3Node node() {
        List<Ns3Node> nodes = getConnected(Ns3Node.class);
        return nodes.isEmpty() ? null : nodes.get(0);
    }

    @Override
    public Ns3Simulation simulation() {
        Ns3Node node = node();
        return node == null ? null : node.simulation();
    }

    /** The attributes it cannot do without (e.g. a ping's Remote), by name; checked before deploy. */
    protected List<Attribute<String>> required() {
        return List.of();
    }

    @Override
    protected void checkConnection(ResourceManager other) {
        if (!(other instanceof Ns3Node)) {
            throw new IllegalArgumentException(this + " is installed on a ns3::Node, not connected to " + other);
        }
        Ns3Node node = node();
        if (node != null && node != other) {
            throw new IllegalArgumentException(this + " is already installed on " + node);
        }
    }

    @Override
    protected void doStart() {
        // The simulated clock starts it (simulatedStart); a start asked for by the EC changes nothing.
    }

    @Override
    protected void doStop() {
        LOG.warn("{}: stop ignored, a ns-3 application stops at its StopTime in simulated time", this);
    }

    @Override
    void simulatedStart() {
        if (getState() == READY) {
            setStarted();
        }
    }

    @Override
    void simulatedStop() {
        if (getState() == READY) {
            setStarted();
        }
        if (getState() == STARTED) {
            setStopped();
        }
    }

    @Override
    public TraceSource traceSource(String name) {
        Ns3Simulation sim = simulation();
        return sim == null ? null : sim.runFile(Ns3Design.appOutFile(getGuid()));
    }
}
