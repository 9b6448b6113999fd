package nepi.resources.ns3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import nepi.core.resource.Suggestions;

/**
 * What a ns-3 build knows of its types: every TypeId, its parent and its own attributes with
 * their value types, as the driver prints them ({@code nepi-ns3-driver typeids}). Attribute
 * lookups include the attributes inherited from parents, as ns-3's own do.
 *
 * <p>The dump of Debian's ns-3 3.37 is bundled ({@link #bundled()}); the dump of the build on a
 * host is read after the driver is built there, to check a design against that very build.
 */
public final class Ns3TypeIds {

    private static final String BUNDLED = "typeids-3.37.txt";
    private static volatile Ns3TypeIds bundled;

    private final Map<String, String> parents = new HashMap<>();
    private final Map<String, Map<String, String>> own = new HashMap<>();
    /** The attributes of a type, inherited ones included, once asked for: every set looks them up. */
    private final Map<String, Map<String, String>> resolved = new ConcurrentHashMap<>();
    /** What each attribute accepts, as ns-3 says it, by type then attribute name (when it says). */
    private final Map<String, Map<String, String>> accepted = new HashMap<>();

    private Ns3TypeIds() {}

    /**
     * Reads a dump: lines {@code type NAME PARENT} ({@code -} for none), {@code attr TYPE NAME
     * VALUETYPE} and {@code info TYPE NAME ACCEPTED} (what ns-3 says the values of the attribute
     * are, e.g. {@code uint16_t 0:65535}; the rest of the line).
     */
    public static Ns3TypeIds parse(String dump) {
        Ns3TypeIds ids = new Ns3TypeIds();
        for (String line : dump.split("\n")) {
            if (line.startsWith("info ")) {
                String[] f = line.split(" ", 4);
                if (f.length == 4) {
                    ids.accepted.computeIfAbsent(f[1], t -> new HashMap<>()).put(f[2], f[3].strip());
                }
                continue;
            }
            String[] f = line.strip().split(" ");
            if (f.length == 3 && f[0].equals("type")) {
                ids.parents.put(f[1], f[2].equals("-") ? null : f[2]);
                ids.own.putIfAbsent(f[1], new LinkedHashMap<>());
            } else if (f.length == 4 && f[0].equals("attr")) {
                ids.own.computeIfAbsent(f[1], t -> new LinkedHashMap<>()).put(f[2], f[3]);
            }
        }
        if (ids.parents.isEmpty()) {
            throw new IllegalArgumentException("not a ns-3 TypeId dump: no 'type' line");
        }
        return ids;
    }

    /** The dump of ns-3 3.37 as Debian builds it, shipped with NEPI. */
    public static Ns3TypeIds bundled() {
        Ns3TypeIds ids = bundled;
        if (ids == null) {
            try (InputStream in = Ns3TypeIds.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + BUNDLED + " is missing from the NEPI jar");
                }
                ids = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bundled = ids;
        }
        return ids;
    }

    /** Whether the build has TypeId {@code typeId}. */
    public boolean hasType(String typeId) {
        return parents.containsKey(typeId);
    }

    /** The attributes of {@code typeId}, inherited ones included, name to value type; empty for an unknown type. */
    public Map<String, String> attributes(String typeId) {
        return resolved.computeIfAbsent(typeId, this::resolve);
    }

    private Map<String, String> resolve(String typeId) {
        List<String> chain = new ArrayList<>();
        for (String t = typeId; t != null && !chain.contains(t); t = parents.get(t)) {
            chain.add(0, t);
        }
        Map<String, String> all = new LinkedHashMap<>();
        for (String t : chain) {
            all.putAll(own.getOrDefault(t, Map.of()));
        }
        return Collections.unmodifiableMap(all);
    }

    /** The value type of attribute {@code name} of {@code typeId} (e.g. {@code TimeValue}), if it has one. */
    public Optional<String> valueType(String typeId, String name) {
        return Optional.ofNullable(attributes(typeId).get(name));
    }

    /**
     * Why ns-3 would refuse {@code value} for attribute {@code name} of {@code typeId}, e.g.
     * {@code DataRate cannot be "5Mbs": a data rate such as 5Mbps, 1Gbps, 100kbps}; empty when it
     * would take it, or when this dump cannot tell (unknown type or attribute, a value type that
     * only ns-3 checks). See {@link Ns3Values}.
     */
    public Optional<String> valueProblem(String typeId, String name, String value) {
        Optional<String> valueType = valueType(typeId, name);
        if (valueType.isEmpty()) {
            return Optional.empty();
        }
        String says = null;
        for (String t = typeId; t != null && says == null; t = parents.get(t)) {
            Map<String, String> own = accepted.get(t);
            says = own == null ? null : own.get(name);
        }
        if (valueType.get().equals("PointerValue") && value.startsWith("ns3::")) {
            // An object named by its TypeId, e.g. ns3::UniformRandomVariable[Max=2]: ns-3 crashes on an unknown one.
            int bracket = value.indexOf('[');
            String pointed = bracket < 0 ? value : value.substring(0, bracket);
            if (!hasType(pointed)) {
                return Optional.of(name + " cannot be \"" + value + "\": ns-3 has no TypeId " + pointed
                        + Suggestions.didYouMean(pointed, parents.keySet()));
            }
            return Optional.empty();
        }
        return Ns3Values.problem(valueType.get(), says, value)
                .map(expected -> name + " cannot be \"" + value + "\": " + expected);
    }
}
