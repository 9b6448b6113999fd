package nepi.core.resource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of resource types, by name and alias. Built-in families are found through
 * {@link ResourceTypeProvider} services; user code (a notebook cell included) adds more
 * with {@link #registerType(Class)}.
 */
public final class ResourceFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceFactory.class);
    private static final Map<String, ResourceTypeInfo> BY_NAME = new ConcurrentHashMap<>();
    private static final ClassValue<ResourceTypeInfo> BY_CLASS = new ClassValue<>() {
        @Override
        @SuppressWarnings("unchecked")
        protected ResourceTypeInfo computeValue(Class<?> type) {
            return ResourceTypeInfo.of((Class<? extends ResourceManager>) type);
        }
    };
    private static volatile boolean builtInsLoaded;

    private ResourceFactory() {}

    /**
     * Registers an RM class under the name (and aliases) of its {@link ResourceType}
     * annotation. Registering a type of the same name again replaces it, so a class
     * redefined in a notebook cell takes over.
     *
     * @return what is known of the type
     * @throws IllegalArgumentException when the class lacks the annotation or the constructor
     *         {@code (ResourceContext, int)} or {@code (ExperimentController, int)}
     */
    public static ResourceTypeInfo registerType(Class<? extends ResourceManager> rmClass) {
        loadBuiltIns();
        return register(rmClass);
    }

    private static ResourceTypeInfo register(Class<? extends ResourceManager> rmClass) {
        return put(BY_CLASS.get(rmClass), true);
    }

    /** Records a type under its name and aliases; a built-in never replaces what user code registered. */
    private static ResourceTypeInfo put(ResourceTypeInfo info, boolean replace) {
        ResourceTypeInfo previous =
                replace ? BY_NAME.put(info.getName(), info) : BY_NAME.putIfAbsent(info.getName(), info);
        if (replace && previous != null && previous.getResourceClass() != info.getResourceClass()) {
            LOG.info(
                    "resource type {} is now {} (was {})",
                    info.getName(),
                    info.getResourceClass().getName(),
                    previous.getResourceClass().getName());
        }
        for (String alias : info.getAliases()) {
            if (replace) {
                BY_NAME.put(alias, info);
            } else {
                BY_NAME.putIfAbsent(alias, info);
            }
        }
        return info;
    }

    /** The type of that name or alias, if registered. */
    public static Optional<ResourceTypeInfo> findType(String name) {
        loadBuiltIns();
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name));
    }

    /**
     * The type of that name or alias.
     *
     * @throws IllegalArgumentException naming the type and suggesting close names
     */
    public static ResourceTypeInfo getType(String name) {
        // No Optional and lambda: an RM reading a Global attribute comes here on every operation.
        loadBuiltIns();
        ResourceTypeInfo type = name == null ? null : BY_NAME.get(name);
        if (type == null) {
            throw new IllegalArgumentException("unknown resource type '" + name + "'."
                    + Suggestions.didYouMean(String.valueOf(name), BY_NAME.keySet()) + " Known types: "
                    + String.join(", ", typeNames()));
        }
        return type;
    }

    /** The type of an RM class (whether registered or not). */
    public static ResourceTypeInfo typeOf(Class<? extends ResourceManager> rmClass) {
        return BY_CLASS.get(rmClass);
    }

    /** Every registered type once (aliases folded), sorted by name. */
    public static List<ResourceTypeInfo> types() {
        loadBuiltIns();
        Set<ResourceTypeInfo> unique = new LinkedHashSet<>(BY_NAME.values());
        List<ResourceTypeInfo> sorted = new ArrayList<>(unique);
        sorted.sort(Comparator.comparing(ResourceTypeInfo::getName));
        return sorted;
    }

    private static List<String> typeNames() {
        return types().stream().map(ResourceTypeInfo::getName).toList();
    }

    /**
     * Creates an RM of the named type in experiment {@code context}. The EC calls this from
     * {@code registerResource}, passing itself.
     *
     * @throws IllegalArgumentException for an unknown type, or one whose constructor does not
     *         accept this kind of context
     */
    public static ResourceManager create(String rtype, ResourceContext context, int guid) {
        return getType(rtype).instantiate(context, guid);
    }

    private static void loadBuiltIns() {
        if (builtInsLoaded) {
            return;
        }
        synchronized (ResourceFactory.class) {
            if (builtInsLoaded) {
                return;
            }
            for (ResourceTypeProvider provider :
                    ServiceLoader.load(ResourceTypeProvider.class, ResourceFactory.class.getClassLoader())) {
                for (Class<? extends ResourceManager> type : provider.resourceTypes()) {
                    put(BY_CLASS.get(type), false);
                }
            }
            builtInsLoaded = true;
        }
    }
}
