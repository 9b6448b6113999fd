package nepi.kernel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.jshell.ErrorReport;
import nepi.kernel.magic.CellMagic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.magic.Positional;
import nepi.kernel.magic.ValueKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Cell magics ({@code %%name}), {@code %time}, {@code %%time}, {@code %%html}, {@code %%markdown} and {@code %run}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CellMagicsTest {

    private static final Positional<String> WORD = Positional.required("WORD", ValueKind.TEXT, "a word");

    private InProcessSession nb;

    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        nb = InProcessSession.with();
        // What an extension does: a cell magic that echoes its argument and its body, reversed.
        nb.session().magics().register(new CellMagic() {
            final MagicSpec spec = MagicSpec.cell("shout")
                    .help("shouts the cell")
                    .argument(WORD)
                    .body("text to shout")
                    .build();

            @Override
            public MagicSpec spec() {
                return spec;
            }

            @Override
            public Object run(MagicArguments arguments, String body, MagicContext context) {
                context.out().print(arguments.get(WORD) + ":" + body.toUpperCase());
                return "line " + (context.origin().firstLine() + 1) + " of "
                        + context.origin().label();
            }
        });
    }

    @AfterAll
    void stop() {
        nb.close();
    }

    @Test
    void aCellMagicGetsItsArgumentsAndTheRestOfTheCell() {
        InProcessSession.Cell cell = nb.ok("\n%%shout hey\nint x = 1;\n%deploy");
        assertThat(cell.stdout()).isEqualTo("hey:INT X = 1;\n%DEPLOY");
        assertThat(cell.lastShown().plainText()).startsWith("line 3 of Cell In[");
    }

    @Test
    void aCellMagicsBadArgumentsGetItsUsage() {
        assertThat(nb.error("%%shout\nbody", "UsageError").value())
                .isEqualTo("%%shout: missing WORD (a word)\nusage: %%shout WORD");
        assertThat(nb.error("%%shout a b\nbody", "UsageError").value()).contains("too many arguments: b");
    }

    @Test
    void anUnknownCellMagicListsTheCellMagics() {
        assertThat(nb.error("%%tiem\n1 + 1", "UsageError").value())
                .isEqualTo("unknown cell magic %%tiem; Did you mean: time? the cell magics are %%html, %%markdown,"
                        + " %%shout, %%time");
        assertThat(nb.error("%%lsmagic", "UsageError").value())
                .startsWith("%lsmagic is a line magic: write %lsmagic (one %)");
        assertThat(nb.error("%%\nx", "UsageError").value()).startsWith("%% needs a cell magic's name; the cell magics");
    }

    @Test
    void aCellMagicLineThatIsNotFirstIsRefusedAndNothingRuns() {
        ErrorReport error = nb.error("int notRun = 1;\n%%time\n1 + 1", "UsageError");
        assertThat(error.value())
                .startsWith("%%time is on line 2 of Cell In[")
                .endsWith("a cell magic must be the first line of the cell, and takes the rest of the cell");
        nb.error("notRun", "CompileError");
    }

    @Test
    void lsmagicListsLineAndCellMagicsApart() {
        InProcessSession.Cell cell = nb.ok("%lsmagic");
        assertThat(cell.shown()).hasSize(2);
        String lines = cell.shown().get(0).bundle().plainText();
        String cells = cell.shown().get(1).bundle().plainText();
        assertThat(lines).contains("Line magics").contains("%time STATEMENT").contains("%run FILE");
        assertThat(lines).doesNotContain("%%");
        assertThat(cells)
                .contains("Cell magics")
                .contains("%%time")
                .contains("%%html")
                .contains("%%shout WORD");
    }

    @Test
    void completionAndInspectionKnowCellMagics() {
        assertThat(nb.session().complete("%%ti", 4).matches()).containsExactly("%%time");
        assertThat(nb.session().complete("\n%%", 3).matches()).contains("%%html", "%%markdown", "%%time");
        assertThat(nb.session().inspect("%%shout x\nbody", 3, 0))
                .hasValueSatisfying(help -> assertThat(help.plainText())
                        .isEqualTo("%%shout WORD\nshouts the cell\n  WORD  a word\n"
                                + "  BODY  the rest of the cell: text to shout"));
        assertThat(nb.session().isComplete("%%html\n<p>")).isEqualTo(nepi.kernel.jshell.CodeCompleteness.COMPLETE);
    }

    // --- %%time and %time ----------------------------------------------------------------------------

    @Test
    void cellTimeRunsTheCellAsAnyCellAndPrintsItsTimes() {
        InProcessSession.Cell cell = nb.ok("%%time\nint timed = 20;\nint twice(int x) { return 2 * x; }\n"
                + "System.out.println(\"body\");\nlong spin = 0; for (int i = 0; i < 2_000_000; i++) { spin += i; }\n"
                + "twice(timed) + 2");
        assertThat(cell.result()).isEqualTo("42");
        assertThat(cell.stdout())
                .startsWith("body\n")
                .containsPattern(
                        "CPU times: user [0-9.]+ (ns|µs|ms|s), sys [0-9.]+ (ns|µs|ms|s), total [0-9.]+ (µs|ms|s)\n")
                .containsPattern("Process CPU time: [0-9.]+ (µs|ms|s)\n")
                .containsPattern("Wall time: [0-9.]+ (µs|ms|s)\n$");
        // Declarations in the body are the session's.
        assertThat(nb.run("twice(timed)").result()).isEqualTo("40");
    }

    @Test
    void cellTimeMeasuresTheWallTimeOfASleepAndLittleCpu() {
        InProcessSession.Cell cell = nb.ok("%%time\nThread.sleep(300);");
        String wall = cell.stdout().replaceAll("(?s).*Wall time: ([0-9.]+ (ms|s))\n", "$1");
        double seconds = wall.endsWith(" ms")
                ? Double.parseDouble(wall.replace(" ms", "")) / 1000
                : Double.parseDouble(wall.replace(" s", ""));
        assertThat(seconds).isBetween(0.29, 5.0);
    }

    @Test
    void cellTimeErrorsPointAtTheCellsLinesAndComeAfterTheTimes() {
        ErrorReport compile = nb.error("%%time\nint fine = 1;\nint broken = ;", "CompileError");
        assertThat(String.join("\n", compile.traceback()))
                .contains(", line 3: ")
                .contains("int broken = ;");
        nb.ok("fine");
        ErrorReport thrown = nb.error("%%time\n\nthrow new IllegalStateException(\"late\");", "IllegalStateException");
        assertThat(thrown.value()).isEqualTo("late");
        assertThat(String.join("\n", thrown.traceback())).contains("line 3");
    }

    @Test
    void cellTimeTimesLineMagicsToo() {
        InProcessSession.Cell cell = nb.ok("%%time\n%%html\n<b>x</b>");
        assertThat(cell.lastShown().data()).containsEntry("text/html", "<b>x</b>");
        assertThat(cell.stdout()).contains("Wall time: ");
    }

    @Test
    void lineTimeRunsTheRestOfTheLine() {
        InProcessSession.Cell cell = nb.ok("int base = 40;\n%time base + 2");
        assertThat(cell.result()).isEqualTo("42");
        assertThat(cell.stdout()).contains("CPU times: user ").contains("Wall time: ");
        nb.ok("%time String made = \"here\";");
        assertThat(nb.run("made").result()).isEqualTo("here");
        ErrorReport error = nb.error("int ok = 1;\n\n%time int bad = ;", "CompileError");
        assertThat(String.join("\n", error.traceback())).contains(", line 3: ");
        assertThat(nb.error("%time", "UsageError").value()).startsWith("%time: missing STATEMENT");
    }

    // --- %%html and %%markdown ------------------------------------------------------------------------

    @Test
    void htmlAndMarkdownShowTheCellsText() {
        MimeBundle html = nb.ok("%%html\n<h3>Results</h3>\n<p>ok</p>").lastShown();
        assertThat(html.data()).containsEntry("text/html", "<h3>Results</h3>\n<p>ok</p>");
        assertThat(html.plainText()).isEqualTo("<h3>Results</h3>\n<p>ok</p>");
        MimeBundle markdown = nb.ok("%%markdown\n# Title\n*%deploy* is not run").lastShown();
        assertThat(markdown.data()).containsEntry("text/markdown", "# Title\n*%deploy* is not run");
        assertThat(nb.error("%%markdown\n  \n", "UsageError").value())
                .isEqualTo("%%markdown: the cell has nothing to show: write the Markdown text on the lines after"
                        + " %%markdown");
        assertThat(nb.error("%%html <b>x</b>", "UsageError").value())
                .startsWith("%%html: too many arguments: <b>x</b>");
    }

    // --- %run ----------------------------------------------------------------------------------------

    @Test
    void runRunsAFilesSnippetsInTheSession() throws Exception {
        Path file = dir.resolve("setup.jsh");
        Files.writeString(
                file,
                "import java.util.stream.*;\nint fromFile = 6;\nint times(int a, int b) { return a * b; }\n"
                        + "System.out.println(\"ran\");\ntimes(fromFile, 7)\n");
        InProcessSession.Cell cell = nb.ok("%run " + file);
        assertThat(cell.stdout()).isEqualTo("ran\n");
        assertThat(cell.result()).isEqualTo("42");
        assertThat(nb.run("IntStream.of(times(fromFile, 2)).sum()").result()).isEqualTo("12");
    }

    @Test
    void runDeclaresAJavaFilesClassesWithoutItsPackage() throws Exception {
        Path source = dir.resolve("Greeter.java");
        Files.writeString(
                source,
                "package demo.greet;\n\nimport java.util.List;\n\npublic class Greeter {\n"
                        + "    public static String greet(List<String> names) { return \"hi \" + names; }\n"
                        + "    public static void main(String[] args) { System.out.println(\"main ran\"); }\n}\n");
        InProcessSession.Cell cell = nb.ok("%run " + source);
        assertThat(cell.stdout()).isEmpty();
        assertThat(nb.run("Greeter.greet(List.of(\"Ada\"))").result()).isEqualTo("hi [Ada]");
        Files.writeString(source, "package demo;\nclass Broken {\n  int x = \"no\";\n}\n");
        assertThat(String.join("\n", nb.error("%run " + source, "CompileError").traceback()))
                .contains(source + ", line 3: ");
    }

    @Test
    void runErrorsNameTheFileAndItsLine() throws Exception {
        Path broken = dir.resolve("broken.jsh");
        Files.writeString(broken, "int one = 1;\n\nString s = one;\n");
        ErrorReport compile = nb.error("%run " + broken, "CompileError");
        assertThat(String.join("\n", compile.traceback())).contains(broken + ", line 3: ");
        Path throwing = dir.resolve("Throwing.java");
        Files.writeString(throwing, "void fail() {\n  throw new IllegalArgumentException(\"bad\");\n}\nfail();\n");
        ErrorReport thrown = nb.error("%run " + throwing, "IllegalArgumentException");
        assertThat(String.join("\n", thrown.traceback()))
                .contains(throwing.toString())
                .contains("line 2");
    }

    @Test
    void runRefusesMissingAndWrongFiles() throws Exception {
        assertThat(nb.error("%run " + dir.resolve("missing.jsh"), "UsageError").value())
                .isEqualTo("%run: there is no file " + dir.resolve("missing.jsh"));
        assertThat(nb.error("%run nowhere/missing.jsh", "UsageError").value())
                .isEqualTo("%run: there is no file nowhere/missing.jsh (looked for "
                        + Path.of("nowhere/missing.jsh").toAbsolutePath() + ")");
        assertThat(nb.error("%run exp.json", "UsageError").value())
                .isEqualTo("%run: exp.json is not a .jsh or .java file (%load loads an experiment description)");
        assertThat(nb.error("%run", "UsageError").value()).startsWith("%run: missing FILE");
        Path self = dir.resolve("self.jsh");
        Files.writeString(self, "%run " + self + "\n");
        assertThat(nb.error("%run " + self, "UsageError").value())
                .isEqualTo("%run: " + self + " runs itself with %run: stopped before it loops forever");
    }
}
