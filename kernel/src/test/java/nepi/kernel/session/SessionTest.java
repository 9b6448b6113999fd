package nepi.kernel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import nepi.kernel.jshell.CodeCompleteness;
import nepi.kernel.jshell.Completion;
import nepi.kernel.jshell.ErrorReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A session without any extension: plain Java, driven in-process (one session for the class). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionTest {

    private InProcessSession nb;

    @BeforeAll
    void start() {
        nb = InProcessSession.with();
    }

    @AfterAll
    void stop() {
        nb.close();
    }

    @Test
    void cellsShareStateAndTheTrailingExpressionIsTheResult() {
        nb.ok("int answer = 41;");
        assertThat(nb.run("answer + 1").result()).isEqualTo("42");
        assertThat(nb.ok("int unused = 1;").outcome().result()).isEmpty();
    }

    @Test
    void printedTextReachesTheFrontendBeforeTheCellEnds() {
        InProcessSession.Cell cell = nb.ok("System.out.println(\"hello\"); System.err.print(\"careful\");");
        assertThat(cell.stdout()).isEqualTo("hello\n");
        assertThat(cell.stderr()).isEqualTo("careful");
    }

    @Test
    void compileErrorsAreReportedAsCompileErrors() {
        assertThat(nb.error("int broken = ;", "CompileError").traceback()).isNotEmpty();
    }

    @Test
    void exceptionsAreReportedWithoutTheKernelsFrames() {
        ErrorReport error = nb.error("throw new IllegalStateException(\"boom\");", "IllegalStateException");
        assertThat(error.value()).isEqualTo("boom");
        assertThat(String.join("\n", error.traceback()))
                .doesNotContain("nepi.kernel.")
                .doesNotContain("jdk.jshell.");
    }

    @Test
    void aMethodOrVariableDefinedAgainReplacesTheOldOne() {
        nb.ok("int twice(int x) { return 2 * x; }");
        nb.ok("int twice(int x) { return x + x + 1; }");
        assertThat(nb.run("twice(2)").result()).isEqualTo("5");
        nb.ok("int value = 1;");
        nb.ok("String value = \"text\";");
        assertThat(nb.run("value.length()").result()).isEqualTo("4");
    }

    @Test
    void interruptStopsALoopingCellAndTheSessionGoesOn() throws Exception {
        CompletableFuture<ExecuteOutcome> running = CompletableFuture.supplyAsync(
                () -> nb.session().execute("long spins = 0; while (true) { spins++; }", 0, false));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!running.isDone() && System.nanoTime() < deadline) {
            nb.session().interrupt();
            Thread.sleep(100);
        }
        ExecuteOutcome outcome = running.get(1, TimeUnit.SECONDS);
        assertThat(outcome.error()).map(ErrorReport::name).contains("Interrupted");
        assertThat(nb.run("1 + 1").result()).isEqualTo("2");
    }

    @Test
    void anInterruptWhileTheFirstCellWaitsForJShellStopsThatCell() throws Exception {
        try (InProcessSession fresh = InProcessSession.with()) {
            CompletableFuture<ExecuteOutcome> waiting =
                    CompletableFuture.supplyAsync(() -> fresh.session().execute("Thread.sleep(600_000);", 1, true));
            Thread.sleep(50);
            fresh.session().interrupt();
            ExecuteOutcome outcome = waiting.get(60, TimeUnit.SECONDS);
            assertThat(outcome.error()).map(ErrorReport::name).contains("Interrupted");
            assertThat(fresh.run("1 + 1").result()).isEqualTo("2");
        }
    }

    @Test
    void isCompleteTellsWhetherACellNeedsMoreLines() {
        assertThat(nb.session().isComplete("for (int i = 0; i < 3; i++) {")).isEqualTo(CodeCompleteness.INCOMPLETE);
        assertThat(nb.session().isComplete("int done = 1;")).isEqualTo(CodeCompleteness.COMPLETE);
        assertThat(nb.session().isComplete("%lsmagic\nint more = 2;")).isEqualTo(CodeCompleteness.COMPLETE);
    }

    @Test
    void completionOffersJavaMembersAndMagicNames() {
        Completion members = nb.session().complete("\"abc\".subs", 10);
        assertThat(members.matches()).isNotEmpty().allSatisfy(match -> assertThat(match)
                .startsWith("substring"));
        assertThat(members.cursorStart()).isEqualTo(6);
        Completion magics = nb.session().complete("%lsm", 4);
        assertThat(magics.matches()).containsExactly("%lsmagic");
        assertThat(magics.cursorStart()).isZero();
    }

    @Test
    void inspectionExplainsAMagic() {
        assertThat(nb.session().inspect("%lsmagic", 3, 0))
                .hasValueSatisfying(help ->
                        assertThat(help.plainText()).contains("%lsmagic").contains("list the available magics"));
    }

    @Test
    void withoutExtensionsThereIsNoExperimentAndOnlyTheBuiltInMagic() {
        nb.error("ec", "CompileError");
        assertThat(nb.error("%deploy", "UsageError").value())
                .isEqualTo("unknown magic %deploy; %lsmagic lists the magics");
        String listing = nb.ok("%lsmagic").text();
        assertThat(listing).contains("%lsmagic").contains("%%time").doesNotContain("%deploy");
    }

    @Test
    void displayUpdateAndClearOutputReachTheFrontend() {
        InProcessSession.Cell cell = nb.ok(
                """
                display("first");
                var progress = display("1/2", "progress");
                progress.update("2/2");
                clearOutput();
                """);
        assertThat(cell.shown()).hasSize(3);
        assertThat(cell.shown().get(0).bundle().plainText()).isEqualTo("first");
        assertThat(cell.shown().get(1).displayId()).isEqualTo("progress");
        assertThat(cell.shown().get(2))
                .isEqualTo(new RecordingFrontend.Shown(cell.shown().get(2).bundle(), "progress", true));
        assertThat(cell.shown().get(2).bundle().plainText()).isEqualTo("2/2");
        assertThat(cell.clears()).isEqualTo(1);
    }

    @Test
    void cellsReadStandardInputFromTheFrontend() {
        nb.frontend().answer("Ada");
        InProcessSession.Cell cell = nb.run("new java.util.Scanner(System.in).nextLine()");
        assertThat(cell.result()).contains("Ada");
        assertThat(nb.error("new java.util.Scanner(System.in).nextLine()", "IllegalStateException")
                        .value())
                .contains("System.in is not available");
    }

    @Test
    void storedCellsAreInTheHistory() {
        nb.ok("int remembered = 7;");
        List<History.Entry> last = nb.session().history().tail(1);
        assertThat(last).extracting(History.Entry::input).containsExactly("int remembered = 7;");
    }
}
