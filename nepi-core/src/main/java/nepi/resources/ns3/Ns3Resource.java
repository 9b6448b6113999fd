package nepi.resources.ns3;

import static nepi.core.resource.ResourceState.FAILED;
import static nepi.core.resource.ResourceState.READY;
import static nepi.core.resource.ResourceState.RELEASED;
import static nepi.core.resource.ResourceState.STARTED;
import static nepi.core.resource.ResourceState.STOPPED;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nepi.core.resource.Attribute;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;

/**
 * An object of a ns-3 simulation (a node, a device, a channel, an application, a route): it
 * holds a part of the design that its {@link Ns3Simulation} turns into the description the
 * ns-3 driver builds. Its type name is the ns-3 TypeId it creates ({@code ns3::PointToPointNetDevice}),
 * and its attributes whose names start with a capital letter are that TypeId's own ns-3
 * attributes ({@code DataRate}, {@code Delay}), passed to ns-3 as strings ({@code "5Mbps"}).
 *
 * <p>It is READY once its simulation is (the simulation checks and builds the whole design),
 * STARTED when the simulation runs and STOPPED when it ended; applications instead follow the
 * simulated clock (see {@link Ns3Application}).
 */
public abstract class Ns3Resource extends ResourceManager {

    protected Ns3Resource(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    /**
     * {@code attr} made changeable while its simulation runs: an ns-3 attribute declared without
     * {@link Attribute.Flag#DESIGN}, whose new value a {@code RealTime} simulation applies to the
     * live object at once (a {@code Default} one refuses, see {@link Ns3Simulation#change}).
     * Before deploy, or between deploy and start, the value is only stored and the simulation
     * built with it.
     */
    static Attribute<String> changeableWhileRunning(Attribute<String> attr) {
        String name = attr.getName();
        return attr.withHook((rm, value) -> {
            Ns3Resource r = (Ns3Resource) rm;
            Ns3Simulation sim = r.simulation();
            if (sim != null && sim.isMember(r)) {
                sim.change(r, name, value);
            }
            return value;
        });
    }

    /** The ns-3 TypeId this resource creates: its type name. */
    public String typeId() {
        return getRtype();
    }

    /** The simulation this resource belongs to, through its connections; null when it has none. */
    public abstract Ns3Simulation simulation();

    /** The ns-3 attributes given a value, by ns-3 name, in declaration order. */
    public Map<String, String> ns3Attributes() {
        Map<String, String> values = new LinkedHashMap<>();
        for (Attribute<?> attr : getAttributes()) {
            if (isNs3Attribute(attr) && isSet(attr.getName())) {
                Object value = get(attr);
                if (value != null) {
                    values.put(attr.getName(), String.valueOf(value));
                }
            }
        }
        return values;
    }

    /** Whether {@code attr} is a ns-3 attribute (ns-3 names start with a capital; NEPI's do not). */
    static boolean isNs3Attribute(Attribute<?> attr) {
        return Character.isUpperCase(attr.getName().charAt(0));
    }

    /**
     * Refuses, when it is set, a value that ns-3 would refuse for one of its attributes (checked
     * against the bundled TypeIds of ns-3 3.37; deploy checks again against the host's).
     */
    @Override
    protected void checkValue(Attribute<?> attr, Object value) {
        if (isNs3Attribute(attr)) {
            Ns3TypeIds.bundled()
                    .valueProblem(
                            typeId(), attr.getName(), String.valueOf(value).strip())
                    .ifPresent(problem -> {
                        throw new IllegalArgumentException(this + ": " + problem);
                    });
        }
    }

    /** The names of this type's ns-3 attributes. */
    public List<String> ns3AttributeNames() {
        List<String> names = new ArrayList<>();
        for (Attribute<?> attr : getAttributes()) {
            if (isNs3Attribute(attr)) {
                names.add(attr.getName());
            }
        }
        return names;
    }

    @Override
    protected void doDeploy() throws Exception {
        Ns3Simulation sim = simulation();
        if (sim == null) {
            // Every problem of the design, this one among them, is reported at once.
            Ns3Design.verify(getEc(), getDeploymentGroup());
            throw new IllegalStateException(this + " belongs to no linux::ns3::Simulation");
        }
        if (deferUntil(sim, READY, this::deploy)) {
            return;
        }
        if (!sim.isMember(this) && !sim.join(this)) {
            throw new IllegalStateException(this + " was deployed after " + sim + " started: a running ns-3"
                    + " simulation takes no new resources (deploy them before it starts, or deploy a new simulation"
                    + " for them)");
        }
        super.doDeploy();
    }

    @Override
    protected void doStart() throws Exception {
        Ns3Simulation sim = simulation();
        if (sim.getState().isBefore(STARTED) && deferUntil(sim, STARTED, this::start)) {
            return;
        }
        setStarted();
    }

    /** Called by the simulation when it ended by itself ({@code failure} null) or failed. */
    void simulationEnded(String failure) {
        ResourceState s = getState();
        if (s == RELEASED || s == FAILED || s == STOPPED) {
            return;
        }
        if (failure != null) {
            fail(new IllegalStateException("its simulation failed: " + failure));
        } else {
            setStopped();
        }
    }

    /** Applications change state with the simulated clock; the others with their simulation. */
    void simulatedStart() {}

    void simulatedStop() {}
}
