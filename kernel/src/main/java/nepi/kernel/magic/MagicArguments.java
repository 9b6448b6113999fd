package nepi.kernel.magic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The arguments of one magic call, split into positional words and {@code --options}. Words are separated by
 * blanks; double or single quotes keep blanks inside one word (paths). An option takes its value from the next
 * word or after {@code =} ({@code --timeout 10s}, {@code --timeout=10s}).
 *
 * @param positional the words that are not options, in order
 * @param options    the options given, without their values' quotes; flags map to an empty string
 */
public record MagicArguments(List<String> positional, Map<String, String> options) {

    /** Copies the collections. */
    public MagicArguments {
        positional = List.copyOf(positional);
        options = Map.copyOf(options);
    }

    /**
     * Parses {@code args} against {@code syntax}.
     *
     * @throws MagicUsageException for an unknown option, an option given twice, a missing option value, a value
     *                             given to a flag, or an unclosed quote
     */
    public static MagicArguments parse(String args, MagicSyntax syntax) throws MagicUsageException {
        List<String> words = split(args, syntax);
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (!word.startsWith("--") || word.length() == 2) {
                positional.add(word);
                continue;
            }
            int equals = word.indexOf('=');
            String name = equals < 0 ? word : word.substring(0, equals);
            Boolean takesValue = syntax.options().get(name);
            if (takesValue == null) {
                throw syntax.usageError("unknown option " + name + (syntax.options().isEmpty() ? " (it has no options)"
                        : "; options: " + String.join(", ", syntax.options().keySet().stream().sorted().toList())));
            }
            if (options.containsKey(name)) {
                throw syntax.usageError(name + " given twice");
            }
            String value;
            if (!takesValue) {
                if (equals >= 0) {
                    throw syntax.usageError(name + " takes no value");
                }
                value = "";
            } else if (equals >= 0) {
                value = word.substring(equals + 1);
            } else if (i + 1 < words.size()) {
                value = words.get(++i);
            } else {
                throw syntax.usageError(name + " needs a value");
            }
            if (takesValue && value.isEmpty()) {
                throw syntax.usageError(name + " needs a value");
            }
            options.put(name, value);
        }
        return new MagicArguments(positional, options);
    }

    /** Whether option {@code name} (with its {@code --}) was given. */
    public boolean has(String name) {
        return options.containsKey(name);
    }

    /** The value of option {@code name}, if given. */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** Splits on blanks, keeping quoted parts together; the quotes themselves are dropped. */
    static List<String> split(String args, MagicSyntax syntax) throws MagicUsageException {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw syntax.usageError("a quote (" + quote + ") is not closed");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
