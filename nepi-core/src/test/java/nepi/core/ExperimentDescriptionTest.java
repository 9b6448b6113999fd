package nepi.core;

import static nepi.core.resource.ResourceAction.START;
import static nepi.core.resource.ResourceAction.STOP;
import static nepi.core.resource.ResourceState.STARTED;
import static nepi.core.resource.ResourceState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nepi.core.resource.Attribute;
import nepi.core.resource.ResourceFactory;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceTypeInfo;
import nepi.core.resource.Trace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentDescriptionTest {

    @TempDir
    Path dir;

    private final List<ExperimentController> ecs = new ArrayList<>();

    @BeforeAll
    static void types() {
        TestTypes.register();
    }

    @AfterEach
    void shutdown() {
        ecs.forEach(ExperimentController::shutdown);
    }

    private ExperimentController track(ExperimentController ec) {
        ecs.add(ec);
        return ec;
    }

    private static String json(ExperimentController ec) throws IOException {
        return new ObjectMapper().writeValueAsString(ExperimentDescription.describe(ec));
    }

    @Test
    void everyBuiltInTypeSurvivesARoundTripWithEveryAttributeChanged() throws IOException {
        ExperimentController ec = track(new ExperimentController("round-trip"));
        List<Integer> guids = new ArrayList<>();
        for (ResourceTypeInfo type : ResourceFactory.types()) {
            int guid = ec.registerResource(type.getName());
            guids.add(guid);
            ResourceManager rm = ec.getResource(guid);
            for (Attribute<?> attr : type.getAttributes()) {
                if (attr.hasFlag(Attribute.Flag.NO_WRITE)
                        || attr.hasFlag(Attribute.Flag.GLOBAL)
                        || attr.hasFlag(Attribute.Flag.CREDENTIAL)) {
                    continue;
                }
                Object value = setAnAcceptedValue(rm, attr);
                assertThat(rm.get(attr))
                        .as(type.getName() + "." + attr.getName())
                        .isEqualTo(attr.convert(value));
            }
            type.getTraces().forEach(t -> ec.enableTrace(guid, t.name()));
        }
        for (int i = 1; i < guids.size(); i++) {
            try {
                ec.registerConnection(guids.get(i - 1), guids.get(i));
            } catch (IllegalArgumentException refusedByTheTypes) {
                // a type may refuse to be connected to the next one; the chain just skips it
            }
        }
        ec.registerCondition(guids.get(1), START, guids.get(0), STARTED, "1.5s");
        ec.registerCondition(
                List.of(guids.get(2), guids.get(3)), STOP, List.of(guids.get(0), guids.get(1)), STOPPED, null);
        ec.setGlobal("dummy::Node", "opDelay", 0.25);

        Path file = dir.resolve("experiment.json");
        ec.save(file);
        ExperimentController loaded = track(ExperimentController.load(file));

        assertThat(json(loaded)).isEqualTo(json(ec));
        assertThat(loaded.getExpId()).isEqualTo("round-trip");
        assertThat(loaded.getRunId()).isNotEqualTo(ec.getRunId());
        assertThat(loaded.getGlobal("dummy::Node", "opDelay")).isEqualTo(0.25);
        assertThat(loaded.getResource(guids.get(1)).getConditions(START))
                .singleElement()
                .satisfies(c -> assertThat(c.delay()).isEqualTo(Duration.ofMillis(1500)));
        int next = loaded.registerResource("dummy::Node");
        assertThat(next).isGreaterThan(guids.get(guids.size() - 1));
    }

    /**
     * Text values that the types' set hooks accept for some attribute: addresses, names, rates; ns-3's
     * data rates, queue sizes, booleans, enum names, positions and rectangles (ns-3 attributes are checked
     * against ns-3's types).
     */
    private static final List<String> SAMPLE_TEXTS = List.of(
            "198.18.0.1/24",
            "198.18.1.0",
            "eth1",
            "10mbit",
            "20ms",
            "1%",
            "24",
            "port:5201",
            "5Mbps",
            "100p",
            "true",
            "Dix",
            "Time",
            "ERROR_UNIT_PACKET",
            "10:0:0",
            "0|100|0|100");

    /** Sets a value other than the default that the type accepts, and returns it. */
    private static Object setAnAcceptedValue(ResourceManager rm, Attribute<?> attr) {
        List<Object> candidates = new ArrayList<>();
        candidates.add(otherValue(attr));
        if (attr.getType() == Attribute.Type.STRING) {
            candidates.addAll(SAMPLE_TEXTS);
        }
        IllegalArgumentException refused = null;
        for (Object candidate : candidates) {
            try {
                rm.set(attr.getName(), candidate);
                return candidate;
            } catch (IllegalArgumentException e) {
                refused = e;
            }
        }
        throw new AssertionError(
                "no sample value accepted by " + rm.getRtype() + "." + attr.getName() + "; add one to SAMPLE_TEXTS",
                refused);
    }

    private static Object otherValue(Attribute<?> attr) {
        return switch (attr.getType()) {
            case BOOL -> !Boolean.TRUE.equals(attr.getDefault());
            case ENUM -> attr.getAllowed().get(attr.getAllowed().size() - 1);
            case INTEGER -> attr.getMax() != null
                    ? (int) Math.floor(attr.getMax())
                    : attr.getMin() != null ? (int) Math.ceil(attr.getMin()) + 1 : 7;
            case DOUBLE -> attr.getMax() != null ? attr.getMax() : 0.5;
            case STRING -> "value of " + attr.getName();
        };
    }

    @Test
    void onlyAttributesThatDifferFromTheDefaultsAreWritten() throws IOException {
        ExperimentController ec = track(new ExperimentController());
        int a = ec.registerResource("test::Configurable", Map.of("port", 22, "mode", "slow"));
        Path file = dir.resolve("e.json");
        ec.save(file);
        String text = Files.readString(file);
        assertThat(text)
                .contains("\"mode\" : \"slow\"")
                .doesNotContain("\"port\"")
                .contains("\"version\" : \"1.0\"");
        assertThat(ExperimentDescription.describe(ec).resources())
                .singleElement()
                .satisfies(r -> assertThat(r.guid()).isEqualTo(a));
    }

    @Test
    void credentialsAreNeverWrittenInClear() throws IOException {
        ExperimentController ec = track(new ExperimentController());
        int a = ec.registerResource("test::Configurable", Map.of("password", "hunter2"));
        Path file = dir.resolve("e.json");
        ec.save(file);
        String text = Files.readString(file);
        assertThat(text).doesNotContain("hunter2").contains("NEPI_SECRET_" + a + "_PASSWORD");
        ExperimentController loaded = track(ExperimentController.load(file));
        assertThat(loaded.get(a, "password"))
                .as("left unset without the variable")
                .isNull();
    }

    @Test
    void aLoadedExperimentDeploysAndRuns() throws InterruptedException {
        ExperimentController ec = track(new ExperimentController());
        int node = ec.registerResource("dummy::Node");
        int first = ec.registerResource("dummy::Application", Map.of("duration", 0.1));
        int second = ec.registerResource("dummy::Application");
        ec.registerConnection(first, node);
        ec.registerConnection(second, node);
        ec.registerCondition(second, START, first, STOPPED);
        Path file = dir.resolve("e.json");
        ec.save(file);

        ExperimentController loaded = track(ExperimentController.load(file, dir));
        loaded.deploy();
        assertThat(loaded.waitFinished(first, second)).isTrue();
        assertThat(loaded.getStartTime(second)).isAfterOrEqualTo(loaded.getStopTime(first));
        assertThat(loaded.getRunDir().startsWith(dir)).isTrue();
    }

    private Path file(String json) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, json);
        return file;
    }

    private static final String HEADER = "{\"format\":\"nepi-experiment\",\"version\":\"1.0\",\"expId\":\"x\",";

    @Test
    void unknownTypesAndAttributesAreNamedWithTheFileAndEntry() throws IOException {
        Path file = file(HEADER + "\"resources\":[{\"guid\":1,\"type\":\"dummy::Nod\"},"
                + "{\"guid\":2,\"type\":\"dummy::Node\",\"attributes\":{\"critcal\":false}},"
                + "{\"guid\":3,\"type\":\"dummy::Application\",\"attributes\":{\"duration\":\"long\"}}]}");
        assertThatThrownBy(() -> ExperimentController.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("3 problems")
                .hasMessageContaining("resource 1: unknown resource type 'dummy::Nod'")
                .hasMessageContaining("resource 2 (dummy::Node): dummy::Node has no attribute 'critcal'")
                .hasMessageContaining("resource 3 (dummy::Application): attribute 'duration' refuses \"long\"");
    }

    @Test
    void connectionsAndConditionsToGuidsNotInTheFileAreRefused() throws IOException {
        Path file = file(
                HEADER + "\"resources\":[{\"guid\":1,\"type\":\"dummy::Node\"}],"
                        + "\"connections\":[[1,9]],"
                        + "\"conditions\":[{\"guids\":[1],\"action\":\"START\",\"after\":[8],\"state\":\"STARTED\",\"time\":\"5 seconds\"}]}");
        assertThatThrownBy(() -> ExperimentController.load(file))
                .hasMessageContaining("connection [1, 9]: a connection joins two guids of resources in the file")
                .hasMessageContaining("guids [8] are not resources in the file")
                .hasMessageContaining("malformed time \"5 seconds\"");
    }

    @Test
    void aNewerMajorVersionOrABrokenFileIsRefused() throws IOException {
        Path newer = file("{\"format\":\"nepi-experiment\",\"version\":\"2.1\",\"expId\":\"x\",\"resources\":[]}");
        assertThatThrownBy(() -> ExperimentController.load(newer)).hasMessageContaining("format version 2.1 is newer");

        Path broken = file(HEADER + "\"resources\":[{\"guid\":1,");
        assertThatThrownBy(() -> ExperimentController.load(broken))
                .hasMessageContaining(broken.toString())
                .hasMessageContaining("not a valid experiment description at line 1");

        Path notOurs = file("{\"format\":\"something\",\"version\":\"1.0\"}");
        assertThatThrownBy(() -> ExperimentController.load(notOurs))
                .hasMessageContaining("expected \"nepi-experiment\"");

        assertThatThrownBy(() -> ExperimentController.load(dir.resolve("missing.json")))
                .hasMessageContaining("no such file");
    }

    @Test
    void namesGivenToResourcesAreKeptInVersion11AndComeBackOnLoad() throws IOException {
        ExperimentController ec = track(new ExperimentController("named"));
        int node = ec.registerResource("dummy::Node");
        int app = ec.registerResource("dummy::Application");
        Path file = dir.resolve("named.json");
        ec.save(file, Map.of("node", node, "app", app, "alsoNode", node));
        assertThat(Files.readString(file)).contains("\"version\" : \"1.1\"");
        assertThat(track(ExperimentController.load(file)).getSavedNames())
                .containsExactly(Map.entry("alsoNode", node), Map.entry("app", app), Map.entry("node", node));
        assertThatThrownBy(() -> ec.save(file, Map.of("node", 99)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name node for guid 99");
    }

    @Test
    void aFileWithoutNamesHasNoneAndBadNamesAreRefused() throws IOException {
        Path plain = file(HEADER + "\"resources\":[{\"guid\":1,\"type\":\"dummy::Node\"}]}");
        assertThat(track(ExperimentController.load(plain)).getSavedNames()).isEmpty();
        Path bad = file(HEADER + "\"resources\":[{\"guid\":1,\"type\":\"dummy::Node\"}],"
                + "\"names\":{\"ok\":1,\"not a name\":1,\"gone\":7}}");
        assertThatThrownBy(() -> ExperimentController.load(bad))
                .hasMessageContaining("name not a name: a name is a Java identifier")
                .hasMessageContaining("name gone:");
    }

    @Test
    void aConnectionRefusedByATypeLoadsNothing() throws IOException {
        Path file = file(HEADER + "\"resources\":[{\"guid\":1,\"type\":\"dummy::Node\"}],\"connections\":[[1,1]]}");
        assertThatThrownBy(() -> ExperimentController.load(file)).hasMessageContaining("cannot be connected to itself");
    }

    @Test
    void anUnwritablePathIsNamed() throws IOException {
        ExperimentController ec = track(new ExperimentController());
        Path aFile = Files.writeString(dir.resolve("plain-file"), "");
        assertThatThrownBy(() -> ec.save(aFile.resolve("e.json")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot write the experiment description to " + aFile.resolve("e.json"));
    }

    @Test
    void traceDeclarationsRoundTripOnlyWhenEnabledByTheUser() {
        ExperimentController ec = track(new ExperimentController());
        int guid = ec.registerResource("dummy::Node");
        assertThat(ExperimentDescription.describe(ec).resources().get(0).traces())
                .isEmpty();
        assertThat(Trace.of("x", "y").enabledByDefault()).isFalse();
        assertThat(guid).isEqualTo(1);
    }

    @Test
    void nullEntriesAreNamedInsteadOfFailingWithNullPointerException() throws IOException {
        Path file = file(HEADER + "\"resources\":[{\"guid\":1,\"type\":\"dummy::Node\"},null],"
                + "\"connections\":[null],\"conditions\":[null]}");
        assertThatThrownBy(() -> ExperimentController.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resources[1]: is null")
                .hasMessageContaining("connections[0]: is null")
                .hasMessageContaining("conditions[0]: is null");
    }

    @Test
    void guidsOutsideOneToMaxIntMinusOneAreRefusedAndGuidsNeverOverflow() throws IOException {
        Path last = file(HEADER + "\"resources\":[{\"guid\":2147483647,\"type\":\"dummy::Node\"}]}");
        assertThatThrownBy(() -> ExperimentController.load(last))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resource 2147483647: guids go from 1 to 2147483646");

        Path almost = file(HEADER + "\"resources\":[{\"guid\":2147483646,\"type\":\"dummy::Node\"}]}");
        ExperimentController ec = track(ExperimentController.load(almost));
        assertThat(ec.registerResource("dummy::Node")).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> ec.registerResource("dummy::Node"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no guid is left");
        assertThat(ec.getResources()).containsExactly(2147483646, Integer.MAX_VALUE);
    }

    @Test
    void fractionalGuidsAreRefusedNotRounded() throws IOException {
        Path file = file(HEADER + "\"resources\":[{\"guid\":1.5,\"type\":\"dummy::Node\"}]}");
        assertThatThrownBy(() -> ExperimentController.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resources[0].guid")
                .hasMessageContaining("1.5")
                .hasMessageContaining("whole number");
        Path inCondition = file(HEADER + "\"resources\":[{\"guid\":1,\"type\":\"dummy::Node\"},"
                + "{\"guid\":2,\"type\":\"dummy::Node\"}],"
                + "\"conditions\":[{\"guids\":[1],\"action\":\"START\",\"after\":[2.7],\"state\":\"STARTED\"}]}");
        assertThatThrownBy(() -> ExperimentController.load(inCondition))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conditions[0].after[0]");
    }

    @Test
    void trailingTextAfterTheDescriptionIsRefused() throws IOException {
        Path file = file(HEADER + "\"resources\":[{\"guid\":1,\"type\":\"dummy::Node\"}]} garbage");
        assertThatThrownBy(() -> ExperimentController.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid experiment description at line 1")
                .hasMessageContaining("after the end of the description");
    }

    @Test
    void onlyCredentialsMayBeReadFromTheEnvironment() throws IOException {
        Path file = file(HEADER + "\"resources\":[{\"guid\":1,\"type\":\"test::Configurable\","
                + "\"attributes\":{\"name\":{\"env\":\"HOME\"},\"password\":{\"file\":\"x\"}}}]}");
        assertThatThrownBy(() -> ExperimentController.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attribute 'name' is not a credential")
                .hasMessageContaining("attribute 'password': a credential is read from {\"env\": \"VARIABLE\"}");
    }
}
