package nepi.kernel.magic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import nepi.kernel.display.Table;
import org.junit.jupiter.api.Test;

class MagicRegistryTest {

    private final MagicRegistry registry = MagicRegistry.withBuiltins();

    private MagicContext context() {
        return new MagicContext() {
            @Override
            public void display(Object value) {}

            @Override
            public PrintStream out() {
                return System.out;
            }

            @Override
            public Optional<Object> valueOf(String expression) {
                return Optional.empty();
            }

            @Override
            public MagicRegistry magics() {
                return registry;
            }
        };
    }

    @Test
    void lsmagicListsEveryMagicWithItsUsage() throws Exception {
        registry.register(
                MagicSpec.named("deploy")
                        .help("deploy resources")
                        .argument(Positional.repeated("guids", ValueKind.TEXT, "RMs"))
                        .build(),
                (args, ctx) -> null);
        Table listing = (Table) registry.find("lsmagic").orElseThrow().magic().run("", context());
        assertThat(listing.rows()).contains(List.of("%deploy", "%deploy [guids]", "deploy resources"));
        assertThat(listing.rows()).extracting(row -> row.get(0)).containsExactly("%deploy", "%lsmagic");
        assertThatThrownBy(() -> registry.find("lsmagic").orElseThrow().magic().run("extra", context()))
                .isInstanceOf(MagicUsageException.class);
    }

    @Test
    void unknownNamesGetTheClosestNames() {
        registry.register(MagicSpec.named("wait").help("wait").build(), (args, ctx) -> null);
        assertThat(registry.unknown("wiat"))
                .isEqualTo("unknown magic %wiat; Did you mean: wait? %lsmagic lists the magics");
        assertThat(registry.unknown("xyzzy")).isEqualTo("unknown magic %xyzzy; %lsmagic lists the magics");
    }

    @Test
    void aMagicGetsItsArgumentsCheckedAgainstItsSpec() throws Exception {
        Positional<Integer> count = Positional.required("COUNT", ValueKind.POSITIVE_INT, "how many");
        MagicSpec spec =
                MagicSpec.named("repeat").help("repeat").argument(count).build();
        registry.register(new Magic() {
            @Override
            public MagicSpec spec() {
                return spec;
            }

            @Override
            public Object run(MagicArguments arguments, MagicContext context) {
                return "x".repeat(arguments.get(count));
            }
        });
        LineMagic repeat = registry.find("repeat").orElseThrow().magic();
        assertThat(repeat.run("3", context())).isEqualTo("xxx");
        assertThatThrownBy(() -> repeat.run("three", context()))
                .hasMessage("%repeat: COUNT takes a whole number above 0, not 'three'\nusage: %repeat COUNT");
        assertThat(registry.find("repeat").orElseThrow().description())
                .isEqualTo("%repeat COUNT\nrepeat\n" + "  COUNT  how many");
        assertThat(registry.find("missing")).isEmpty();
    }

    @Test
    void parsesMagicLines() {
        assertThat(MagicLine.parse("  %wait started 1 2 ")).contains(new MagicLine("wait", "started 1 2"));
        assertThat(MagicLine.parse("%lsmagic")).contains(new MagicLine("lsmagic", ""));
        assertThat(MagicLine.parse("x % 3")).isEmpty();
        assertThat(MagicLine.parse("% 3")).isEmpty();
    }
}
