package nepi.kernel.nepi.magic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicRegistry;
import nepi.kernel.magic.MagicSpec;
import org.junit.jupiter.api.Test;

class NepiMagicSpecsTest {

    private static Map<String, MagicSpec> specs() {
        List<Magic> magics = NepiMagics.all(null);
        return magics.stream().map(Magic::spec).collect(Collectors.toMap(MagicSpec::name, spec -> spec));
    }

    @Test
    void generatedUsageLinesAreTheDocumentedOnes() {
        Map<String, MagicSpec> specs = specs();
        Map<String, String> documented = Map.ofEntries(
                Map.entry("deploy", "%deploy [guids]"),
                Map.entry(
                        "wait",
                        "%wait [deployed|started|finished|released] [guids] [--timeout T] [--on-timeout"
                                + " stop|release|keep]"),
                Map.entry(
                        "trace",
                        "%trace GUID NAME [--tail N|--head N|--size|--path|--plot|--table] [--csv FILE] [--save FILE]"),
                Map.entry("exec", "%exec NODE COMMAND... [--timeout T]"),
                Map.entry("state", "%state [guids] [--failed]"),
                Map.entry("graph", "%graph [--live|--dot] [--save FILE]"),
                Map.entry("timeline", "%timeline [guids] [--order deploy|type] [--save FILE]"),
                Map.entry("release", "%release [guids]"),
                Map.entry("shutdown", "%shutdown"),
                Map.entry("new", "%new [expId]"),
                Map.entry("rtypes", "%rtypes [filter]"),
                Map.entry("help", "%help TYPE|GUID|%MAGIC"),
                Map.entry("save", "%save PATH"),
                Map.entry("load", "%load PATH"),
                Map.entry("runs", "%runs"),
                Map.entry("recover", "%recover"));
        assertThat(specs.keySet()).containsExactlyInAnyOrderElementsOf(documented.keySet());
        documented.forEach(
                (name, usage) -> assertThat(specs.get(name).usage()).as(name).isEqualTo(usage));
    }

    @Test
    void everyArgumentAndOptionIsExplainedInTheHelp() {
        specs().values().forEach(spec -> {
            assertThat(spec.help()).as(spec.name()).isNotBlank();
            spec.arguments()
                    .forEach(argument ->
                            assertThat(argument.help()).as(argument.name()).isNotBlank());
            spec.options()
                    .forEach(option ->
                            assertThat(option.help()).as(option.name()).isNotBlank());
        });
        assertThat(specs().get("trace").description())
                .contains("  --tail N     the last N lines")
                .contains("  --csv FILE   write its rows as CSV to FILE")
                .contains("  GUID         an RM: its guid or an int variable holding it");
        assertThat(specs().get("wait").words()).containsExactly("deployed", "started", "finished", "released");
    }

    @Test
    void helpOnAMagicShowsItsGeneratedDescription() throws Exception {
        MagicRegistry registry = MagicRegistry.withBuiltins();
        NepiMagics.all(null).forEach(registry::register);
        HelpMagic help = new HelpMagic(null);
        MagicContext withRegistry = new MagicContext() {
            @Override
            public void display(Object value) {}

            @Override
            public java.io.PrintStream out() {
                return System.out;
            }

            @Override
            public java.util.Optional<Object> valueOf(String expression) {
                return java.util.Optional.empty();
            }

            @Override
            public MagicRegistry magics() {
                return registry;
            }
        };
        assertThat(help.run(HelpMagic.SPEC.parse("%wait"), withRegistry)).isEqualTo(WaitMagic.SPEC.description());
        assertThat(WaitMagic.SPEC.description())
                .startsWith(WaitMagic.SPEC.usage() + "\n" + WaitMagic.SPEC.help())
                .contains("--timeout T");
        assertThatThrownBy(() -> help.run(HelpMagic.SPEC.parse("%wiat"), withRegistry))
                .hasMessageStartingWith("%help: unknown magic %wiat.")
                .hasMessageContaining("wait");
        assertThat(help.run(HelpMagic.SPEC.parse("%%time"), withRegistry))
                .isEqualTo(registry.findCell("time").orElseThrow().description())
                .asString()
                .startsWith("%%time\nruns the cell")
                .contains("BODY");
        assertThatThrownBy(() -> help.run(HelpMagic.SPEC.parse("%%tmie"), withRegistry))
                .hasMessage("%help: unknown cell magic %%tmie. Did you mean: time? %lsmagic lists the magics.");
        assertThatThrownBy(() -> HelpMagic.SPEC.parse(""))
                .hasMessageStartingWith("%help: missing TYPE|GUID|%MAGIC (a resource type");
    }
}
