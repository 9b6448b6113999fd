package nepi.kernel.nepi.magic;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import nepi.core.ExperimentController;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.magic.MagicUsageException;
import nepi.kernel.magic.Positional;
import nepi.kernel.magic.ValueKind;

/**
 * Guid arguments of magics: numbers ({@code 3}), names of int variables of the session ({@code node}), or lists of
 * them separated by commas ({@code 1,2,app}). Every guid must name an RM of the experiment.
 */
public final class GuidArguments {

    /** One RM, e.g. {@code %trace GUID NAME}. */
    public static final Positional<String> GUID =
            Positional.required("GUID", ValueKind.TEXT, "an RM: its guid or an int variable holding it");
    /** Any number of RMs, all of them when none is given, e.g. {@code %state [guids]}. */
    public static final Positional<String> GUIDS = Positional.repeated(
            "guids", ValueKind.TEXT, "RMs: guids or int variables, blank or comma separated (1,2 app)");

    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private GuidArguments() {}

    /**
     * The guids named by {@code words}, in order, without repeats.
     *
     * @throws MagicUsageException naming the word that is not a guid, the variable that is missing or not an int,
     *                             or the guids that name no RM of {@code ec}
     */
    public static List<Integer> resolve(
            List<String> words, MagicContext context, ExperimentController ec, MagicSpec spec)
            throws MagicUsageException {
        Set<Integer> guids = new LinkedHashSet<>();
        for (String word : words) {
            for (String part : word.split(",")) {
                if (!part.isEmpty()) {
                    guids.add(one(part, context, spec));
                }
            }
        }
        List<Integer> unknown = new ArrayList<>();
        for (int guid : guids) {
            if (ec.findResource(guid).isEmpty()) {
                unknown.add(guid);
            }
        }
        if (!unknown.isEmpty()) {
            throw spec.error(describeUnknown(unknown, ec));
        }
        return List.copyOf(guids);
    }

    /** The guids {@code words} name (as {@link #resolve}), or every RM of {@code ec} when there are none. */
    public static List<Integer> resolveOrAll(
            List<String> words, MagicContext context, ExperimentController ec, MagicSpec spec)
            throws MagicUsageException {
        return words.isEmpty() ? ec.getResources() : resolve(words, context, ec, spec);
    }

    /**
     * Whether {@code word} is meant as a guid: a number, or the name of a variable of the session (whatever it
     * holds; {@link #resolve} says when it is no int).
     */
    public static boolean isGuidWord(String word, Function<String, Optional<Object>> valueOf) {
        return NUMBER.matcher(word).matches()
                || IDENTIFIER.matcher(word).matches() && valueOf.apply(word).isPresent();
    }

    /**
     * The guid {@code word} names, if it names one: a number, or the name of a session variable holding an int. Only a
     * bare name is evaluated, so that completion and inspection never run code with side effects.
     *
     * @param valueOf the value of a variable of the session, by name
     */
    public static Optional<Integer> find(String word, Function<String, Optional<Object>> valueOf) {
        return parse(word, valueOf) instanceof Guid guid ? Optional.of(guid.value()) : Optional.empty();
    }

    /** The guid one word names, or why it names none. */
    private static int one(String word, MagicContext context, MagicSpec spec) throws MagicUsageException {
        Parsed parsed = parse(word, context::valueOf);
        if (parsed instanceof NotAGuid problem) {
            throw problem.showUsage() ? spec.usageError(problem.text()) : spec.error(problem.text());
        }
        return ((Guid) parsed).value();
    }

    private static Parsed parse(String word, Function<String, Optional<Object>> valueOf) {
        if (NUMBER.matcher(word).matches()) {
            try {
                return new Guid(Integer.parseInt(word));
            } catch (NumberFormatException e) {
                return new NotAGuid(word + " is too large to be a guid", true);
            }
        }
        if (!IDENTIFIER.matcher(word).matches()) {
            return new NotAGuid("'" + word + "' is not a guid: give a number or the name of an int variable", true);
        }
        Optional<Object> value = valueOf.apply(word);
        if (value.isEmpty()) {
            return new NotAGuid(
                    "there is no variable '" + word
                            + "' in the session (a guid is a number or the name of an int variable)",
                    false);
        }
        if (value.get() instanceof Integer guid) {
            return new Guid(guid);
        }
        Object held = value.get();
        return new NotAGuid(
                "variable '" + word + "' holds a " + held.getClass().getSimpleName() + " ("
                        + shorten(String.valueOf(held)) + "), not an int guid",
                false);
    }

    private sealed interface Parsed permits Guid, NotAGuid {}

    private record Guid(int value) implements Parsed {}

    /** Why a word names no guid; {@code showUsage} when the word could not be a guid at all. */
    private record NotAGuid(String text, boolean showUsage) implements Parsed {}

    static String describeUnknown(List<Integer> unknown, ExperimentController ec) {
        List<Integer> known = ec.getResources();
        String what = unknown.size() == 1 ? "no RM has guid " + unknown.get(0) : "no RMs have guids " + unknown;
        if (known.isEmpty()) {
            return what + "; the experiment has no RMs yet";
        }
        return what + "; the experiment has " + known.size() + (known.size() == 1 ? " RM" : " RMs") + ", guids "
                + (known.size() <= 10 ? known.toString() : known.get(0) + " to " + known.get(known.size() - 1));
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 39) + "…";
    }
}
