package nepi.kernel.magic;

import java.util.List;
import java.util.Map;

/**
 * What a magic accepts, used to parse its arguments, to word its usage message and to complete it.
 *
 * @param name    without the {@code %}
 * @param usage   one line, e.g. {@code %wait [deployed|started|finished|released] [guids] [--timeout T]}
 * @param help    what the magic does, one sentence
 * @param options option names with their leading {@code --}, mapped to whether they take a value
 * @param words   fixed words the magic accepts as arguments (e.g. the states of {@code %wait}), for completion
 */
public record MagicSyntax(String name, String usage, String help, Map<String, Boolean> options, List<String> words) {

    /** Copies the collections. */
    public MagicSyntax {
        options = Map.copyOf(options);
        words = List.copyOf(words);
    }

    /** A magic without options or fixed words. */
    public static MagicSyntax of(String name, String usage, String help) {
        return new MagicSyntax(name, usage, help, Map.of(), List.of());
    }

    /** The usage error for this magic: what was wrong, then the usage line. */
    public MagicUsageException usageError(String problem) {
        return new MagicUsageException("%" + name + ": " + problem + "\nusage: " + usage);
    }
}
