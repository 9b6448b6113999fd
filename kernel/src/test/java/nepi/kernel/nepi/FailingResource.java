package nepi.kernel.nepi;

import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceType;

/** A test resource whose deploy always fails, with the reason "no such host". */
@ResourceType(value = "kerneltest::Failing", help = "Fails when deployed.")
public class FailingResource extends ResourceManager {

    public FailingResource(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected void doDeploy() throws Exception {
        throw new IllegalStateException("no such host");
    }
}
