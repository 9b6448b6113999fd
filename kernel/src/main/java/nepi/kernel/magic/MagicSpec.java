package nepi.kernel.magic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Everything a magic accepts, declared once: from it come the parser ({@link #parse}), the usage line
 * ({@link #usage}), the text of {@code %help %NAME} and of inspection ({@link #description}), and completion's
 * options and words. Build a line magic's with {@link #named}, a cell magic's with {@link #cell}:
 * <pre>{@code
 * MagicSpec.named("trace").help("show a trace of an RM")
 *         .argument(GUID).argument(TRACE_NAME)
 *         .oneOf(TAIL, HEAD, SIZE)
 *         .build();
 * MagicSpec.cell("exec").help("run the cell as a shell script on a node")
 *         .argument(NODE)
 *         .body("the script")
 *         .build();
 * }</pre>
 *
 * @param name         without the {@code %} or {@code %%}
 * @param kind         a line magic ({@code %name}) or a cell magic ({@code %%name})
 * @param help         what the magic does, one sentence
 * @param arguments    the positional arguments, in order
 * @param optionGroups the options; the options of one group exclude each other, most groups hold one
 * @param body         for a cell magic, what the rest of the cell (its body) is, one phrase; empty for a line magic
 */
public record MagicSpec(
        String name,
        MagicKind kind,
        String help,
        List<Positional<?>> arguments,
        List<List<MagicOption<?>>> optionGroups,
        String body) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    /** Checks the declaration and copies the collections. */
    public MagicSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "bad magic name '" + name + "': use a letter or _ followed by letters, digits, _ or -");
        }
        if (kind == null) {
            throw new IllegalArgumentException("%" + name + ": say whether it is a line or a cell magic");
        }
        body = body == null ? "" : body;
        if (kind == MagicKind.LINE && !body.isEmpty()) {
            throw new IllegalArgumentException("%" + name + " is a line magic: it has no body");
        }
        arguments = List.copyOf(arguments);
        optionGroups = optionGroups.stream().map(List::copyOf).toList();
        for (int i = 0; i < arguments.size() - 1; i++) {
            if (arguments.get(i).arity() == Positional.Arity.REPEATED) {
                throw new IllegalArgumentException(
                        kind.prefix() + name + ": only the last argument can be repeated, not "
                                + arguments.get(i).name());
            }
        }
        Set<String> seen = new HashSet<>();
        for (List<MagicOption<?>> group : optionGroups) {
            for (MagicOption<?> option : group) {
                if (!seen.add(option.name())) {
                    throw new IllegalArgumentException(
                            kind.prefix() + name + ": option " + option.name() + " declared twice");
                }
            }
        }
    }

    /** Starts the spec of line magic {@code %name}. */
    public static Builder named(String name) {
        return new Builder(name, MagicKind.LINE);
    }

    /** Starts the spec of cell magic {@code %%name}: the first line of a cell, which gets the rest of the cell. */
    public static Builder cell(String name) {
        return new Builder(name, MagicKind.CELL);
    }

    /** How the magic is called: {@code %name} or {@code %%name}. */
    public String call() {
        return kind.prefix() + name;
    }

    /**
     * The one-line usage, e.g. {@code %trace GUID NAME [--tail N|--size]} or {@code %%exec NODE}, made from the
     * declaration.
     */
    public String usage() {
        StringBuilder usage = new StringBuilder(call());
        arguments.forEach(argument -> usage.append(' ').append(argument.usage()));
        optionGroups.forEach(group -> usage.append(" [")
                .append(group.stream().map(MagicOption::usage).collect(Collectors.joining("|")))
                .append(']'));
        return usage.toString();
    }

    /** The usage line, what the magic does, and a line per argument and option: for {@code %help %NAME}. */
    public String description() {
        StringBuilder text = new StringBuilder(usage()).append('\n').append(help);
        Map<String, String> rows = new LinkedHashMap<>();
        arguments.forEach(argument -> rows.put(argument.name(), argument.help()));
        if (kind == MagicKind.CELL) {
            rows.put("BODY", body.isEmpty() ? "the rest of the cell" : "the rest of the cell: " + body);
        }
        options()
                .forEach(option -> rows.put(
                        option.usage(),
                        option.help()
                                + (option.defaultValue() == null ? "" : " (default " + option.defaultValue() + ")")));
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
        rows.forEach((what, help) -> text.append("\n  ")
                .append(what)
                .append(" ".repeat(width - what.length() + 2))
                .append(help));
        return text.toString();
    }

    /** Every option, in declaration order. */
    public List<MagicOption<?>> options() {
        return optionGroups.stream().flatMap(List::stream).toList();
    }

    /** The option names with their {@code --}, sorted. */
    public List<String> optionNames() {
        return options().stream().map(MagicOption::name).sorted().toList();
    }

    /** The fixed words the first argument accepts (e.g. the states of {@code %wait}), for completion. */
    public List<String> words() {
        return arguments.isEmpty() ? List.of() : arguments.get(0).kind().choices();
    }

    /**
     * Parses and checks the text after the magic's name.
     *
     * @throws MagicUsageException naming what was wrong (an unknown or repeated option, a missing or bad value, a
     *                             missing or extra argument, options that exclude each other, an unclosed quote),
     *                             with the usage line
     */
    public MagicArguments parse(String args) throws MagicUsageException {
        Words words = split(args);
        Map<MagicOption<?>, Object> options = new LinkedHashMap<>();
        for (Map.Entry<String, String> given : words.options().entrySet()) {
            MagicOption<?> option = option(given.getKey());
            options.put(
                    option, option.isFlag() ? Boolean.TRUE : convert(option.name(), option.kind(), given.getValue()));
        }
        for (List<MagicOption<?>> group : optionGroups) {
            if (group.stream().filter(options::containsKey).count() > 1) {
                throw usageError("give at most one of "
                        + group.stream().map(MagicOption::name).collect(Collectors.joining(", ")));
            }
        }
        return new MagicArguments(bind(words.positional()), options);
    }

    /**
     * The positional words of {@code args}, options and their values left out, without checking their number or
     * kinds: for completing a line that is still being typed.
     *
     * @throws MagicUsageException for an unknown option, a missing option value or an unclosed quote
     */
    public List<String> positionalWords(String args) throws MagicUsageException {
        return split(args).positional();
    }

    /** The usage error of this magic: what was wrong, then the usage line. */
    public MagicUsageException usageError(String problem) {
        return new MagicUsageException(call() + ": " + problem + "\nusage: " + usage());
    }

    /** An error of this magic that is not about the shape of its arguments (e.g. an unknown guid). */
    public MagicUsageException error(String problem) {
        return new MagicUsageException(call() + ": " + problem);
    }

    private Map<Positional<?>, Object> bind(List<String> words) throws MagicUsageException {
        Map<Positional<?>, Object> values = new LinkedHashMap<>();
        int next = 0;
        for (Positional<?> argument : arguments) {
            switch (argument.arity()) {
                case REQUIRED -> {
                    if (next >= words.size()) {
                        String what = argument.help() == null || argument.help().isBlank()
                                ? ""
                                : " (" + argument.help() + ")";
                        throw usageError("missing " + argument.name() + what);
                    }
                    values.put(argument, convert(argument.name(), argument.kind(), words.get(next++)));
                }
                case OPTIONAL -> {
                    if (next < words.size() && argument.kind().accepts(words.get(next))) {
                        values.put(argument, argument.kind().converter().convert(words.get(next++)));
                    }
                }
                case REPEATED -> {
                    List<Object> all = new ArrayList<>();
                    while (next < words.size()) {
                        all.add(convert(argument.name(), argument.kind(), words.get(next++)));
                    }
                    values.put(argument, List.copyOf(all));
                }
            }
        }
        if (next < words.size()) {
            throw usageError("too many arguments: " + String.join(" ", words.subList(next, words.size())));
        }
        return values;
    }

    private Object convert(String what, ValueKind<?> kind, String text) throws MagicUsageException {
        try {
            return kind.converter().convert(text);
        } catch (IllegalArgumentException e) {
            throw usageError(what + " takes " + kind.accepts() + ", not '" + text + "'");
        }
    }

    private MagicOption<?> option(String name) throws MagicUsageException {
        return options().stream()
                .filter(option -> option.name().equals(name))
                .findFirst()
                .orElseThrow(() -> usageError("unknown option " + name
                        + (optionGroups.isEmpty()
                                ? " (it has no options)"
                                : "; options: " + String.join(", ", optionNames()))));
    }

    /** The words of a line: positional ones in order, and options with their value ("" for a flag). */
    private record Words(List<String> positional, Map<String, String> options) {}

    /**
     * Splits on blanks; double or single quotes keep blanks inside one word (paths) and are dropped. An option
     * takes its value from the next word or after {@code =}.
     */
    private Words split(String args) throws MagicUsageException {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        List<String> words = tokens(args);
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (!word.startsWith("--") || word.length() == 2) {
                positional.add(word);
                continue;
            }
            int equals = word.indexOf('=');
            String optionName = equals < 0 ? word : word.substring(0, equals);
            MagicOption<?> option = option(optionName);
            if (options.containsKey(optionName)) {
                throw usageError(optionName + " given twice");
            }
            String value;
            if (option.isFlag()) {
                if (equals >= 0) {
                    throw usageError(optionName + " takes no value");
                }
                value = "";
            } else if (equals >= 0) {
                value = word.substring(equals + 1);
            } else if (i + 1 < words.size()) {
                value = words.get(++i);
            } else {
                value = "";
            }
            if (!option.isFlag() && value.isEmpty()) {
                throw usageError(optionName + " needs a value (" + option.kind().accepts() + ")");
            }
            options.put(optionName, value);
        }
        return new Words(positional, options);
    }

    private List<String> tokens(String args) throws MagicUsageException {
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
            throw usageError("a quote (" + quote + ") is not closed");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Declares a {@link MagicSpec} step by step. */
    public static final class Builder {
        private final String name;
        private final MagicKind kind;
        private String help = "";
        private String body = "";
        private final List<Positional<?>> arguments = new ArrayList<>();
        private final List<List<MagicOption<?>>> optionGroups = new ArrayList<>();

        private Builder(String name, MagicKind kind) {
            this.name = name;
            this.kind = kind;
        }

        /** What the magic does, one sentence (shown by {@code %lsmagic} and {@code %help}). */
        public Builder help(String text) {
            this.help = text;
            return this;
        }

        /** What a cell magic's body is, one phrase (shown by {@code %help %%NAME}); a line magic has none. */
        public Builder body(String text) {
            this.body = text;
            return this;
        }

        /** The next positional argument. */
        public Builder argument(Positional<?> argument) {
            arguments.add(argument);
            return this;
        }

        /** An option. */
        public Builder option(MagicOption<?> option) {
            optionGroups.add(List.of(option));
            return this;
        }

        /** Options of which at most one may be given. */
        public Builder oneOf(MagicOption<?>... options) {
            optionGroups.add(List.of(options));
            return this;
        }

        /**
         * @throws IllegalArgumentException for a bad name, a repeated argument that is not last, a repeated option,
         *                                  a body given to a line magic
         */
        public MagicSpec build() {
            return new MagicSpec(name, kind, help, arguments, optionGroups, body);
        }
    }
}
