package nepi.core.resource;

import java.util.List;

/**
 * Makes a family of resource types known without user code: implementations are found
 * with {@link java.util.ServiceLoader} ({@code META-INF/services/nepi.core.resource.ResourceTypeProvider}).
 */
public interface ResourceTypeProvider {

    /** The RM classes of the family, each annotated with {@link ResourceType}. */
    List<Class<? extends ResourceManager>> resourceTypes();
}
