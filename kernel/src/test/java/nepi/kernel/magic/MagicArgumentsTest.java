package nepi.kernel.magic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MagicArgumentsTest {

    private static final MagicSyntax SYNTAX = new MagicSyntax("trace", "%trace GUID NAME [--tail N|--size]", "help",
            Map.of("--tail", true, "--size", false), List.of());

    @Test
    void splitsWordsOptionsAndQuotedPaths() throws Exception {
        MagicArguments args = MagicArguments.parse(" 3  'my file.json' --tail 10 --size", SYNTAX);
        assertThat(args.positional()).containsExactly("3", "my file.json");
        assertThat(args.option("--tail")).contains("10");
        assertThat(args.has("--size")).isTrue();
        assertThat(MagicArguments.parse("--tail=5", SYNTAX).option("--tail")).contains("5");
        assertThat(MagicArguments.parse("\"a b\"c", SYNTAX).positional()).containsExactly("a bc");
    }

    @Test
    void refusesBadOptionsWithTheUsage() {
        assertThatThrownBy(() -> MagicArguments.parse("--bogus", SYNTAX)).isInstanceOf(MagicUsageException.class)
                .hasMessage("%trace: unknown option --bogus; options: --size, --tail\nusage: %trace GUID NAME "
                        + "[--tail N|--size]");
        assertThatThrownBy(() -> MagicArguments.parse("--tail", SYNTAX)).hasMessageContaining("--tail needs a value");
        assertThatThrownBy(() -> MagicArguments.parse("--tail=", SYNTAX)).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> MagicArguments.parse("--size=1", SYNTAX)).hasMessageContaining("takes no value");
        assertThatThrownBy(() -> MagicArguments.parse("--size --size", SYNTAX)).hasMessageContaining("given twice");
        assertThatThrownBy(() -> MagicArguments.parse("'open", SYNTAX)).hasMessageContaining("not closed");
    }

    @Test
    void guidsAreNumbersOrIntVariables() throws Exception {
        MagicContext context = new FakeContext(Map.of("node", 1, "name", "x"));
        var ec = new nepi.core.ExperimentController();
        try {
            ec.registerResource("dummy::Node");
            ec.registerResource("dummy::Node");
            assertThat(GuidArguments.resolve(List.of("2", "node,2"), context, ec, SYNTAX)).containsExactly(2, 1);
            assertThatThrownBy(() -> GuidArguments.resolve(List.of("name"), context, ec, SYNTAX))
                    .hasMessage("%trace: variable 'name' holds a String (x), not an int guid");
            assertThatThrownBy(() -> GuidArguments.resolve(List.of("missing"), context, ec, SYNTAX))
                    .hasMessageContaining("there is no variable 'missing'");
            assertThatThrownBy(() -> GuidArguments.resolve(List.of("7", "9"), context, ec, SYNTAX))
                    .hasMessage("%trace: no RMs have guids [7, 9]; the experiment has 2 RMs, guids [1, 2]");
            assertThatThrownBy(() -> GuidArguments.resolve(List.of("1+1"), context, ec, SYNTAX))
                    .hasMessageContaining("'1+1' is not a guid");
            assertThatThrownBy(() -> GuidArguments.resolve(List.of("99999999999"), context, ec, SYNTAX))
                    .hasMessageContaining("too large");
        } finally {
            ec.shutdown();
        }
    }

    @Test
    void waitTimeoutsAndStates() throws Exception {
        assertThat(WaitMagic.timeout("10")).isEqualTo(Duration.ofSeconds(10));
        assertThat(WaitMagic.timeout("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(WaitMagic.timeout("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> WaitMagic.timeout("soon")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> WaitMagic.timeout("0")).hasMessageContaining("more than 0");
        assertThat(WaitMagic.goalOf("Deployed")).isEqualTo(WaitMagic.Goal.DEPLOYED);
        assertThat(WaitMagic.goalOf("node")).isNull();
        assertThat(TraceMagic.lineCount("--tail", "3")).isEqualTo(3);
        assertThatThrownBy(() -> TraceMagic.lineCount("--tail", "0")).hasMessageContaining("above 0");
        assertThat(TraceMagic.humanSize(1L << 30)).isEqualTo("1.0 GiB");
    }

    /** Session variables from a map, as JShell would give them. */
    record FakeContext(Map<String, Object> variables) implements MagicContext {
        @Override
        public void display(Object value) {
        }

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
