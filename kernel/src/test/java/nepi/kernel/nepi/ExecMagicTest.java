package nepi.kernel.nepi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nepi.core.resource.ResourceFactory;
import nepi.kernel.jshell.ErrorReport;
import nepi.kernel.session.InProcessSession;
import nepi.kernel.session.InProcessSession.Cell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code %exec} and {@code ec.exec} in a session, in-process, on a linux::Node of this machine: real commands,
 * output streamed into the cell, exit codes, time-outs, interrupts that end the command, and bad input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecMagicTest {

    private final AtomicInteger experiments = new AtomicInteger();

    @TempDir
    Path home;

    private String previousLocalDir;
    private InProcessSession nb;

    @BeforeAll
    void start(@TempDir Path runs) {
        previousLocalDir = System.setProperty("nepi.localDir", runs.toString());
        ResourceFactory.types();
        nb = InProcessSession.with(new NepiExtension());
    }

    @AfterAll
    void stop() {
        nb.close();
        if (previousLocalDir == null) {
            System.clearProperty("nepi.localDir");
        } else {
            System.setProperty("nepi.localDir", previousLocalDir);
        }
    }

    @BeforeEach
    void newExperiment() {
        nb.ok("%new exec-" + experiments.incrementAndGet());
        nb.ok("int node = ec.registerResource(\"linux::Node\", Map.of(\"hostname\", \"localhost\", \"home\", \"" + home
                + "\"));");
        nb.ok("int app = ec.registerResource(\"linux::Application\", Map.of(\"command\", \"true\"));");
        nb.ok("ec.registerConnection(node, app);");
    }

    private void deployNode() {
        nb.ok("%deploy node");
    }

    @Test
    void execShowsTheOutputAndErrorOfTheCommandOnTheNode() {
        deployNode();
        Cell cell = nb.ok("%exec node echo out; echo err >&2");
        assertThat(cell.stdout()).isEqualTo("out\n");
        assertThat(cell.stderr()).isEqualTo("err\n");
    }

    @Test
    void theCommandIsTheRestOfTheLineAsTyped() {
        deployNode();
        assertThat(nb.ok("%exec node printf '%s|\\n' \"a  b\" 'c' | tr a-z A-Z").stdout())
                .isEqualTo("A  B|\nC|\n");
        assertThat(nb.ok("%exec 1 echo --timeout is for echo here").stdout())
                .as("a guid for the node; words after the command's first are the command's")
                .isEqualTo("--timeout is for echo here\n");
    }

    @Test
    void aNonZeroExitCodeFailsTheCellNamingIt() {
        deployNode();
        ErrorReport error = nb.error("%exec node echo before; exit 3", "ExitCodeException");
        assertThat(error.value()).isEqualTo("%exec: 'echo before; exit 3' exited with code 3 on linux::Node #1");
        assertThat(nb.run("%exec node echo before; exit 3").stdout()).isEqualTo("before\n");
    }

    @Test
    void theTimeOutEndsTheCommandAndSaysTheLimit() {
        deployNode();
        long start = System.nanoTime();
        ErrorReport error = nb.error("%exec --timeout 500ms node sleep 30", "ExecTimeoutException");
        assertThat(error.value())
                .isEqualTo("%exec: 'sleep 30' on linux::Node #1 did not end within 500 ms (the time-out) and was"
                        + " killed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(nb.error("%exec node --timeout=1 sleep 30", "ExecTimeoutException")
                        .value())
                .as("the option may follow the node")
                .contains("within 1 s");
    }

    @Test
    void anInterruptEndsTheCommandOnTheNode() throws Exception {
        deployNode();
        CompletableFuture<Cell> cell =
                CompletableFuture.supplyAsync(() -> nb.run("%exec node sleep 300 & echo \"pids $$ $!\"; wait"));
        Pattern pids = Pattern.compile("pids (\\d+) (\\d+)");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> pids.matcher(nb.frontend().stdout()).find());
        Matcher m = pids.matcher(nb.frontend().stdout());
        assertThat(m.find()).isTrue();
        int shell = Integer.parseInt(m.group(1));
        int sleep = Integer.parseInt(m.group(2));
        assertThat(live(sleep)).isTrue();

        nb.session().interrupt();
        Cell interrupted = cell.get(30, TimeUnit.SECONDS);
        assertThat(interrupted.outcome().error()).map(ErrorReport::name).contains("Interrupted");
        await().atMost(Duration.ofSeconds(10)).until(() -> !live(sleep) && !live(shell));
        assertThat(nb.run("40 + 2").result()).isEqualTo("42");
    }

    @Test
    void execCellRunsTheCellAsAScriptOnTheNode() {
        deployNode();
        Cell cell = nb.ok("%%exec node\nx=6\necho \"$((x * 7))\"\necho warn >&2\n");
        assertThat(cell.stdout()).isEqualTo("42\n");
        assertThat(cell.stderr()).isEqualTo("warn\n");
        assertThat(nb.error("%%exec node\necho a\nexit 3", "ExitCodeException").value())
                .isEqualTo("%%exec: 'echo a ...' exited with code 3 on linux::Node #1");
        assertThat(nb.error("%%exec node --timeout 300ms\nsleep 30\n", "ExecTimeoutException")
                        .value())
                .contains("did not end within 300 ms (the time-out) and was killed");
        assertThat(nb.error("%%exec node\n  \n", "UsageError").value())
                .startsWith("%%exec: the cell has no script below its first line");
        assertThat(nb.error("%%exec app\ntrue", "UsageError").value()).contains("is not a node");
    }

    @Test
    void execFromJavaGivesTheResultAndTakesOptions() {
        deployNode();
        assertThat(nb.run("ec.exec(node, \"echo hi; exit 4\").exitCode()").result())
                .isEqualTo("4");
        assertThat(nb.run("ec.exec(node, \"echo hi\").stdout()").result()).isEqualTo("hi\n");
        nb.ok("List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();");
        nb.ok("ec.exec(node, \"echo a; echo b\", ExecOptions.defaults().onStdout(lines::add)).orThrow();");
        assertThat(nb.run("lines").result()).isEqualTo("[a, b]");
        ErrorReport failed = nb.error("ec.exec(node, \"exit 5\").orThrow();", "ExitCodeException");
        assertThat(failed.value()).isEqualTo("'exit 5' exited with code 5 on linux::Node #1");
        assertThat(String.join("\n", failed.traceback()).lines()).as("brief").hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void badInputGetsShortMessages() {
        assertThat(nb.error("%exec node echo hi", "IllegalStateException").value())
                .isEqualTo("%exec: linux::Node #1 is NEW: commands run on a node once it is deployed (PROVISIONED or"
                        + " later); deploy it first (ec.deploy() or %deploy)");
        assertThat(nb.error("%exec 99 echo hi", "UsageError").value())
                .isEqualTo("%exec: no RM has guid 99; the experiment has 2 RMs, guids [1, 2]");
        assertThat(nb.error("%exec nosuch echo hi", "UsageError").value()).contains("there is no variable 'nosuch'");
        assertThat(nb.error("%exec app echo hi", "UsageError").value())
                .startsWith("%exec: linux::Application #2 is not a node: commands run on RMs of type ")
                .contains("linux::Node")
                .contains("netns::Node");
        assertThat(nb.error("%exec", "UsageError").value())
                .startsWith("%exec: missing NODE")
                .contains("usage: %exec");
        assertThat(nb.error("%exec node", "UsageError").value()).startsWith("%exec: missing COMMAND...");
        assertThat(nb.error("%exec --timeout soon node true", "UsageError").value())
                .contains("--timeout takes a duration above 0");
        assertThat(nb.error("%exec --timeout node true", "UsageError").value())
                .as("a node is no duration")
                .contains("--timeout takes a duration above 0");
        assertThat(nb.error("%exec --bogus node true", "UsageError").value())
                .contains("unknown option --bogus (options go before the command; %exec has --timeout)");
        assertThat(nb.error("ec.exec(node, \"true\")", "IllegalStateException").value())
                .contains("is NEW");
    }

    /** Whether {@code pid} runs (a zombie has ended). */
    private static boolean live(int pid) throws Exception {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
