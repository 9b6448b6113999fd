package nepi.kernel.nepi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nepi.core.resource.Attribute;
import nepi.core.resource.ResourceFactory;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceTypeInfo;
import nepi.core.resource.Trace;
import nepi.kernel.jshell.Completion;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.session.CompletionProvider;

/**
 * Completion that knows NEPI: the options and words of magics ({@code %wait --timeout}, {@code %wait finished},
 * trace names after {@code %trace GUID}, type names after {@code %help}); RM type names inside
 * {@code registerResource("}; attribute names inside {@code set(guid, "}, {@code get(guid, "} and as keys of
 * {@code registerResource("TYPE", Map.of("}; trace names inside {@code trace(guid, "}. Guids are literals or int
 * variables of the session. Anything else is left to the next provider (magic names, then Java).
 */
final class NepiCompletion implements CompletionProvider {

    private static final Pattern MAGIC_WITH_ARGS = Pattern.compile("^\\s*%([A-Za-z_][A-Za-z0-9_-]*)\\s+(.*)$");
    private static final String GUID = "([A-Za-z_$][A-Za-z0-9_$]*|\\d+)";
    private static final String OPEN_STRING = "\"([^\"\\\\]*)$";
    private static final Pattern TYPE_NAME = Pattern.compile("registerResource\\(\\s*" + OPEN_STRING);
    private static final Pattern ATTRIBUTE_NAME =
            Pattern.compile("\\b(?:set|get|getAttribute|isSet)\\(\\s*" + GUID + "\\s*,\\s*" + OPEN_STRING);
    private static final Pattern TRACE_NAME = Pattern.compile(
            "\\b(?:trace|enableTrace|traceEnabled|traceSource)\\(\\s*" + GUID + "\\s*,\\s*" + OPEN_STRING);
    private static final Pattern MAP_KEY =
            Pattern.compile("registerResource\\(\\s*\"([^\"]+)\"\\s*,\\s*Map\\.of\\(([^()]*)$");

    private final ResourceLookup lookup;
    private final Map<String, MagicSpec> magics;

    NepiCompletion(ResourceLookup lookup, List<Magic> magics) {
        this.lookup = lookup;
        this.magics = magics.stream().map(Magic::spec).collect(Collectors.toMap(MagicSpec::name, Function.identity()));
    }

    @Override
    public Optional<Completion> complete(String code, int cursor) {
        String before = code.substring(0, Math.min(cursor, code.length()));
        String line = before.substring(before.lastIndexOf('\n') + 1);
        Matcher magic = MAGIC_WITH_ARGS.matcher(line);
        if (magic.matches()) {
            return Optional.of(completeMagic(magic.group(1), magic.group(2), cursor));
        }
        Matcher m = TYPE_NAME.matcher(line);
        if (m.find()) {
            return Optional.of(matching(typeNames(), m.group(1), cursor));
        }
        Matcher attribute = ATTRIBUTE_NAME.matcher(line);
        if (attribute.find()) {
            return lookup.resource(attribute.group(1))
                    .map(rm -> matching(attributeNames(rm.getType()), attribute.group(2), cursor));
        }
        Matcher trace = TRACE_NAME.matcher(line);
        if (trace.find()) {
            return lookup.resource(trace.group(1)).map(rm -> matching(traceNames(rm), trace.group(2), cursor));
        }
        Matcher key = MAP_KEY.matcher(line);
        if (key.find()) {
            return completeMapKey(key.group(1), key.group(2), cursor);
        }
        return Optional.empty();
    }

    /** Options after {@code -}, else the magic's words and names in the place the cursor is. */
    private Completion completeMagic(String name, String args, int cursor) {
        MagicSpec spec = magics.get(name);
        int lastBlank = Math.max(args.lastIndexOf(' '), args.lastIndexOf('\t'));
        String word = args.substring(lastBlank + 1);
        if (spec == null) {
            return Completion.none(cursor);
        }
        if (word.startsWith("-")) {
            return matching(spec.optionNames(), word, cursor);
        }
        List<String> earlier = positionalBefore(args.substring(0, lastBlank + 1), spec);
        List<String> candidates = new ArrayList<>();
        switch (name) {
            case "help" -> {
                if (earlier.isEmpty()) {
                    candidates.addAll(typeNames());
                }
            }
            case "trace" -> {
                if (earlier.size() == 1) {
                    lookup.resource(earlier.get(0)).ifPresent(rm -> candidates.addAll(traceNames(rm)));
                }
            }
            default -> {
                if (earlier.isEmpty()) {
                    candidates.addAll(spec.words());
                }
            }
        }
        return matching(candidates, word, cursor);
    }

    /** The positional words already typed before the one being completed (option values left out). */
    private static List<String> positionalBefore(String typed, MagicSpec spec) {
        try {
            return spec.positionalWords(typed);
        } catch (Exception e) {
            return List.of();
        }
    }

    /** A key of {@code Map.of(k1, v1, k2, ...)} is at an even argument position. */
    private Optional<Completion> completeMapKey(String type, String args, int cursor) {
        Optional<ResourceTypeInfo> info = ResourceFactory.findType(type);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        int commas = 0;
        boolean inString = false;
        int open = -1;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (c == '"' && (i == 0 || args.charAt(i - 1) != '\\')) {
                inString = !inString;
                open = inString ? i : -1;
            } else if (c == ',' && !inString) {
                commas++;
            }
        }
        if (!inString || commas % 2 != 0) {
            return Optional.empty();
        }
        return Optional.of(matching(attributeNames(info.get()), args.substring(open + 1), cursor));
    }

    private static List<String> typeNames() {
        TreeSet<String> names = new TreeSet<>();
        for (ResourceTypeInfo type : ResourceFactory.types()) {
            names.add(type.getName());
            names.addAll(type.getAliases());
        }
        return new ArrayList<>(names);
    }

    private static List<String> attributeNames(ResourceTypeInfo type) {
        return type.getAttributes().stream()
                .filter(a -> !a.hasFlag(Attribute.Flag.RESERVED))
                .map(Attribute::getName)
                .toList();
    }

    private static List<String> traceNames(ResourceManager rm) {
        return rm.getTraces().stream().map(Trace::name).toList();
    }

    private static Completion matching(java.util.Collection<String> candidates, String prefix, int cursor) {
        List<String> found =
                candidates.stream().filter(c -> c.startsWith(prefix)).toList();
        return new Completion(found, cursor - prefix.length(), cursor);
    }
}
