package nepi.kernel.nepi;

import nepi.core.resource.Attribute;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceType;

/** A test resource whose deploy always fails, with the reason in its attribute {@code reason} ("no such host"). */
@ResourceType(value = "kerneltest::Failing", help = "Fails when deployed.")
public class FailingResource extends ResourceManager {

    public static final Attribute<String> REASON =
            Attribute.ofString("reason", "What the failure says").withDefault("no such host");

    public FailingResource(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected void doDeploy() throws Exception {
        throw new IllegalStateException(get(REASON));
    }
}
