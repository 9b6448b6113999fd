package nepi.core.resource;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What is known of one resource type: its name, help, platform, aliases, and its
 * attribute and trace schema (own and inherited). Built from the RM class's
 * {@link ResourceType} annotation and its {@code static final} {@link Attribute} and
 * {@link Trace} fields.
 */
public final class ResourceTypeInfo {

    private final String name;
    private final String help;
    private final String platform;
    private final List<String> aliases;
    private final Class<? extends ResourceManager> rmClass;
    private final List<Attribute<?>> attributes;
    private final Map<String, Integer> attributeIndex;
    private final Map<String, Trace> traces;
    /** The {@code (context, int guid)} constructors, those taking the plain {@link ResourceContext} first. */
    private final List<Constructor<?>> constructors;

    private ResourceTypeInfo(Class<? extends ResourceManager> rmClass, ResourceType annotation) {
        this.rmClass = rmClass;
        this.name = annotation.value();
        this.help = annotation.help();
        int separator = name.indexOf("::");
        this.platform = !annotation.platform().isEmpty()
                ? annotation.platform()
                : separator > 0 ? name.substring(0, separator) : "";
        this.aliases = List.of(annotation.aliases());

        Map<String, Attribute<?>> attrs = new LinkedHashMap<>();
        Map<String, Trace> traceMap = new LinkedHashMap<>();
        for (Class<?> c : hierarchy(rmClass)) {
            ResourceType own = c.getAnnotation(ResourceType.class);
            if (own != null) {
                Arrays.asList(own.removeAttributes()).forEach(attrs::remove);
            }
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                if (Attribute.class.isAssignableFrom(field.getType())) {
                    Attribute<?> attr = (Attribute<?>) read(field);
                    attrs.put(attr.getName(), attr);
                } else if (Trace.class.isAssignableFrom(field.getType())) {
                    Trace trace = (Trace) read(field);
                    traceMap.put(trace.name(), trace);
                }
            }
        }
        this.attributes = List.copyOf(attrs.values());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < attributes.size(); i++) {
            index.put(attributes.get(i).getName(), i);
        }
        this.attributeIndex = Map.copyOf(index);
        this.traces = java.util.Collections.unmodifiableMap(traceMap);
        this.constructors = contextConstructors(rmClass);
        if (constructors.isEmpty()) {
            throw new IllegalArgumentException("resource type " + name + " (" + rmClass.getName()
                    + ") needs a constructor (ExperimentController ec, int guid) or (ResourceContext ec, int guid)");
        }
    }

    /**
     * The constructors {@code (C, int)} where C is the {@link ResourceContext} or a type of
     * context, such as the experiment controller (found without naming it, which would tie
     * this package to the controller's).
     */
    private static List<Constructor<?>> contextConstructors(Class<? extends ResourceManager> rmClass) {
        List<Constructor<?>> found = new ArrayList<>();
        for (Constructor<?> c : rmClass.getDeclaredConstructors()) {
            Class<?>[] parameters = c.getParameterTypes();
            if (parameters.length == 2
                    && parameters[1] == int.class
                    && ResourceContext.class.isAssignableFrom(parameters[0])) {
                c.setAccessible(true);
                found.add(c);
            }
        }
        found.sort(Comparator.comparing(c -> c.getParameterTypes()[0] != ResourceContext.class));
        return List.copyOf(found);
    }

    /** Reads the schema of an RM class; the class must carry {@link ResourceType}. */
    static ResourceTypeInfo of(Class<? extends ResourceManager> rmClass) {
        ResourceType annotation = rmClass.getAnnotation(ResourceType.class);
        if (annotation == null) {
            throw new IllegalArgumentException(rmClass.getName() + " has no @ResourceType annotation naming its type");
        }
        if (Modifier.isAbstract(rmClass.getModifiers())) {
            throw new IllegalArgumentException(rmClass.getName() + " is abstract; only concrete RM classes are types");
        }
        return new ResourceTypeInfo(rmClass, annotation);
    }

    private static Deque<Class<?>> hierarchy(Class<?> rmClass) {
        Deque<Class<?>> chain = new ArrayDeque<>();
        for (Class<?> c = rmClass; c != null && c != Object.class; c = c.getSuperclass()) {
            chain.addFirst(c);
        }
        return chain;
    }

    private static Object read(Field field) {
        try {
            field.setAccessible(true);
            Object value = field.get(null);
            if (value == null) {
                throw new IllegalArgumentException("field " + field + " is declared but null");
            }
            return value;
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("cannot read " + field + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new RM of this type in experiment {@code context}, built with the first constructor
     * whose context parameter accepts it.
     *
     * @throws IllegalArgumentException when no constructor accepts this kind of context
     * @throws IllegalStateException when the constructor fails
     */
    ResourceManager instantiate(ResourceContext context, int guid) {
        for (Constructor<?> c : constructors) {
            if (c.getParameterTypes()[0].isInstance(context)) {
                try {
                    return (ResourceManager) c.newInstance(context, guid);
                } catch (InvocationTargetException e) {
                    Throwable cause = e.getCause();
                    throw new IllegalStateException("creating a " + name + " failed: " + cause, cause);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot create a " + name + ": " + e, e);
                }
            }
        }
        throw new IllegalArgumentException(
                "resource type " + name + " (" + rmClass.getName() + ") cannot be created in "
                        + context.getClass().getName() + ": its constructors take "
                        + constructors.stream()
                                .map(c -> c.getParameterTypes()[0].getSimpleName())
                                .toList()
                        + "; give it a constructor (ResourceContext ec, int guid)");
    }

    /** The type's name, e.g. {@code linux::Node}. */
    public String getName() {
        return name;
    }

    public String getHelp() {
        return help;
    }

    public String getPlatform() {
        return platform;
    }

    public List<String> getAliases() {
        return aliases;
    }

    public Class<? extends ResourceManager> getResourceClass() {
        return rmClass;
    }

    /** Every attribute, inherited ones first, in declaration order. */
    public List<Attribute<?>> getAttributes() {
        return attributes;
    }

    /** The attribute of that name, if the type has it. */
    public Optional<Attribute<?>> findAttribute(String attributeName) {
        Integer i = attributeIndex.get(attributeName);
        return i == null ? Optional.empty() : Optional.of(attributes.get(i));
    }

    /**
     * The attribute of that name.
     *
     * @throws IllegalArgumentException listing the type's attributes when it has none of that name
     */
    public Attribute<?> getAttribute(String attributeName) {
        // No Optional here: RMs look their attributes up on every operation.
        Integer i = attributeIndex.get(attributeName);
        if (i != null) {
            return attributes.get(i);
        }
        throw new IllegalArgumentException(name + " has no attribute '" + attributeName + "'."
                + Suggestions.didYouMean(attributeName, attributeIndex.keySet())
                + " Its attributes: " + String.join(", ", attributeNames()));
    }

    int indexOf(String attributeName) {
        Integer i = attributeIndex.get(attributeName);
        return i == null ? -1 : i;
    }

    List<String> attributeNames() {
        List<String> names = new ArrayList<>();
        for (Attribute<?> a : attributes) {
            names.add(a.getName());
        }
        return names;
    }

    /** Every trace, inherited ones first. */
    public List<Trace> getTraces() {
        return List.copyOf(traces.values());
    }

    /**
     * The trace of that name.
     *
     * @throws IllegalArgumentException listing the type's traces when it has none of that name
     */
    public Trace getTrace(String traceName) {
        Trace trace = traces.get(traceName);
        if (trace == null) {
            throw new IllegalArgumentException(name + " has no trace '" + traceName + "'."
                    + Suggestions.didYouMean(traceName, traces.keySet())
                    + (traces.isEmpty() ? " It has no traces." : " Its traces: " + String.join(", ", traces.keySet())));
        }
        return trace;
    }

    @Override
    public String toString() {
        return name;
    }
}
