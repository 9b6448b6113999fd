package nepi.resources.netns;

import java.util.List;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceTypeProvider;

/** Makes the netns family known to the resource factory. */
public final class NetnsTypes implements ResourceTypeProvider {

    @Override
    public List<Class<? extends ResourceManager>> resourceTypes() {
        return List.of(
                NetnsNode.class, NetnsSwitch.class, NetnsInterface.class, NetnsRoute.class, NetnsApplication.class);
    }
}
