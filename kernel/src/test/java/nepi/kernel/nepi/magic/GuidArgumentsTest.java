package nepi.kernel.nepi.magic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import nepi.core.ExperimentController;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicRegistry;
import nepi.kernel.magic.MagicSpec;
import org.junit.jupiter.api.Test;

class GuidArgumentsTest {

    private static final MagicSpec SPEC =
            MagicSpec.named("trace").help("help").argument(GuidArguments.GUID).build();

    @Test
    void guidsAreNumbersOrIntVariables() throws Exception {
        MagicContext context = new FakeContext(Map.of("node", 1, "name", "x"));
        var ec = new ExperimentController();
        try {
            ec.registerResource("dummy::Node");
            ec.registerResource("dummy::Node");
            assertThat(GuidArguments.resolve(List.of("2", "node,2"), context, ec, SPEC))
                    .containsExactly(2, 1);
            assertThatThrownBy(() -> GuidArguments.resolve(List.of("name"), context, ec, SPEC))
                    .hasMessage("%trace: variable 'name' holds a String (x), not an int guid");
            assertThatThrownBy(() -> GuidArguments.resolve(List.of("missing"), context, ec, SPEC))
                    .hasMessageContaining("there is no variable 'missing'");
            assertThatThrownBy(() -> GuidArguments.resolve(List.of("7", "9"), context, ec, SPEC))
                    .hasMessage("%trace: no RMs have guids [7, 9]; the experiment has 2 RMs, guids [1, 2]");
            assertThatThrownBy(() -> GuidArguments.resolve(List.of("1+1"), context, ec, SPEC))
                    .hasMessageContaining("'1+1' is not a guid")
                    .hasMessageContaining("usage: %trace GUID");
            assertThat(GuidArguments.resolveOrAll(List.of(), context, ec, SPEC)).containsExactly(1, 2);
            assertThat(GuidArguments.resolveOrAll(List.of("node"), context, ec, SPEC))
                    .containsExactly(1);
            assertThatThrownBy(() -> GuidArguments.resolve(List.of("99999999999"), context, ec, SPEC))
                    .hasMessageContaining("too large");
        } finally {
            ec.shutdown();
        }
    }

    @Test
    void lookupFindsNumbersAndIntVariablesAndNeverEvaluatesExpressions() {
        List<String> evaluated = new java.util.ArrayList<>();
        java.util.function.Function<String, Optional<Object>> valueOf = name -> {
            evaluated.add(name);
            return Optional.ofNullable(
                    Map.<String, Object>of("node", 4, "name", "x").get(name));
        };
        assertThat(GuidArguments.find("12", valueOf)).contains(12);
        assertThat(GuidArguments.find("node", valueOf)).contains(4);
        assertThat(GuidArguments.find("name", valueOf)).isEmpty();
        assertThat(GuidArguments.find("99999999999", valueOf)).isEmpty();
        assertThat(GuidArguments.find("node + 1", valueOf)).isEmpty();
        assertThat(evaluated).containsExactly("node", "name");
    }

    @Test
    void aGuidWordIsANumberOrAnExistingVariable() {
        java.util.function.Function<String, Optional<Object>> valueOf = name -> Optional.ofNullable(
                Map.<String, Object>of("node", 4, "name", "x").get(name));
        assertThat(GuidArguments.isGuidWord("12", valueOf)).isTrue();
        assertThat(GuidArguments.isGuidWord("node", valueOf)).isTrue();
        assertThat(GuidArguments.isGuidWord("name", valueOf)).isTrue();
        assertThat(GuidArguments.isGuidWord("linux::Node", valueOf)).isFalse();
        assertThat(GuidArguments.isGuidWord("missing", valueOf)).isFalse();
    }

    /** Session variables from a map, as JShell would give them. */
    record FakeContext(Map<String, Object> variables) implements MagicContext {
        @Override
        public void display(Object value) {}

        @Override
        public java.io.PrintStream out() {
            return System.out;
        }

        @Override
        public Optional<Object> valueOf(String expression) {
            return Optional.ofNullable(variables.get(expression));
        }

        @Override
        public MagicRegistry magics() {
            return MagicRegistry.withBuiltins();
        }
    }
}
