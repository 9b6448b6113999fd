package nepi.kernel.magic;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

/**
 * The line magics of a session, by name. {@code %lsmagic} is built in; the NEPI magics ({@code %deploy},
 * {@code %wait}, ...) register here too.
 */
public final class MagicRegistry {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private final Map<String, RegisteredMagic> magics = new ConcurrentSkipListMap<>();

    /** A registry holding the built-in magics. */
    public static MagicRegistry withBuiltins() {
        MagicRegistry registry = new MagicRegistry();
        registry.register("lsmagic", "%lsmagic", "list the available magics", (args, context) -> {
            if (!args.isEmpty()) {
                throw new MagicUsageException("%lsmagic takes no arguments");
            }
            return context.magics().listing();
        });
        return registry;
    }

    /**
     * Registers (or replaces) a magic.
     *
     * @throws IllegalArgumentException when the name is not a letter or underscore followed by letters, digits,
     *                                  {@code _} or {@code -}
     */
    public void register(String name, String usage, String help, LineMagic magic) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad magic name '" + name
                    + "': use a letter or _ followed by letters, digits, _ or -");
        }
        magics.put(name, new RegisteredMagic(name, usage, help, magic));
    }

    public Optional<RegisteredMagic> find(String name) {
        return Optional.ofNullable(magics.get(name));
    }

    /** Registered magics, sorted by name. */
    public Collection<RegisteredMagic> all() {
        return magics.values();
    }

    /** One line per magic: usage and help. */
    public String listing() {
        StringBuilder out = new StringBuilder("Line magics:\n");
        for (RegisteredMagic magic : magics.values()) {
            out.append("  ").append(magic.usage()).append("  ").append(magic.help()).append('\n');
        }
        return out.toString().stripTrailing();
    }
}
