package nepi.kernel.magic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nepi.kernel.display.Table;
import org.junit.jupiter.api.Test;

class MagicRegistryTest {

    private final MagicRegistry registry = MagicRegistry.withBuiltins();

    private final List<Object> displayed = new ArrayList<>();

    private MagicContext context() {
        return new MagicContext() {
            @Override
            public void display(Object value) {
                displayed.add(value);
            }

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
    void lsmagicListsLineMagicsThenCellMagicsWithTheirUsage() throws Exception {
        registry.register(
                MagicSpec.named("deploy")
                        .help("deploy resources")
                        .argument(Positional.repeated("guids", ValueKind.TEXT, "RMs"))
                        .build(),
                (args, ctx) -> null);
        Table cells = (Table) registry.find("lsmagic").orElseThrow().magic().run("", context());
        Table lines = (Table) displayed.get(0);
        assertThat(lines.rows()).contains(List.of("%deploy", "%deploy [guids]", "deploy resources"));
        assertThat(lines.rows()).extracting(row -> row.get(0)).containsExactly("%deploy", "%lsmagic", "%run", "%time");
        assertThat(cells.rows()).extracting(row -> row.get(0)).containsExactly("%%html", "%%markdown", "%%time");
        assertThat(cells.rows()).contains(List.of("%%time", "%%time", TimeCellMagic.SPEC.help()));
        assertThatThrownBy(() -> registry.find("lsmagic").orElseThrow().magic().run("extra", context()))
                .isInstanceOf(MagicUsageException.class);
    }

    @Test
    void aCellMagicIsDeclaredAsOneAndKeptApartFromTheLineMagics() throws Exception {
        Positional<String> node = Positional.required("NODE", ValueKind.TEXT, "a node");
        MagicSpec spec = MagicSpec.cell("exec")
                .help("runs the cell on a node")
                .argument(node)
                .body("a script")
                .build();
        registry.register(new CellMagic() {
            @Override
            public MagicSpec spec() {
                return spec;
            }

            @Override
            public Object run(MagicArguments arguments, String body, MagicContext context) {
                return arguments.get(node) + " runs " + body;
            }
        });
        assertThat(spec.usage()).isEqualTo("%%exec NODE");
        assertThat(registry.findCell("exec").orElseThrow().run("n1", "ls\npwd", context()))
                .isEqualTo("n1 runs ls\npwd");
        assertThatThrownBy(() -> registry.findCell("exec").orElseThrow().run("", "ls", context()))
                .hasMessage("%%exec: missing NODE (a node)\nusage: %%exec NODE");
        assertThat(registry.find("exec")).isEmpty();
        assertThat(registry.unknown("exec")).startsWith("unknown magic %exec;");
        assertThat(registry.unknownCell("exc"))
                .isEqualTo("unknown cell magic %%exc; Did you mean: exec? the cell magics are %%exec, %%html,"
                        + " %%markdown, %%time");
        assertThatThrownBy(() -> registry.register(spec, (args, ctx) -> null))
                .hasMessageContaining("%%exec is declared as a cell magic");
        assertThatThrownBy(() -> MagicSpec.named("line").body("text").build())
                .hasMessageContaining("a line magic: it has no body");
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
