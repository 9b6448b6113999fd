package nepi.resources.dummy;

import java.util.List;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceTypeProvider;

/** Makes the dummy family known to the resource factory. */
public final class DummyTypes implements ResourceTypeProvider {

    @Override
    public List<Class<? extends ResourceManager>> resourceTypes() {
        return List.of(DummyNode.class, DummyInterface.class, DummyLink.class, DummyApplication.class);
    }
}
