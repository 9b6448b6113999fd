package nepi.resources.dummy;

import java.time.Duration;
import nepi.core.resource.Attribute;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;

/**
 * Common base of the dummy family: resources that only pretend, each operation taking
 * {@code opDelay} seconds. Used to try the controller, in tests, and in the scalability
 * benchmark.
 */
public abstract class DummyResource extends ResourceManager {

    /** Seconds each operation (deploy, start, stop, release) pretends to take. */
    public static final Attribute<Double> OP_DELAY = Attribute.ofDouble(
                    "opDelay", "Seconds each operation pretends to take (shared by every resource of the type)")
            .withDefault(0.0)
            .withRange(0, 3600)
            .withFlags(Attribute.Flag.GLOBAL);

    protected DummyResource(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    /** Sleeps {@code opDelay}, as a real operation would take time. */
    protected final void work() throws InterruptedException {
        double seconds = get(OP_DELAY);
        if (seconds > 0) {
            Thread.sleep(Duration.ofNanos((long) (seconds * 1e9)).toMillis());
        }
    }

    @Override
    protected void doStart() throws Exception {
        work();
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        work();
        super.doStop();
    }

    @Override
    protected void doRelease() throws Exception {
        work();
        super.doRelease();
    }
}
