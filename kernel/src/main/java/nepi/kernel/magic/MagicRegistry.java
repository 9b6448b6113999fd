package nepi.kernel.magic;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The line magics of a session, by name. {@code %lsmagic} is built in; extensions register theirs (the NEPI
 * magics {@code %deploy}, {@code %wait}, ...).
 */
public final class MagicRegistry {

    private final Map<String, RegisteredMagic> magics = new ConcurrentSkipListMap<>();

    /** A registry holding the built-in magics. */
    public static MagicRegistry withBuiltins() {
        MagicRegistry registry = new MagicRegistry();
        registry.register(new LsmagicMagic());
        return registry;
    }

    /**
     * Registers (or replaces) a magic; its lines are parsed and checked against its spec before it runs, unless it is
     * also a {@link LineMagic}: then it gets its line as typed (e.g. {@code %exec}, whose command is shell text).
     */
    public void register(Magic magic) {
        MagicSpec spec = magic.spec();
        if (magic instanceof LineMagic raw) {
            register(spec, raw);
            return;
        }
        register(spec, (args, context) -> magic.run(spec.parse(args), context));
    }

    /** Registers (or replaces) a magic that parses its line itself; {@code spec} documents it. */
    public void register(MagicSpec spec, LineMagic magic) {
        magics.put(spec.name(), new RegisteredMagic(spec, magic));
    }

    public Optional<RegisteredMagic> find(String name) {
        return Optional.ofNullable(magics.get(name));
    }

    /** Registered magics, sorted by name. */
    public Collection<RegisteredMagic> all() {
        return magics.values();
    }

    /** What to tell a user who typed {@code %name} when no magic has that name: the closest names, if any. */
    public String unknown(String name) {
        return "unknown magic %" + name + ";" + didYouMean(name) + " %lsmagic lists the magics";
    }

    /** " Did you mean: a, b?": up to three names a few edits from {@code typed} or containing it, closest first. */
    private String didYouMean(String typed) {
        String wanted = typed.toLowerCase(Locale.ROOT);
        int tolerance = Math.max(2, wanted.length() / 3);
        Map<String, Integer> distances = new HashMap<>();
        for (String name : magics.keySet()) {
            String candidate = name.toLowerCase(Locale.ROOT);
            int distance = !wanted.isEmpty() && candidate.contains(wanted)
                    ? 1
                    : LevenshteinDistance.getDefaultInstance().apply(wanted, candidate);
            if (distance <= tolerance) {
                distances.put(name, distance);
            }
        }
        List<String> close = distances.keySet().stream()
                .sorted(Comparator.<String, Integer>comparing(distances::get)
                        .thenComparing(Comparator.<String>naturalOrder()))
                .limit(3)
                .toList();
        return close.isEmpty() ? "" : " Did you mean: " + String.join(", ", close) + "?";
    }
}
