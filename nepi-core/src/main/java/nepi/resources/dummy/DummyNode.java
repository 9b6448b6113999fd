package nepi.resources.dummy;

import static nepi.core.resource.ResourceState.NEW;
import static nepi.core.resource.ResourceState.READY;

import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/**
 * A pretend host. It provisions, then becomes READY once its interfaces are READY, as a
 * host whose network must be configured first would.
 */
@ResourceType(value = "dummy::Node", help = "A pretend host: provisions, then is READY once its interfaces are.")
public class DummyNode extends DummyResource {

    public DummyNode(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected void doDeploy() throws Exception {
        if (getState() == NEW) {
            work();
            discover();
            provision();
        }
        if (deferUntil(getConnected(DummyInterface.class), READY)) {
            return;
        }
        super.doDeploy();
    }
}
