package nepi.resources.dummy;

import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/** A pretend link (channel) that interfaces attach to. */
@ResourceType(
        value = "dummy::Link",
        help = "A pretend link that dummy interfaces attach to.",
        aliases = {"dummy::Channel"})
public class DummyLink extends DummyResource {

    public DummyLink(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected void doDeploy() throws Exception {
        work();
        super.doDeploy();
    }
}
