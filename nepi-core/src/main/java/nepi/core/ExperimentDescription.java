package nepi.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nepi.core.resource.Attribute;
import nepi.core.resource.Condition;
import nepi.core.resource.ResourceAction;
import nepi.core.resource.ResourceFactory;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.core.resource.ResourceTypeInfo;
import nepi.core.resource.Trace;

/**
 * The experiment description as a JSON file: everything needed to repeat an experiment
 * (its resources with their non-default attributes, connections, conditions, enabled
 * traces), and nothing of a run. Credentials are written as the name of an environment
 * variable to read them from, never in clear; only credentials may be given that way.
 *
 * <p>Reading is strict: guids are whole numbers from 1 to {@link #MAX_GUID} (so that a loaded
 * experiment can still register resources), null entries and text after the description
 * are refused, each with the entry named.
 */
final class ExperimentDescription {

    static final String FORMAT = "nepi-experiment";
    static final int MAJOR_VERSION = 1;
    static final String VERSION = MAJOR_VERSION + ".0";
    /** The largest guid a file may hold: one below {@link Integer#MAX_VALUE}, which stays free for a new resource. */
    static final int MAX_GUID = Integer.MAX_VALUE - 1;
    /** 1.1 adds the optional {@code names} (a session's variable names of resources); 1.0 files load as before. */
    static final String VERSION_WITH_NAMES = MAJOR_VERSION + ".1";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

    /** The file as a whole. */
    record Document(
            String format,
            String version,
            String expId,
            Map<String, Map<String, Object>> globals,
            List<Resource> resources,
            List<int[]> connections,
            List<ConditionEntry> conditions,
            Map<String, Integer> names) {}

    /** One RM: its guid, type, the attributes that differ from the defaults, the traces enabled. */
    record Resource(int guid, String type, Map<String, Object> attributes, List<String> traces) {}

    /** {@code guids} may do {@code action} once {@code after} reached {@code state} ({@code time} later). */
    record ConditionEntry(List<Integer> guids, String action, List<Integer> after, String state, String time) {}

    /** A credential's value, referred to by the environment variable that holds it. */
    record Secret(@JsonProperty("env") String env) {}

    private ExperimentDescription() {}

    static Document describe(ExperimentController ec) {
        return describe(ec, Map.of());
    }

    static Document describe(ExperimentController ec, Map<String, Integer> names) {
        names.forEach((name, guid) -> {
            if (!javax.lang.model.SourceVersion.isName(name)
                    || ec.findResource(guid).isEmpty()) {
                throw new IllegalArgumentException("cannot save the name " + name + " for guid " + guid
                        + ": names must be Java identifiers and guids those of the experiment's resources");
            }
        });
        List<Resource> resources = new ArrayList<>();
        List<int[]> connections = new ArrayList<>();
        List<ConditionEntry> conditions = new ArrayList<>();
        for (int guid : ec.getResources()) {
            ResourceManager rm = ec.getResource(guid);
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (Attribute<?> attr : rm.getAttributes()) {
                if (attr.hasFlag(Attribute.Flag.GLOBAL)
                        || attr.hasFlag(Attribute.Flag.NO_WRITE)
                        || !rm.isSet(attr.getName())) {
                    continue;
                }
                Object value = rm.get(attr);
                if (value == null || value.equals(attr.getDefault())) {
                    continue;
                }
                attributes.put(
                        attr.getName(),
                        attr.hasFlag(Attribute.Flag.CREDENTIAL)
                                ? new Secret(secretVariable(guid, attr.getName()))
                                : value);
            }
            List<String> traces = new ArrayList<>();
            for (Trace trace : rm.getTraces()) {
                if (!trace.enabledByDefault() && rm.traceEnabled(trace.name())) {
                    traces.add(trace.name());
                }
            }
            resources.add(new Resource(guid, rm.getRtype(), attributes, traces));
            for (int other : rm.getConnections()) {
                if (other > guid) {
                    connections.add(new int[] {guid, other});
                }
            }
            for (ResourceAction action : ResourceAction.values()) {
                for (Condition c : rm.getConditions(action)) {
                    conditions.add(new ConditionEntry(
                            List.of(guid),
                            action.name(),
                            c.guids().stream().sorted().toList(),
                            c.state().name(),
                            c.delay() == null ? null : TimeSpec.format(c.delay())));
                }
            }
        }
        return new Document(
                FORMAT,
                names.isEmpty() ? VERSION : VERSION_WITH_NAMES,
                ec.getExpId(),
                ec.globalValues(),
                resources,
                connections,
                conditions,
                new java.util.TreeMap<>(names));
    }

    /** The environment variable a saved credential is read from when the description is loaded. */
    static String secretVariable(int guid, String attribute) {
        return "NEPI_SECRET_" + guid + "_"
                + attribute.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    static void write(ExperimentController ec, Path file, Map<String, Integer> names) {
        Document document = describe(ec, names);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            JSON.writeValue(partial.toFile(), document);
            Files.move(
                    partial,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the experiment description to " + file + ": " + reason(e), e);
        }
    }

    static ExperimentController read(Path file, Path localDir) {
        Document document = parse(file);
        Problems problems = new Problems(file);
        check(document, problems);
        problems.throwIfAny();
        ExperimentController ec = new ExperimentController(document.expId(), localDir);
        try {
            build(ec, document);
            ec.setSavedNames(map(document.names()));
            return ec;
        } catch (RuntimeException e) {
            ec.shutdown();
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static Document parse(Path file) {
        try (JsonParser parser = JSON.createParser(file.toFile())) {
            Document document = parser.nextToken() == null ? null : JSON.readValue(parser, Document.class);
            if (document == null) {
                throw new IllegalArgumentException(file + ": the file is empty; expected an experiment description");
            }
            refuseTrailingText(file, parser);
            return document;
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (JsonProcessingException e) {
            String problem = e.getOriginalMessage();
            String path = "";
            if (e instanceof MismatchedInputException mismatch) {
                path = jsonPath(mismatch.getPath());
                Class<?> target = mismatch.getTargetType();
                if (target == int.class || target == Integer.class) {
                    problem = "expected a whole number: " + problem.replaceFirst(" \\(but could if coercion.*", "");
                }
            }
            throw new IllegalArgumentException(
                    file + ": not a valid experiment description" + where(e.getLocation()) + path + ": " + problem, e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read it: " + reason(e), e);
        }
    }

    /** A description is one JSON value: anything after it, even what is not JSON, is refused. */
    private static void refuseTrailingText(Path file, JsonParser parser) throws IOException {
        JsonLocation at;
        try {
            if (parser.nextToken() == null) {
                return;
            }
            at = parser.currentTokenLocation();
        } catch (JsonProcessingException e) {
            at = e.getLocation();
        }
        throw new IllegalArgumentException(
                file + ": not a valid experiment description" + where(at) + ": text after the end of the description");
    }

    private static String where(JsonLocation at) {
        return at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** The path of a JSON value, such as {@code resources[0].guid}. */
    private static String jsonPath(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "" : " (" + path + ")";
    }

    /** Collects every problem of a file, so the user fixes them in one go. */
    private static final class Problems {
        private final Path file;
        private final List<String> found = new ArrayList<>();

        Problems(Path file) {
            this.file = file;
        }

        void add(String entry, String problem) {
            found.add(entry + ": " + problem);
        }

        void throwIfAny() {
            if (found.size() == 1) {
                throw new IllegalArgumentException(file + ": " + found.get(0));
            }
            if (!found.isEmpty()) {
                throw new IllegalArgumentException(
                        file + ": " + found.size() + " problems:\n  - " + String.join("\n  - ", found));
            }
        }
    }

    private static void check(Document d, Problems problems) {
        if (!FORMAT.equals(d.format())) {
            problems.add("format", "is \"" + d.format() + "\"; expected \"" + FORMAT + "\"");
            problems.throwIfAny();
        }
        int major = majorVersion(d.version());
        if (major < 0 || major > MAJOR_VERSION) {
            problems.add(
                    "version",
                    major < 0
                            ? "\"" + d.version() + "\" is not a version such as \"1.0\""
                            : "format version " + d.version() + " is newer than this NEPI reads (" + MAJOR_VERSION
                                    + ".x)");
            problems.throwIfAny();
        }
        map(d.globals()).forEach((type, values) -> {
            if (values == null) {
                problems.add("globals of " + type, "is null; expected an object of attribute values");
            }
        });
        Set<Integer> guids = new HashSet<>();
        List<Resource> resources = list(d.resources());
        for (int i = 0; i < resources.size(); i++) {
            Resource r = resources.get(i);
            if (r == null) {
                problems.add(
                        "resources[" + i + "]",
                        "is null; expected a resource such as" + " {\"guid\": 1, \"type\": \"linux::Node\"}");
                continue;
            }
            String entry = "resource " + r.guid();
            if (r.guid() <= 0 || r.guid() > MAX_GUID) {
                problems.add(entry, "guids go from 1 to " + MAX_GUID);
            } else if (!guids.add(r.guid())) {
                problems.add(entry, "the guid appears twice");
            }
            if (r.type() == null) {
                problems.add(entry, "has no type; expected one such as \"linux::Node\"");
                continue;
            }
            Optional<ResourceTypeInfo> type = ResourceFactory.findType(r.type());
            if (type.isEmpty()) {
                problems.add(entry, messageOf(() -> ResourceFactory.getType(r.type())));
                continue;
            }
            entry += " (" + r.type() + ")";
            for (Map.Entry<String, Object> a : map(r.attributes()).entrySet()) {
                Optional<Attribute<?>> attr = type.get().findAttribute(a.getKey());
                if (attr.isEmpty()) {
                    problems.add(entry, messageOf(() -> type.get().getAttribute(a.getKey())));
                } else if (a.getValue() instanceof Map<?, ?> reference) {
                    String problem = secretProblem(attr.get(), reference);
                    if (problem != null) {
                        problems.add(entry, problem);
                    }
                } else {
                    String problem = messageOf(() -> attr.get().convert(a.getValue()));
                    if (problem != null) {
                        problems.add(entry, problem);
                    }
                }
            }
            for (String trace : list(r.traces())) {
                String problem = trace == null
                        ? "a trace name is null"
                        : messageOf(() -> type.get().getTrace(trace));
                if (problem != null) {
                    problems.add(entry, problem);
                }
            }
        }
        map(d.names()).forEach((name, guid) -> {
            if (!javax.lang.model.SourceVersion.isName(name) || guid == null || !guids.contains(guid)) {
                problems.add(
                        "name " + name, "a name is a Java identifier naming the guid of a resource in the" + " file");
            }
        });
        List<int[]> connections = list(d.connections());
        for (int i = 0; i < connections.size(); i++) {
            int[] c = connections.get(i);
            if (c == null) {
                problems.add("connections[" + i + "]", "is null; expected a pair of guids such as [1, 2]");
            } else if (c.length != 2 || !guids.contains(c[0]) || !guids.contains(c[1])) {
                problems.add(
                        "connection " + java.util.Arrays.toString(c),
                        "a connection joins two guids of resources in the file");
            }
        }
        List<ConditionEntry> conditions = list(d.conditions());
        for (int i = 0; i < conditions.size(); i++) {
            ConditionEntry c = conditions.get(i);
            if (c == null) {
                problems.add(
                        "conditions[" + i + "]",
                        "is null; expected a condition such as {\"guids\": [2],"
                                + " \"action\": \"START\", \"after\": [1], \"state\": \"STARTED\"}");
                continue;
            }
            String entry = "condition " + c.guids() + " " + c.action() + " after " + c.after();
            List<Integer> missing = new ArrayList<>();
            list(c.guids()).stream().filter(g -> !guids.contains(g)).forEach(missing::add);
            list(c.after()).stream().filter(g -> !guids.contains(g)).forEach(missing::add);
            if (!missing.isEmpty()) {
                problems.add(entry, "guids " + missing + " are not resources in the file");
            }
            if (list(c.guids()).isEmpty() || list(c.after()).isEmpty()) {
                problems.add(entry, "a condition needs guids on both sides");
            }
            if (enumOf(ResourceAction.class, c.action()) == null) {
                problems.add(entry, "action \"" + c.action() + "\" is not one of DEPLOY, START, STOP");
            }
            if (enumOf(ResourceState.class, c.state()) == null) {
                problems.add(
                        entry,
                        "state \"" + c.state() + "\" is not one of "
                                + java.util.Arrays.toString(ResourceState.values()));
            }
            if (c.time() != null) {
                String problem = messageOf(() -> TimeSpec.parseDuration(c.time()));
                if (problem != null) {
                    problems.add(entry, problem);
                }
            }
        }
    }

    /** Only a credential may refer to an environment variable, and only as {@code {"env": "VARIABLE"}}. */
    private static String secretProblem(Attribute<?> attr, Map<?, ?> reference) {
        if (!attr.hasFlag(Attribute.Flag.CREDENTIAL)) {
            return "attribute '" + attr.getName() + "' is not a credential; only credentials may be read from an"
                    + " environment variable ({\"env\": \"VARIABLE\"}): give its value";
        }
        if (reference.size() != 1 || !(reference.get("env") instanceof String)) {
            return "attribute '" + attr.getName() + "': a credential is read from {\"env\": \"VARIABLE\"}; got "
                    + reference;
        }
        return null;
    }

    private static void build(ExperimentController ec, Document d) {
        map(d.globals()).forEach((type, values) -> values.forEach((name, value) -> ec.setGlobal(type, name, value)));
        for (Resource r : list(d.resources())) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (Map.Entry<String, Object> a : map(r.attributes()).entrySet()) {
                if (a.getValue() instanceof Map<?, ?> secret) {
                    String variable = String.valueOf(secret.get("env"));
                    String value = System.getenv(variable);
                    if (value == null) {
                        ExperimentController.LOG.warn(
                                "resource {}: credential '{}' left unset: set the environment"
                                        + " variable {} to provide it",
                                r.guid(),
                                a.getKey(),
                                variable);
                        continue;
                    }
                    attributes.put(a.getKey(), value);
                } else {
                    attributes.put(a.getKey(), a.getValue());
                }
            }
            ec.registerResource(r.type(), r.guid(), attributes);
            for (String trace : list(r.traces())) {
                ec.enableTrace(r.guid(), trace);
            }
        }
        for (int[] c : list(d.connections())) {
            ec.registerConnection(c[0], c[1]);
        }
        for (ConditionEntry c : list(d.conditions())) {
            ec.registerCondition(
                    c.guids(),
                    ResourceAction.valueOf(c.action()),
                    c.after(),
                    ResourceState.valueOf(c.state()),
                    c.time());
        }
    }

    private static int majorVersion(String version) {
        if (version == null) {
            return -1;
        }
        try {
            return Integer.parseInt(version.split("\\.", 2)[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String name) {
        try {
            return name == null ? null : Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String messageOf(Runnable check) {
        try {
            check.run();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> map(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
