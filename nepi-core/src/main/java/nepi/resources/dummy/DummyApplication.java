package nepi.resources.dummy;

import static nepi.core.resource.ResourceState.READY;

import java.time.Duration;
import nepi.core.resource.Attribute;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/**
 * A pretend application: deploys once its node is READY, runs for {@code duration}
 * seconds once started, then stops by itself, as a finite process would.
 */
@ResourceType(
        value = "dummy::Application",
        help = "A pretend application: deploys once its node is ready; once started, runs for 'duration' seconds"
                + " and stops by itself.")
public class DummyApplication extends DummyResource {

    /** How long the application runs once started. */
    public static final Attribute<Double> DURATION = Attribute.ofDouble(
                    "duration", "Seconds the application runs before it stops by itself")
            .withDefault(0.0)
            .withRange(0, 86400);

    public DummyApplication(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected void doDeploy() throws Exception {
        if (deferUntil(getConnected(DummyNode.class), READY)) {
            return;
        }
        work();
        super.doDeploy();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        getEc().schedule(Duration.ofNanos((long) (get(DURATION) * 1e9)), this::stop);
    }
}
