package nepi.kernel.jshell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    private static Evaluator evaluator;
    private final List<String> notes = new ArrayList<>();

    @BeforeAll
    static void startJShell() {
        evaluator = new Evaluator(new PrintStream(OutputStream.nullOutputStream()));
    }

    @AfterAll
    static void stopJShell() {
        evaluator.close();
    }

    @BeforeEach
    void beginCell() {
        CellGuard.beginCell();
    }

    @AfterEach
    void endCell() {
        CellGuard.endCell();
    }

    private CellResult run(String code) {
        return evaluator.evaluate(code, "Cell In[1]", 0, notes::add);
    }

    private ErrorReport error(String code) {
        CellResult result = run(code);
        assertThat(result).isInstanceOf(CellResult.Failure.class);
        return ((CellResult.Failure) result).error();
    }

    @Test
    void theTrailingExpressionGivesTheRealObject() {
        CellResult result = run("StringBuilder sb = new StringBuilder(\"ne\");\nsb.append(\"pi\");\nsb");
        assertThat(result).isInstanceOfSatisfying(CellResult.Success.class, success -> {
            assertThat(success.hasValue()).isTrue();
            assertThat(success.value()).isInstanceOf(StringBuilder.class).hasToString("nepi");
        });
    }

    @Test
    void declarationsAndStatementsShowNoValue() {
        assertThat(run("int declared = 5;")).isEqualTo(CellResult.Success.NO_VALUE);
        assertThat(run("void nothing() { }\nnothing();")).isEqualTo(CellResult.Success.NO_VALUE);
        assertThat(((CellResult.Success) run("declared")).value()).isEqualTo(5);
    }

    @Test
    void classesMethodsAndRedefinitionsWork() {
        run("class Counter { int n; int next() { return ++n; } }");
        run("int twice(int x) { return x + x; }");
        run("int twice(int x) { return x * 2 + 1; }");
        CellResult result = run("Counter c = new Counter();\nc.next();\ntwice(c.next())");
        assertThat(((CellResult.Success) result).value()).isEqualTo(5);
    }

    @Test
    void aCompileErrorPointsAtItsLineWithACaret() {
        ErrorReport report = error("int ok = 1;\nint bad = \"text\";\nint never = 2;");
        assertThat(report.name()).isEqualTo("CompileError");
        assertThat(report.value()).contains("incompatible types");
        String text = report.traceback().get(0);
        assertThat(text).contains("line 2").contains("int bad = \"text\";");
        String caretLine = text.lines().filter(l -> l.contains("^")).findFirst().orElseThrow();
        String codeLine =
                text.lines().filter(l -> l.contains("int bad")).findFirst().orElseThrow();
        assertThat(caretLine.indexOf('^') - "\u001b[31m".length()).isEqualTo(codeLine.indexOf('"'));
    }

    @Test
    void theFramesOfAClassDeclaredInACellPointAtTheCellsLinesAfterBlankLinesToo() {
        ErrorReport report = error("\n\nclass Thrower {\n    static void now() {\n"
                + "        throw new IllegalStateException(\"from a class\");\n    }\n}\nThrower.now();");
        assertThat(report.traceback().get(0))
                .contains("at Thrower.now (Cell In[1], line 5)")
                .contains("at (Cell In[1], line 8)");
    }

    @Test
    void aRuntimeErrorShowsCellFramesAndNoKernelFrames() {
        ErrorReport report = error("void explode() { throw new IllegalStateException(\"boom\"); }\n\nexplode();");
        assertThat(report.name()).isEqualTo("IllegalStateException");
        assertThat(report.value()).isEqualTo("boom");
        String text = report.traceback().get(0);
        assertThat(text).contains("explode (Cell In[1], line 1)").contains("(Cell In[1], line 3)");
        assertThat(text)
                .doesNotContain("jdk.jshell")
                .doesNotContain("nepi.kernel")
                .doesNotContain("java.lang.reflect")
                .doesNotContain("REPL.");
    }

    @Test
    void theRestOfACellIsSkippedAfterAnError() {
        error("int before = 1;\nInteger.parseInt(\"x\");\nint after = 2;");
        assertThat(evaluator.variableNames()).contains("before").doesNotContain("after");
    }

    @Test
    void anInterruptStopsABusyLoop() throws Exception {
        // The stop comes once the loop runs (it says so through a system property), not while the cell compiles,
        // which takes long on a loaded machine.
        System.clearProperty("nepi.test.busy");
        Thread stopper = new Thread(() -> {
            while (System.getProperty("nepi.test.busy") == null) {
                Thread.onSpinWait();
            }
            CellGuard.requestStop();
        });
        stopper.setDaemon(true);
        stopper.start();
        ErrorReport report = error(
                "long n = 0;\nwhile (n >= 0) { System.setProperty(\"nepi.test.busy\", \"yes\"); n = n + 1 - 1; }");
        stopper.join(10_000);
        assertThat(report.name()).isEqualTo("Interrupted");
        assertThat(report.traceback().get(0)).contains("line 2");
    }

    @Test
    void consecutivePlainStatementsCompileAsOneSnippet() {
        long before = evaluator.snippetCount();
        CellResult result = run("int q = 0;\nq += 1;\nq += 2;\n\n// a comment\nq += 3;\nq");
        assertThat(((CellResult.Success) result).value()).isEqualTo(6);
        // The declaration, and one block for the three statements and the trailing expression.
        assertThat(evaluator.snippetCount() - before).isEqualTo(2);
    }

    @Test
    void aTrailingExpressionInARunShowsItsValueAndAVoidCallOrAnAssignmentShowsNone() {
        run("int g = 0;\nStringBuilder gs = new StringBuilder();");
        CellResult appended = run("g += 1;\ngs.append(g);\ngs.append(\"!\")");
        assertThat(appended).isInstanceOfSatisfying(CellResult.Success.class, success -> {
            assertThat(success.hasValue()).isTrue();
            assertThat(success.value()).isSameAs(evaluator.valueOf("gs").orElseThrow());
        });
        assertThat(run("g += 1;\ngs.setLength(0);\ngs.trimToSize()")).isEqualTo(CellResult.Success.NO_VALUE);
        assertThat(run("g += 1;\ng += 1;\ng = 7")).isEqualTo(CellResult.Success.NO_VALUE);
        assertThat(((CellResult.Success) run("g += 1;\ng += 1")).value()).isEqualTo(9);
        assertThat(((CellResult.Success) run("g += 1;\ngs = null;\ngs")).hasValue())
                .isTrue();
        assertThat(run("g += 1;\nThread.sleep(1)")).isEqualTo(CellResult.Success.NO_VALUE);
    }

    @Test
    void anExceptionInATrailingExpressionOfARunNamesItsCellLineAndNoKernelFrames() {
        ErrorReport report = error("int h = 0;\nh += 1;\nh += 1;\n\nh + Integer.parseInt(\"x\" + h)");
        assertThat(report.name()).isEqualTo("NumberFormatException");
        String text = report.traceback().get(0);
        assertThat(text).contains("(Cell In[1], line 5)");
        assertThat(text.lines().filter(line -> line.contains("Cell In[1]"))).hasSize(1);
        assertThat(text).doesNotContain("nepi.kernel").doesNotContain("lambda").doesNotContain("REPL.");
        assertThat(evaluator.valueOf("h")).contains(2);
    }

    @Test
    void aTrailingExpressionThatDoesNotCompileInARunGivesJShellsOwnError() {
        ErrorReport report = error("int f = 0;\nf += 1;\nf.length()");
        assertThat(report.name()).isEqualTo("CompileError");
        assertThat(report.traceback().get(0)).contains("line 3").contains("int cannot be dereferenced");
        assertThat(evaluator.valueOf("f")).contains(1);
    }

    @Test
    void mergedStatementsSeeEarlierDeclarationsAndLaterDeclarationsAndCellsSeeTheirEffects() {
        run("int m = 1;\nm += 1;\nm *= 3;\nint k = m;\nk++;\nk--;\nint unused = 0;");
        assertThat(((CellResult.Success) run("k")).value()).isEqualTo(6);
        assertThat(evaluator.variableNames()).contains("m", "k", "unused");
    }

    @Test
    void aVariableRedefinedBetweenMergedRunsTakesItsNewType() {
        CellResult result =
                run("int r = 1;\nr += 1;\nr += 1;\nString r = \"now text\";\nr = r + \"!\";\nr += \"?\";\nr");
        assertThat(((CellResult.Success) result).value()).isEqualTo("now text!?");
    }

    @Test
    void aCompileErrorInTheMiddleOfARunPointsAtItsLineAndTheStatementsBeforeItRun() {
        ErrorReport report = error("int e = 0;\ne += 1;\ne += 1;\ne = \"text\";\ne += 2;\ne");
        assertThat(report.name()).isEqualTo("CompileError");
        String text = report.traceback().get(0);
        assertThat(text).contains("line 4").contains("e = \"text\";").doesNotContain("line 1");
        String caretLine = text.lines().filter(l -> l.contains("^")).findFirst().orElseThrow();
        String codeLine =
                text.lines().filter(l -> l.contains("e = \"")).findFirst().orElseThrow();
        assertThat(caretLine.indexOf('^') - "\u001b[31m".length()).isEqualTo(codeLine.indexOf('"'));
        assertThat(evaluator.valueOf("e")).contains(2);
    }

    @Test
    void anExceptionInTheMiddleOfARunNamesItsCellLineAndStopsTheRun() {
        ErrorReport report = error("int t = 0;\nt += 1;\n\nt += Integer.parseInt(\"x\");\nt += 5;\nt");
        assertThat(report.name()).isEqualTo("NumberFormatException");
        assertThat(report.traceback().get(0)).contains("(Cell In[1], line 4)");
        assertThat(evaluator.valueOf("t")).contains(1);
    }

    @Test
    void aRunThatDoesNotCompileAsABlockRunsOneStatementAtATime() {
        // After a throw, the next statement of a block is unreachable: javac refuses the block, JShell each alone.
        ErrorReport report = error("int u = 0;\nu += 1;\nthrow new IllegalStateException(\"stop\");\nu += 1;\nu");
        assertThat(report.name()).isEqualTo("IllegalStateException");
        assertThat(report.traceback().get(0)).contains("(Cell In[1], line 3)");
        assertThat(evaluator.valueOf("u")).contains(1);
    }

    @Test
    void mergedStatementsPrintInOrderAndTheTrailingExpressionShowsItsValue() {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        CellResult result;
        try {
            result = run(
                    "int p = 1;\nSystem.out.println(\"one \" + p);\np++;\n"
                            + "for (int i = 0; i < 2; i++) System.out.println(\"loop \" + i);\nSystem.out.println(\"two \" + p);\np * 10");
        } finally {
            System.setOut(original);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("one 1\nloop 0\nloop 1\ntwo 2\n");
        assertThat(((CellResult.Success) result).value()).isEqualTo(20);
    }

    @Test
    void anInterruptStopsABusyLoopInsideAMergedRun() throws Exception {
        // The stop comes once the block runs (it says so through a system property), not while it compiles, which
        // takes long on a loaded machine.
        System.clearProperty("nepi.test.looping");
        Thread stopper = new Thread(() -> {
            while (System.getProperty("nepi.test.looping") == null) {
                Thread.onSpinWait();
            }
            CellGuard.requestStop();
        });
        stopper.setDaemon(true);
        stopper.start();
        ErrorReport report = error("long w = 0;\nw += 1;\nSystem.setProperty(\"nepi.test.looping\", \"yes\");\n"
                + "while (w > 0) { w = w + 1 - 1; }\nw += 1;\nw");
        stopper.join(10_000);
        assertThat(report.name()).isEqualTo("Interrupted");
        assertThat(report.traceback().get(0)).contains("line 4");
        assertThat(evaluator.valueOf("w")).contains(1L);
    }

    @Test
    void aSnippetLongerThanTheAnalysedWindowStaysWhole() {
        // The if's block ends on line 8, where the first window of lines ends; its else comes after.
        String code = "int n = 0;\nif (n > 100) {\n" + "    n += 0;\n".repeat(5) + "}\nelse {\n    n += 100;\n}\n"
                + "class Long {\n"
                + java.util.stream.IntStream.range(0, 20)
                        .mapToObj(i -> "    int f" + i + "() { return " + i + "; }\n")
                        .collect(java.util.stream.Collectors.joining())
                + "}\nn + new Long().f1()";
        assertThat(((CellResult.Success) run(code)).value()).isEqualTo(101);
    }

    @Test
    void aLongCellRunsEveryStatementInOrder() {
        String code = "int many = 0;\n" + "many += 1;\nmany *= 2;\n".repeat(200) + "many % 1000";
        assertThat(((CellResult.Success) run(code)).value()).isEqualTo(-2);
        String small = "int few = 0;\n" + "few += 1;\nfew *= 2;\n".repeat(5) + "few";
        assertThat(((CellResult.Success) run(small)).value()).isEqualTo(62);
    }

    @Test
    void systemExitIsRefused() {
        ErrorReport report = error("System.exit(3);");
        assertThat(report.name()).isEqualTo("ExitRefused");
        assertThat(report.value()).contains("System.exit(3) refused");
    }

    @Test
    void aMethodWithAMissingDependencyIsANote() {
        assertThat(run("double area() { return PI_SQUARED * 2; }")).isInstanceOf(CellResult.Success.class);
        assertThat(notes).anySatisfy(note -> assertThat(note).contains("area").contains("PI_SQUARED"));
    }

    @Test
    void completenessOfCode() {
        assertThat(evaluator.completeness("int x = 1;\nx + 1")).isEqualTo(CodeCompleteness.COMPLETE);
        assertThat(evaluator.completeness("for (int i = 0; i < 3; i++) {")).isEqualTo(CodeCompleteness.INCOMPLETE);
        assertThat(evaluator.completeness("1 + 1)")).isEqualTo(CodeCompleteness.INVALID);
    }

    @Test
    void completesTheSnippetAtTheCursor() {
        run("int counterOfThings = 1;");
        String code = "class Later { }\nint other = 2; counterOf";
        Completion completion = evaluator.complete(code, code.length());
        assertThat(completion.matches()).contains("counterOfThings");
        assertThat(completion.cursorStart()).isEqualTo(code.lastIndexOf("counterOf"));
        assertThat(completion.cursorEnd()).isEqualTo(code.length());
    }

    @Test
    void documentsTheSymbolAtTheCursor() {
        assertThat(evaluator.documentation("Math.max", 6)).isNotEmpty().allSatisfy(doc -> assertThat(doc.signature())
                .contains("max("));
        assertThat(evaluator.documentation("Math.max(1, ", 12)).isNotEmpty();
        assertThat(evaluator.documentation("", 0)).isEmpty();
    }
}
