package nepi.resources.dummy;

import static nepi.core.resource.ResourceState.PROVISIONED;
import static nepi.core.resource.ResourceState.READY;

import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/** A pretend network interface: deploys once its node is PROVISIONED and its link READY. */
@ResourceType(
        value = "dummy::Interface",
        help = "A pretend network interface: deploys once its node is provisioned and its link ready.")
public class DummyInterface extends DummyResource {

    public DummyInterface(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected void doDeploy() throws Exception {
        if (deferUntil(getConnected(DummyNode.class), PROVISIONED)
                || deferUntil(getConnected(DummyLink.class), READY)) {
            return;
        }
        work();
        super.doDeploy();
    }
}
