package nepi.kernel.magic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MagicSpecTest {

    enum Colour {
        RED,
        GREEN
    }

    static final Positional<Colour> COLOUR =
            Positional.optional("red|green", ValueKind.choice(Colour.class), "the colour");
    static final Positional<String> GUID = Positional.required("GUID", ValueKind.TEXT, "an RM");
    static final Positional<Path> FILES = Positional.repeated("files", ValueKind.PATH, "files to read");
    static final MagicOption<Integer> TAIL = MagicOption.valued("--tail", ValueKind.POSITIVE_INT, "the last N lines");
    static final MagicOption<Boolean> SIZE = MagicOption.flag("--size", "its size");
    static final MagicOption<Integer> WIDTH =
            MagicOption.valued("--width", ValueKind.POSITIVE_INT, "columns").withDefault(80);

    static final MagicSpec SPEC = MagicSpec.named("paint")
            .help("paint an RM")
            .argument(COLOUR)
            .argument(GUID)
            .argument(FILES)
            .oneOf(TAIL, SIZE)
            .option(WIDTH)
            .build();

    private static final String USAGE = "\nusage: %paint [red|green] GUID [files] [--tail N|--size] [--width N]";

    @Test
    void usageLineIsMadeFromTheDeclaration() {
        assertThat(SPEC.usage()).isEqualTo("%paint [red|green] GUID [files] [--tail N|--size] [--width N]");
        assertThat(MagicSpec.named("graph").help("x").build().usage()).isEqualTo("%graph");
    }

    @Test
    void descriptionListsArgumentsAndOptionsWithTheirHelpAndDefaults() {
        assertThat(SPEC.description())
                .isEqualTo(
                        """
                %paint [red|green] GUID [files] [--tail N|--size] [--width N]
                paint an RM
                  red|green  the colour
                  GUID       an RM
                  files      files to read
                  --tail N   the last N lines
                  --size     its size
                  --width N  columns (default 80)""");
    }

    @Test
    void parsesTypedArgumentsAndOptions() throws Exception {
        MagicArguments args = SPEC.parse(" Green  node 'my file.json' b --tail 10");
        assertThat(args.find(COLOUR)).contains(Colour.GREEN);
        assertThat(args.get(GUID)).isEqualTo("node");
        assertThat(args.all(FILES)).containsExactly(Path.of("my file.json"), Path.of("b"));
        assertThat(args.get(TAIL)).contains(10);
        assertThat(args.has(SIZE)).isFalse();
        assertThat(args.get(WIDTH)).contains(80);
        assertThat(SPEC.parse("x --width=5 --size").get(WIDTH)).contains(5);
        assertThat(SPEC.parse("x --size").has(SIZE)).isTrue();
        assertThat(SPEC.parse("\"a b\"c").get(GUID)).isEqualTo("a bc");
    }

    @Test
    void anOptionalArgumentTakesOnlyAWordOfItsKind() throws Exception {
        MagicArguments args = SPEC.parse("blue");
        assertThat(args.find(COLOUR)).isEmpty();
        assertThat(args.get(GUID)).isEqualTo("blue");
        assertThat(args.all(FILES)).isEmpty();
        assertThat(SPEC.parse("red red").find(COLOUR)).contains(Colour.RED);
    }

    @Test
    void eachBadInputIsNamedWithTheUsage() {
        assertThatThrownBy(() -> SPEC.parse(""))
                .isInstanceOf(MagicUsageException.class)
                .hasMessage("%paint: missing GUID (an RM)" + USAGE);
        assertThatThrownBy(() -> SPEC.parse("x --bogus"))
                .hasMessage("%paint: unknown option --bogus; options: --size, --tail, --width" + USAGE);
        assertThatThrownBy(() -> SPEC.parse("x --tail"))
                .hasMessage("%paint: --tail needs a value (a whole number above 0)" + USAGE);
        assertThatThrownBy(() -> SPEC.parse("x --tail=")).hasMessageStartingWith("%paint: --tail needs a value");
        assertThatThrownBy(() -> SPEC.parse("x --tail 0"))
                .hasMessage("%paint: --tail takes a whole number above 0, not '0'" + USAGE);
        assertThatThrownBy(() -> SPEC.parse("x --tail ten"))
                .hasMessage("%paint: --tail takes a whole number above 0, not 'ten'" + USAGE);
        assertThatThrownBy(() -> SPEC.parse("x --size=1")).hasMessage("%paint: --size takes no value" + USAGE);
        assertThatThrownBy(() -> SPEC.parse("x --size --size")).hasMessage("%paint: --size given twice" + USAGE);
        assertThatThrownBy(() -> SPEC.parse("x --size --tail 3"))
                .hasMessage("%paint: give at most one of --tail, --size" + USAGE);
        assertThatThrownBy(() -> SPEC.parse("x 'open")).hasMessage("%paint: a quote (') is not closed" + USAGE);
        assertThatThrownBy(() -> MagicSpec.named("graph").help("x").build().parse("now --at 3"))
                .hasMessage("%graph: unknown option --at (it has no options)\nusage: %graph");
        assertThatThrownBy(() -> MagicSpec.named("graph").help("x").build().parse("now later"))
                .hasMessage("%graph: too many arguments: now later\nusage: %graph");
    }

    @Test
    void positionalWordsToleratesALineStillBeingTyped() throws Exception {
        assertThat(SPEC.positionalWords("--tail 3 ")).isEmpty();
        assertThat(SPEC.positionalWords("red node --size ")).containsExactly("red", "node");
        assertThatThrownBy(() -> SPEC.positionalWords("--nope")).hasMessageContaining("unknown option --nope");
    }

    @Test
    void completionSeesTheOptionsAndTheFirstArgumentsWords() {
        assertThat(SPEC.optionNames()).containsExactly("--size", "--tail", "--width");
        assertThat(SPEC.words()).containsExactly("red", "green");
    }

    @Test
    void badDeclarationsAreRefused() {
        assertThatThrownBy(() -> MagicSpec.named("bad name").build()).hasMessageContaining("bad magic name");
        assertThatThrownBy(() ->
                        MagicSpec.named("m").argument(FILES).argument(GUID).build())
                .hasMessageContaining("only the last argument can be repeated, not files");
        assertThatThrownBy(() -> MagicSpec.named("m").option(SIZE).option(SIZE).build())
                .hasMessageContaining("option --size declared twice");
        assertThatThrownBy(() -> MagicOption.flag("-s", "short")).hasMessageContaining("bad option name");
        assertThatThrownBy(() -> SIZE.withDefault(true)).hasMessageContaining("is a flag");
    }

    @Test
    void pathsExpandTheHomeDirectory() throws Exception {
        MagicSpec spec = MagicSpec.named("load").help("x").argument(FILES).build();
        assertThat(spec.parse("~/a.json").all(FILES))
                .containsExactly(Path.of(System.getProperty("user.home"), "a.json"));
        assertThatThrownBy(() -> spec.parse("'bad\0path'")).hasMessageContaining("files takes a path");
    }
}
