package nepi.core;

import static nepi.core.resource.ResourceAction.START;
import static nepi.core.resource.ResourceState.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import nepi.core.resource.TraceAttr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every refused call says what was wrong and what is accepted, and changes nothing. */
class BadInputTest {

    private final ExperimentController ec = new ExperimentController();

    @BeforeAll
    static void types() {
        TestTypes.register();
    }

    @AfterEach
    void shutdown() {
        ec.shutdown();
    }

    @Test
    void anUnknownTypeIsNamedAndCloseNamesAreSuggested() {
        assertThatThrownBy(() -> ec.registerResource("dummy::Nod"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown resource type 'dummy::Nod'")
                .hasMessageContaining("Did you mean: dummy::Node");
        assertThat(ec.getResources()).isEmpty();
    }

    @Test
    void anUnknownGuidIsNamedWithTheGuidsThatExist() {
        ec.registerResource("dummy::Node");
        ec.registerResource("dummy::Node");
        assertThatThrownBy(() -> ec.state(42))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no resource has guid 42")
                .hasMessageContaining("from 1 to 2");
        assertThatThrownBy(() -> ec.deploy(1, 7, 9)).hasMessageContaining("[7, 9]");
        assertThat(ec.state(1)).isEqualTo(nepi.core.resource.ResourceState.NEW);
        assertThat(ec.getResource(1).getDeploymentGroup()).isZero();
    }

    @Test
    void anUnknownAttributeListsTheTypesAttributes() {
        int node = ec.registerResource("dummy::Node");
        assertThatThrownBy(() -> ec.set(node, "criticl", true))
                .hasMessageContaining("dummy::Node has no attribute 'criticl'")
                .hasMessageContaining("Did you mean: critical")
                .hasMessageContaining("Its attributes: critical, hardRelease, opDelay");
    }

    @Test
    void valuesOfTheWrongTypeOutOfRangeOrNotAllowedAreRefusedAndChangeNothing() {
        int guid = ec.registerResource("test::Configurable");
        assertThatThrownBy(() -> ec.set(guid, "port", "ssh"))
                .hasMessageContaining(
                        "'port' refuses \"ssh\": not a whole number; accepted: a whole number from 1 to 65535");
        assertThatThrownBy(() -> ec.set(guid, "port", 70000)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> ec.set(guid, "mode", "medium"))
                .hasMessageContaining("not an allowed value; accepted: one of [fast, slow]");
        assertThatThrownBy(() -> ec.set(guid, "verbose", "maybe")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> ec.set(guid, "rate", 2.5)).hasMessageContaining("from 0 to 1");
        assertThat(ec.get(guid, "port")).isEqualTo(22);
        assertThat(ec.get(guid, "mode")).isEqualTo("fast");
    }

    @Test
    void stringsAreConvertedWhenTheTypeIsClear() {
        int guid = ec.registerResource(
                "test::Configurable",
                Map.of("port", "2222", "verbose", "TRUE", "rate", "0.5", "mode", "slow", "name", 7));
        assertThat(ec.get(guid, "port")).isEqualTo(2222);
        assertThat(ec.get(guid, "verbose")).isEqualTo(true);
        assertThat(ec.get(guid, "rate")).isEqualTo(0.5);
        assertThat(ec.get(guid, "mode")).isEqualTo("slow");
        assertThat(ec.get(guid, "name")).isEqualTo("7");
    }

    @Test
    void aRegistrationWithARefusedValueRegistersNothing() {
        assertThatThrownBy(() -> ec.registerResource("test::Configurable", Map.of("port", -1)))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> ec.registerResource("test::Configurable", Map.of("nope", 1)))
                .hasMessageContaining("has no attribute 'nope'");
        assertThat(ec.getResources()).isEmpty();
        assertThat(ec.registerResource("dummy::Node")).isEqualTo(1);
    }

    @Test
    void aDesignAttributeCannotChangeOnceDeployIsRequested() throws InterruptedException {
        int guid = ec.registerResource("test::Configurable", Map.of("host", "a"));
        ec.deploy(guid);
        assertThatThrownBy(() -> ec.set(guid, "host", "b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("design attribute")
                .hasMessageContaining("before deploy");
        assertThat(ec.get(guid, "host")).isEqualTo("a");
        ec.waitDeployed(guid);
        ec.set(guid, "port", 23);
        assertThat(ec.get(guid, "port")).isEqualTo(23);
    }

    @Test
    void readOnlyAttributesAndCredentialsAreGuarded() {
        int guid = ec.registerResource("test::Configurable");
        assertThatThrownBy(() -> ec.set(guid, "pid", "12")).hasMessageContaining("read-only");
        ec.set(guid, "password", "s3cret");
        assertThat(ec.getAttribute(guid, "password").display("s3cret")).doesNotContain("s3cret");
        assertThat(ec.getAttribute(guid, "password").hasFlag(nepi.core.resource.Attribute.Flag.DESIGN))
                .isTrue();
    }

    @Test
    void globalAttributesAreSharedByEveryResourceOfTheType() {
        int a = ec.registerResource("test::Configurable");
        int b = ec.registerResource("test::Configurable");
        assertThat(ec.getGlobal("test::Configurable", "limit")).isEqualTo(5);
        ec.setGlobal("test::Configurable", "limit", "9");
        assertThat(ec.get(a, "limit")).isEqualTo(9);
        ec.set(b, "limit", 11);
        assertThat(ec.get(a, "limit")).isEqualTo(11);
        assertThatThrownBy(() -> ec.setGlobal("test::Configurable", "port", 1)).hasMessageContaining("not Global");
        try (ExperimentController other = new ExperimentController()) {
            assertThat(other.getGlobal("test::Configurable", "limit"))
                    .as("globals belong to one experiment")
                    .isEqualTo(5);
        }
    }

    @Test
    void aMalformedConditionTimeIsRefusedAndRegistersNothing() {
        int a = ec.registerResource("dummy::Application");
        int b = ec.registerResource("dummy::Application");
        assertThatThrownBy(() -> ec.registerCondition(a, START, b, STARTED, "5 seconds"))
                .hasMessageContaining("malformed time \"5 seconds\"");
        assertThat(ec.getResource(a).getConditions(START)).isEmpty();
    }

    @Test
    void aConditionOnAnUnknownGuidIsRefusedAndRegistersNothing() {
        int a = ec.registerResource("dummy::Application");
        int b = ec.registerResource("dummy::Application");
        assertThatThrownBy(() -> ec.registerCondition(List.of(a, b), START, List.of(99), STARTED, null))
                .hasMessageContaining("no resource has guid 99");
        assertThat(ec.getResource(a).getConditions(START)).isEmpty();
        assertThatThrownBy(() -> ec.registerCondition(a, START, a, STARTED))
                .hasMessageContaining("cannot wait for itself");
    }

    @Test
    void setWithConditionsChecksTheAttributeAndValueAtOnce() {
        int a = ec.registerResource("test::Configurable");
        int b = ec.registerResource("dummy::Application");
        assertThatThrownBy(() -> ec.setWithConditions("port", "many", List.of(a), List.of(b), STARTED, null))
                .hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> ec.setWithConditions("nope", 1, List.of(a), List.of(b), STARTED, null))
                .hasMessageContaining("has no attribute 'nope'");
    }

    @Test
    void unknownTracesListTheTypesTraces() {
        int a = ec.registerResource("dummy::Application");
        assertThatThrownBy(() -> ec.trace(a, "stdout"))
                .hasMessageContaining("has no trace 'stdout'")
                .hasMessageContaining("It has no traces");
        assertThatThrownBy(() -> ec.trace(a, "stdout", TraceAttr.SIZE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLocalDirComesFromThePropertyWhenNotGiven() {
        System.setProperty("nepi.localDir", "/var/tmp/nepi-results");
        try (ExperimentController other = new ExperimentController("x")) {
            org.assertj.core.api.Assertions.assertThat(other.getRunDir())
                    .isEqualTo(java.nio.file.Path.of("/var/tmp/nepi-results", "x", other.getRunId()));
        } finally {
            System.clearProperty("nepi.localDir");
        }
    }

    @Test
    void aBadExperimentIdIsRefused() {
        assertThatThrownBy(() -> new ExperimentController("../etc")).hasMessageContaining("cannot name a directory");
    }

    @Test
    void aResourceInUseCannotBeRemoved() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        int spare = ec.registerResource("dummy::Node");
        ec.deploy(node);
        ec.waitDeployed(node);
        assertThatThrownBy(() -> ec.removeResource(node)).hasMessageContaining("release it before removing it");
        ec.removeResource(spare);
        assertThat(ec.getResources()).containsExactly(node);
    }

    @Test
    void aShutDownControllerRefusesNewWork() {
        ec.shutdown();
        assertThatThrownBy(() -> ec.registerResource("dummy::Node")).hasMessageContaining("is shut down");
        assertThatThrownBy(ec::deploy).hasMessageContaining("is shut down");
    }

    @Test
    void schedulingAtADateOrDelayOutOfRangeIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> ec.schedule("99991231235959999999", () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> ec.schedule(java.time.Duration.ofDays(365L * 1000), () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large");
        int a = ec.registerResource("dummy::Node");
        int b = ec.registerResource("dummy::Node");
        assertThatThrownBy(() -> ec.registerCondition(a, START, b, STARTED, "9223372036854775807s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large");
    }
}
