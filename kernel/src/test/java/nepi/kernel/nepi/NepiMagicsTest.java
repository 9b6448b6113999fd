package nepi.kernel.nepi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import nepi.core.resource.ResourceFactory;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.jshell.ErrorReport;
import nepi.kernel.session.InProcessSession;
import nepi.kernel.session.InProcessSession.Cell;
import nepi.kernel.session.RecordingFrontend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each NEPI magic, in-process, against the dummy family: one session for the class (JShell starts once), a new
 * experiment in {@code ec} for each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NepiMagicsTest {

    private static final String EXPERIMENT =
            """
            int node = ec.registerResource("dummy::Node");
            int app = ec.registerResource("dummy::Application");
            ec.registerConnection(node, app);
            """;

    private final AtomicInteger experiments = new AtomicInteger();

    @TempDir
    Path localDir;

    private String previousLocalDir;
    private InProcessSession nb;

    @BeforeAll
    void start(@TempDir Path runs) {
        previousLocalDir = System.setProperty("nepi.localDir", runs.toString());
        ResourceFactory.registerType(LinesResource.class);
        ResourceFactory.registerType(FailingResource.class);
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
        nb.ok("%new magics-" + experiments.incrementAndGet());
        nb.ok(EXPERIMENT);
    }

    /** Waits up to 10 s for {@code condition}. */
    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private String finalTable(Cell cell) {
        return cell.lastShown().plainText();
    }

    @Test
    void deployShowsALiveTableThatEndsWithEveryRmDeployed() {
        Cell cell = nb.ok("%deploy");
        assertThat(cell.shown()).hasSizeGreaterThanOrEqualTo(2);
        String displayId = cell.shown().get(0).displayId();
        assertThat(cell.shown().subList(1, cell.shown().size())).allSatisfy(update -> {
            assertThat(update.update()).isTrue();
            assertThat(update.displayId()).isEqualTo(displayId);
        });
        assertThat((String) cell.lastShown().data().get("text/html")).contains("<table");
        assertThat(finalTable(cell))
                .contains("deployed after")
                .contains("dummy::Node")
                .doesNotContain(" NEW ");
    }

    @Test
    void deployRefusesAGuidThatNamesNoRm() {
        assertThat(nb.error("%deploy 99", "UsageError").value())
                .isEqualTo("%deploy: no RM has guid 99; the experiment has 2 RMs, guids [1, 2]");
    }

    @Test
    void waitBlocksUntilTheRmsAreInTheStateAsked() {
        nb.ok("ec.set(app, \"duration\", 0.2);");
        nb.ok("ec.deploy();");
        Cell cell = nb.ok("%wait finished app");
        assertThat(finalTable(cell)).contains("finished after").contains("STOPPED");
        assertThat(nb.run("ec.state(app)").result()).isEqualTo("STOPPED");
    }

    @Test
    void waitSaysWhichRmsAreMissingAtItsTimeout() {
        nb.ok("ec.set(app, \"duration\", 60.0);");
        nb.ok("%deploy");
        assertThat(nb.error("%wait finished app --timeout 200ms", "WaitTimeoutException")
                        .value())
                .contains("1 of 1 RMs not finished after 200 ms: #2 STARTED");
    }

    @Test
    void waitOnTimeoutStopStopsTheRmsStillRunningAndSaysSo() {
        nb.ok("ec.set(app, \"duration\", 60.0);");
        nb.ok("%deploy");
        assertThat(nb.error("%wait finished app --timeout 200ms --on-timeout stop", "WaitTimeoutException")
                        .value())
                .contains("1 of 1 RMs not finished after 200 ms: #2 STARTED")
                .contains("--on-timeout stop: stopped #2");
        assertThat(nb.run("ec.state(app)").result()).isEqualTo("STOPPED");
    }

    @Test
    void waitOnTimeoutReleaseReleasesTheRmsNotThereAndKeepLeavesThemGoing() {
        nb.ok("ec.set(app, \"duration\", 60.0);");
        nb.ok("%deploy");
        assertThat(nb.error("%wait finished app --timeout 100ms --on-timeout keep", "WaitTimeoutException")
                        .value())
                .doesNotContain("--on-timeout");
        assertThat(nb.run("ec.state(app)").result()).isEqualTo("STARTED");
        Cell cell = nb.run("%wait finished app --timeout 100ms --on-timeout release");
        assertThat(cell.outcome().error().orElseThrow().value()).contains("--on-timeout release: released #2");
        assertThat(finalTable(cell))
                .contains("--on-timeout release: released #2")
                .contains("RELEASED");
        assertThat(nb.run("ec.state(app)").result()).isEqualTo("RELEASED");
    }

    @Test
    void waitRefusesOnTimeoutWithoutATimeoutOrWithAnUnknownAction() {
        assertThat(nb.error("%wait --on-timeout stop", "UsageError").value())
                .contains("--on-timeout needs --timeout T");
        assertThat(nb.error("%wait --timeout 1s --on-timeout cancel", "UsageError")
                        .value())
                .contains("--on-timeout")
                .contains("stop, release, keep");
    }

    @Test
    void aFailedRmsWholeReasonIsShownUnderItsRowAndStateFailedListsOnlyFailedRms() {
        assertThat(nb.ok("%state --failed").text()).contains("no RM FAILED in experiment magics-" + experiments.get());
        String reason = "command exited with code 3: a long explanation of what went wrong, well past sixty"
                + " characters\\nline two of stderr";
        nb.ok("int broken = ec.registerResource(\"kerneltest::Failing\", Map.of(\"reason\", \"" + reason
                + "\", \"critical\", false));");
        Cell deploy = nb.run("%deploy");
        MimeBundle table = deploy.shown().stream()
                .map(shown -> shown.bundle())
                .filter(bundle -> String.valueOf(bundle.data().get("text/html")).contains("<table"))
                .reduce((first, last) -> last)
                .orElseThrow();
        String html = (String) table.data().get("text/html");
        assertThat(html)
                .contains("<tr class=\"nepi-details\">")
                .contains("#3 kerneltest::Failing failed: command exited with code 3: a long explanation of what"
                        + " went wrong, well past sixty characters\nline two of stderr");
        assertThat(table.plainText()).contains("    line two of stderr");

        MimeBundle failed = nb.ok("%state --failed").lastShown();
        assertThat(failed.plainText())
                .contains("failed RMs: 1 RM: 1 FAILED")
                .contains("kerneltest::Failing")
                .doesNotContain("dummy::Node")
                .contains("well past sixty characters")
                .contains("    line two of stderr");
        assertThat((String) failed.data().get("text/html")).contains("line two of stderr</pre>");
        assertThat(nb.ok("%state").lastShown().plainText())
                .contains("dummy::Node")
                .contains("line two of stderr");
    }

    @Test
    void waitRefusesAnUnknownStateWithASuggestionAndABadTimeout() {
        assertThat(nb.error("%wait finishd", "UsageError").value()).contains("Did you mean: finished?");
        assertThat(nb.error("%wait --timeout soon", "UsageError").value()).contains("--timeout");
        assertThat(nb.error("%wait --bogus", "UsageError").value()).contains("usage: %wait");
    }

    @Test
    void stateIsATableOfTheRmsNamed() {
        MimeBundle all = nb.ok("%state").lastShown();
        assertThat((String) all.data().get("text/html")).contains("<table");
        assertThat(all.plainText()).contains("2 RMs: 2 NEW");
        assertThat(nb.ok("%state app").lastShown().plainText())
                .contains("1 RM: 1 NEW")
                .contains("dummy::Application");
    }

    @Test
    void stateRefusesAVariableThatIsNotAnInt() {
        nb.ok("String name = \"x\";");
        assertThat(nb.error("%state name", "UsageError").value())
                .isEqualTo("%state: variable 'name' holds a String (x), not an int guid");
        assertThat(nb.error("%state nosuch", "UsageError").value()).contains("there is no variable 'nosuch'");
    }

    @Test
    void traceShowsAWholeTraceItsHeadTailSizeAndPath() throws Exception {
        nb.ok("int lines = ec.registerResource(\"kerneltest::Lines\");");
        nb.ok("%deploy lines");
        assertThat(nb.ok("%trace lines stdout").stdout()).isEqualTo("line1\nline2\nline3\nline4\nline5\n");
        assertThat(nb.ok("%trace lines stdout --head 2").stdout()).isEqualTo("line1\nline2\n");
        assertThat(nb.ok("%trace lines stdout --tail 2").stdout()).isEqualTo("line4\nline5\n");
        assertThat(nb.ok("%trace lines stdout --size").text().strip()).isEqualTo("30 bytes");
        Path path = Path.of(nb.ok("%trace lines stdout --path").text().strip());
        assertThat(Files.readString(path)).startsWith("line1\n");
    }

    @Test
    void traceRefusesAMissingNameAndAnUnknownTrace() {
        nb.ok("int lines = ec.registerResource(\"kerneltest::Lines\");");
        assertThat(nb.error("%trace lines", "UsageError").value()).contains("usage: %trace");
        assertThat(nb.error("%trace lines pcap", "UsageError").value()).contains("has no trace 'pcap'");
        assertThat(nb.error("%trace lines stdout --tail x", "UsageError").value())
                .contains("usage: %trace");
    }

    @Test
    void traceTableShowsARealPingAndTracerouteAsSortableTablesAndWritesCsv(@TempDir Path out) throws Exception {
        nb.ok(
                """
                int host = ec.registerResource("linux::Node", Map.of("hostname", "localhost"));
                int ping = ec.registerResource("linux::Ping", Map.of("target", "127.0.0.1", "count", 3, "interval", 0.2));
                int route = ec.registerResource("linux::Application", Map.of("command", "traceroute -n -q 2 127.0.0.1"));
                ec.registerConnection(host, ping);
                ec.registerConnection(host, route);
                """);
        nb.ok("%deploy host ping route");
        nb.ok("%wait finished ping route --timeout 60s");

        MimeBundle ping = nb.ok("%trace ping stdout --table").lastShown();
        String html = (String) ping.data().get("text/html");
        assertThat(html).contains("nepi-sortable").contains("onclick=").contains(">time_ms</th>");
        assertThat(html.split("<tr>")).hasSize(1 + 1 + 3 + 1); // before, header, 3 replies, summary
        assertThat(ping.plainText())
                .startsWith("stdout of #4 linux::Ping: ping, 3 rows\nicmp_seq  ttl  time_ms\n")
                .contains("transmitted 3, received 3, loss_percent 0");

        // By its content: the application's type says nothing about traceroute.
        MimeBundle route = nb.ok("%trace route stdout --table").lastShown();
        assertThat(route.plainText())
                .startsWith("stdout of #5 linux::Application: traceroute, 1 row\n")
                .contains("hop  host       address    rtt_1_ms  rtt_2_ms  lost")
                .contains("1    127.0.0.1  127.0.0.1");

        Path csv = out.resolve("ping.csv");
        Cell written = nb.ok("%trace ping stdout --table --csv " + csv);
        assertThat(written.stdout()).startsWith("wrote 3 ping rows of trace 'stdout' of linux::Ping #4 to " + csv);
        assertThat(written.lastShown().plainText()).contains("ping, 3 rows");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("icmp_seq,ttl,time_ms");
        assertThat(lines.get(1)).startsWith("1,64,");
        Path routeCsv = out.resolve("route.csv");
        assertThat(nb.ok("%trace route stdout --csv " + routeCsv).text()).contains("wrote 1 traceroute rows");
        assertThat(Files.readAllLines(routeCsv).get(0)).isEqualTo("hop,host,address,rtt_1_ms,rtt_2_ms,lost");

        // The same rows from Java: typed records, a table, a DFLib data frame.
        assertThat(nb.ok("PingTrace.parse(ec.trace(ping, \"stdout\")).replies().size()")
                        .result())
                .isEqualTo("3");
        assertThat(nb.ok("TraceTables.table(ec, ping, \"stdout\").dataFrame().height()")
                        .result())
                .isEqualTo("3");
        MimeBundle frame = nb.ok("TraceTables.table(ec, ping, \"stdout\").dataFrame()")
                .outcome()
                .result()
                .orElseThrow();
        assertThat(frame.plainText()).startsWith("DataFrame, 3 rows\nicmp_seq  ttl  time_ms");
        assertThat((String) frame.data().get("text/html")).contains("nepi-sortable");
        assertThat(nb.ok("TraceTables.table(ec, ping, \"stdout\")").result()).startsWith("ping, 3 rows");
        assertThat(nb.ok("%trace ping stdout --plot").lastShown().data()).containsKey("image/png");
    }

    @Test
    void traceTableOfATraceInNoKnownFormatNamesTheKnownFormats(@TempDir Path out) {
        nb.ok("int lines = ec.registerResource(\"kerneltest::Lines\");");
        assertThat(nb.ok("%trace lines stdout --table").text()).contains("is empty: nothing collected yet");
        nb.ok("%deploy lines");
        assertThat(nb.error("%trace lines stdout --table", "UsageError").value())
                .isEqualTo("%trace: trace 'stdout' of kerneltest::Lines #3 is in no known format; the known"
                        + " formats: ping, iperf3 (JSON report, -J), tcpdump (text output), traceroute, numbers"
                        + " (lines of numbers)");
        assertThat(nb.error("%trace lines stdout --plot", "UsageError").value()).contains("no known format");
        assertThat(nb.error("%trace lines stdout --tail 2 --csv x.csv", "UsageError")
                        .value())
                .contains("--csv FILE goes alone or with --table")
                .contains("usage: %trace");
        assertThat(nb.error("%trace lines stdout --table --plot", "UsageError").value())
                .contains("give at most one of");
        assertThat(nb.error("%trace lines stdout --csv", "UsageError").value()).contains("--csv needs a value");
        assertThat(nb.error("TraceTables.table(ec, lines, \"stdout\")", "IllegalArgumentException")
                        .value())
                .contains("is in no known format; the known formats: ping,");
    }

    @Test
    void traceCsvToAPlaceThatCannotBeWrittenSaysWhy(@TempDir Path out) throws Exception {
        nb.ok(
                """
                int host = ec.registerResource("linux::Node", Map.of("hostname", "localhost"));
                int app = ec.registerResource("linux::Application", Map.of("command", "echo 't v'; echo 1 2; echo 2 4"));
                ec.registerConnection(host, app);
                """);
        nb.ok("%deploy host app");
        nb.ok("%wait finished app --timeout 60s");
        Path missing = out.resolve("no/such/dir/t.csv");
        assertThat(nb.error("%trace app stdout --csv " + missing, "UsageError").value())
                .startsWith("%trace: cannot write " + missing + ": NoSuchFile");
        assertThat(nb.ok("%trace app stdout --table").lastShown().plainText())
                .startsWith("stdout of #4 linux::Application: numbers, 2 rows\nt  v\n-  -\n1  2\n2  4");
    }

    @Test
    void graphIsAnSvgWithEveryRmAndConnectionLaidOutByGraphviz() {
        MimeBundle graph = nb.ok("%graph").lastShown();
        String svg = (String) graph.data().get("image/svg+xml");
        assertThat(svg)
                .as("Graphviz is installed (Debian package graphviz, in install/requirements.sh)")
                .contains("data-layout=\"graphviz dot\"");
        assertThat(svg).startsWith("<svg").contains("dummy::Node").contains("dummy::Application");
        assertThat(svg).contains("data-guid=\"1\" data-state=\"NEW\"", "data-guid=\"2\" data-state=\"NEW\"");
        String connections = svg.substring(svg.indexOf("<g class=\"connections\""), svg.indexOf("</g>"));
        assertThat(connections.split("<path ", -1)).hasSize(2);
        assertThat(graph.plainText()).contains("#1 dummy::Node NEW -- [2]");
    }

    @Test
    void graphDotHasTheConnectionsAndTheConditionsAsDashedLabelledEdges() {
        nb.ok("int late = ec.registerResource(\"dummy::Application\");");
        nb.ok("ec.registerCondition(late, START, app, STARTED, \"2s\");");
        Cell cell = nb.ok("%graph --dot");
        assertThat(cell.shown()).isEmpty();
        String dot = cell.stdout();
        assertThat(dot).startsWith("digraph \"experiment magics-");
        assertThat(dot).contains("  rm1 -> rm2;\n");
        assertThat(dot)
                .containsPattern("rm2 -> rm3 \\[style=dashed, [^\\]]*label=\"START after STARTED \\+ 2\\.0 s\"\\]");
        assertThat(dot).contains("rm1 [label=\"#1 dummy::Node\\nNEW\", fillcolor=\"#bdbdbd\"");
        String svg = (String) nb.ok("%graph").lastShown().data().get("image/svg+xml");
        assertThat(svg)
                .contains("<g class=\"condition\" data-from=\"2\" data-to=\"3\">")
                .contains("stroke-dasharray")
                .contains(">START after STARTED + 2.0 s</text>");
    }

    @Test
    void aLiveGraphIsRecolouredInPlaceByLaterCells() {
        Cell shown = nb.ok("%graph --live");
        assertThat(shown.shown()).hasSize(1);
        String displayId = shown.shown().get(0).displayId();
        assertThat(displayId).startsWith("nepi-live-");
        assertThat((String) shown.lastShown().data().get("image/svg+xml")).contains("data-state=\"NEW\"");
        nb.ok("%deploy");
        // Deployed: every RM is READY or beyond. The graph's updates come from its own thread as the experiment
        // changes, during the cell or after it (a quick deploy ends its cell first).
        await(() -> nb.frontend().shown().stream()
                .filter(s -> displayId.equals(s.displayId()))
                .reduce((a, b) -> b)
                .map(s -> (String) s.bundle().data().get("image/svg+xml"))
                .filter(svg -> svg.contains("data-guid=\"2\"")
                        && !svg.contains("data-state=\"NEW\"")
                        && !svg.contains("data-state=\"DISCOVERED\"")
                        && !svg.contains("data-state=\"PROVISIONED\""))
                .isPresent());
        // What the frontend recorded since the %deploy cell began (it forgets between cells): replacements only.
        List<RecordingFrontend.Shown> updates = nb.frontend().shown().stream()
                .filter(s -> displayId.equals(s.displayId()))
                .toList();
        assertThat(updates)
                .as("replaced in place, not shown again")
                .isNotEmpty()
                .allSatisfy(update -> assertThat(update.update()).isTrue());
    }

    @Test
    void graphSavesSvgPngAndDotAndRefusesOtherExtensions() throws Exception {
        nb.ok("ec.registerCondition(app, START, node, READY);");
        Path svg = localDir.resolve("g.svg");
        Path png = localDir.resolve("g.png");
        Path dot = localDir.resolve("g.dot");
        Cell saved = nb.ok("%graph --save " + svg);
        assertThat(saved.stdout()).startsWith("saved SVG to " + svg);
        assertThat(saved.lastShown().data()).containsKey("image/svg+xml");
        assertThat(Files.readString(svg)).startsWith("<svg").contains("START after READY");
        assertThat(nb.ok("%graph --save " + png).stdout()).startsWith("saved PNG to " + png);
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
        assertThat(nb.ok("%graph --dot --save " + dot).stdout()).startsWith("saved DOT to " + dot);
        assertThat(Files.readString(dot)).startsWith("digraph").contains("style=dashed");
        assertThat(nb.error("%graph --save " + localDir.resolve("g.jpg"), "UsageError")
                        .value())
                .contains("--save cannot write 'g.jpg': its name must end in .svg, .png or .dot");
        assertThat(nb.error("%graph --save " + localDir.resolve("none/g.svg"), "UsageError")
                        .value())
                .contains("does not exist");
        assertThat(nb.error("%graph --live --dot", "UsageError").value()).contains("give at most one of --live, --dot");
    }

    @Test
    void graphTakesNoArguments() {
        assertThat(nb.error("%graph 1", "UsageError").value()).contains("usage: %graph");
    }

    @Test
    void timelineIsAChartOfTheStatesEachRmWentThrough() {
        nb.ok("%deploy");
        MimeBundle timeline = nb.ok("%timeline").lastShown();
        assertThat(Base64.getDecoder().decode((String) timeline.data().get("image/png")))
                .startsWith(0x89, 'P');
        assertThat(timeline.plainText()).contains("dummy::Node").contains("dummy::Application");
    }

    @Test
    void timelineSavesItsChartAndShowsAFailureReasonOnHover() throws Exception {
        nb.ok("int bad = ec.registerResource(\"kerneltest::Failing\");");
        nb.ok("ec.set(bad, \"critical\", false);");
        nb.ok("%deploy");
        Path svg = localDir.resolve("timeline.svg");
        Cell cell = nb.ok("%timeline --order type --save " + svg);
        assertThat(cell.stdout()).startsWith("saved SVG to " + svg);
        assertThat(Files.readString(svg))
                .isEqualTo(cell.lastShown().data().get("image/svg+xml"))
                .contains(">#1 dummy::Node</text>")
                .contains("FAILED: no such host</title>");
        Path png = localDir.resolve("timeline.png");
        nb.ok("%timeline --save " + png);
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
        assertThat(nb.error("%timeline --save " + localDir.resolve("t.dot"), "UsageError")
                        .value())
                .contains("its name must end in .svg or .png");
        assertThat(nb.error("%timeline --order name", "UsageError").value())
                .contains("--order takes one of deploy, type, not 'name'");
        assertThat(nb.error("%trace app stdout --save " + png, "UsageError").value())
                .contains("--save writes the chart: give --plot with it");
    }

    @Test
    void timelineRefusesAGuidThatNamesNoRm() {
        assertThat(nb.error("%timeline 7", "UsageError").value()).contains("no RM has guid 7");
    }

    @Test
    void releaseReleasesEveryRm() {
        nb.ok("%deploy");
        assertThat(finalTable(nb.ok("%release"))).contains("2 RELEASED");
        assertThat(nb.run("ec.state(node)").result()).isEqualTo("RELEASED");
    }

    @Test
    void releaseRefusesAnUnknownGuid() {
        assertThat(nb.error("%release 1,99", "UsageError").value()).contains("no RM has guid 99");
    }

    @Test
    void shutdownEndsTheExperimentAndMagicsThenPointToNew() {
        assertThat(nb.ok("%shutdown").text()).contains("is shut down");
        assertThat(nb.run("ec.getEcState()").result()).isEqualTo("TERMINATED");
        assertThat(nb.error("%deploy", "UsageError").value()).contains("%new starts a new one");
        assertThat(nb.error("%shutdown now", "UsageError").value()).contains("usage: %shutdown");
    }

    @Test
    void afterACriticalFailureDeployPointsToRecoverWhichLetsTheExperimentGoOn() {
        assertThat(nb.ok("%recover").text()).contains("is not aborted: nothing to recover");
        nb.ok("int broken = ec.registerResource(\"kerneltest::Failing\");");
        nb.run("%deploy broken");
        assertThat(nb.run("ec.getFailureLevel()").result()).isEqualTo("RM_FAILURE");
        nb.ok("int later = ec.registerResource(\"dummy::Application\"); ec.registerConnection(node, later);");
        assertThat(nb.error("%deploy later", "UsageError").value())
                .contains("is aborted: #3 kerneltest::Failing: no such host")
                .contains("%recover goes on with it");
        assertThat(nb.ok("%recover").text()).contains("goes on").contains("Still FAILED: #3 kerneltest::Failing");
        assertThat(nb.run("ec.getFailureLevel()").result()).isEqualTo("OK");
        assertThat(finalTable(nb.ok("%deploy"))).contains("deployed after").contains("3 RMs");
        assertThat(nb.run("ec.state(broken)").result()).isEqualTo("FAILED");
        assertThat(nb.error("%recover now", "UsageError").value()).contains("usage: %recover");
    }

    @Test
    void newPutsANewExperimentInEcAndShutsThePreviousOneDown() {
        nb.ok("var previous = ec;");
        assertThat(nb.ok("%new fresh-" + experiments.incrementAndGet()).text())
                .contains("ec is now the new experiment fresh-")
                .contains("was shut down");
        assertThat(nb.run("previous.getEcState()").result()).isEqualTo("TERMINATED");
        assertThat(nb.run("ec.getResources().size()").result()).isEqualTo("0");
        assertThat(nb.error("%new no/slash", "UsageError").value()).contains("cannot name a directory");
        assertThat(nb.error("%new a b", "UsageError").value()).contains("too many arguments: b");
    }

    @Test
    void newDeclaresEcAgainWhenACellRedeclaredIt() {
        nb.ok("String ec = \"not an experiment\";");
        assertThat(nb.error("%state", "UsageError").value()).contains("ec holds a String");
        nb.ok("%new again-" + experiments.incrementAndGet());
        assertThat(nb.run("ec.getExpId()").result()).contains("again-");
    }

    @Test
    void rtypesListsTheTypesMatchingAWord() {
        String types = nb.ok("%rtypes dummy").lastShown().plainText();
        assertThat(types).contains("dummy::Node").contains("dummy::Application").doesNotContain("linux::Node");
    }

    @Test
    void helpExplainsATypeAnRmAndAMagic() {
        assertThat(nb.ok("%help dummy::Application").lastShown().plainText()).contains("duration");
        assertThat(nb.ok("%help app").lastShown().plainText()).contains("#2 dummy::Application (NEW)");
        assertThat(nb.error("%help dummy::Nod", "UsageError").value()).contains("unknown resource type");
    }

    @Test
    void lsmagicListsEveryMagic() {
        InProcessSession.Cell cell = nb.ok("%lsmagic");
        assertThat(cell.shown()).hasSize(2);
        String listing = cell.shown().get(0).bundle().plainText();
        assertThat(cell.shown().get(1).bundle().plainText())
                .contains("%%time")
                .contains("%%html")
                .contains("%%markdown")
                .contains("%%exec");
        for (String magic : new String[] {
            "time",
            "run",
            "deploy",
            "wait",
            "trace",
            "exec",
            "state",
            "graph",
            "timeline",
            "release",
            "shutdown",
            "new",
            "rtypes",
            "help",
            "lsmagic",
            "save",
            "load",
            "runs",
            "recover"
        }) {
            assertThat(listing).contains("%" + magic + " ");
        }
        assertThat(nb.error("%lsmagic extra", "UsageError").value()).contains("too many arguments: extra");
    }

    @Test
    void saveAndLoadRoundTripTheExperimentDescription() {
        Path file = localDir.resolve("my experiment.json");
        assertThat(nb.ok("%save \"" + file + "\"").text()).contains("(2 RMs; names node, app");
        assertThat(file).isRegularFile();
        nb.ok("%new empty-" + experiments.incrementAndGet());
        assertThat(nb.ok("%load \"" + file + "\"").text())
                .contains("loaded from")
                .contains("was shut down");
        assertThat(nb.run("ec.getResources().size()").result()).isEqualTo("2");
        assertThat(nb.run("ec.getExpId()").result()).contains("magics-");
    }

    @Test
    void loadBindsTheNamesTheSessionGaveToResourcesAgain() throws Exception {
        nb.ok("int sameNode = node; int count = 99;");
        Path file = localDir.resolve("named.json");
        // Earlier tests' int variables stay in the shared session: only this experiment's are checked.
        assertThat(nb.ok("%save " + file).text())
                .contains("node, app, sameNode")
                .doesNotContain("count");
        assertThat(Files.readString(file)).contains("\"names\"").doesNotContain("\"count\"");
        nb.ok("%new empty-" + experiments.incrementAndGet());
        nb.ok("node = 0; app = 0; sameNode = 0;");
        assertThat(nb.ok("%load " + file).text())
                .contains("bound ")
                .contains("app = 2")
                .contains("node = 1")
                .contains("sameNode = 1");
        assertThat(nb.run("ec.getResource(app).getRtype()").result()).contains("dummy::Application");
        assertThat(nb.run("node == sameNode && node == 1").result()).isEqualTo("true");
    }

    @Test
    void aDescriptionWithoutNamesLoadsAsBeforeAndBindsNothing() throws Exception {
        Path file = localDir.resolve("unnamed.json");
        nb.ok("ec.save(java.nio.file.Path.of(\"" + file + "\"));");
        assertThat(Files.readString(file)).doesNotContain("\"names\"").contains("\"1.0\"");
        assertThat(nb.ok("%load " + file).text()).contains("loaded from").doesNotContain("bound");
    }

    @Test
    void loadRefusesAMissingOrBrokenFileAndLeavesEcAsItWas() throws Exception {
        String before = nb.run("ec.getExpId()").result();
        nb.error("%load \"" + localDir.resolve("missing.json") + "\"", "UsageError");
        Path broken = Files.writeString(localDir.resolve("broken.json"), "{ not json");
        assertThat(nb.run("%load " + broken).outcome().error())
                .hasValueSatisfying(error -> assertThat(error.value()).contains("broken.json"));
        assertThat(nb.run("ec.getExpId()").result()).isEqualTo(before);
        assertThat(nb.error("%save", "UsageError").value()).contains("usage: %save");
    }

    @Test
    void runsListsTheArchivedRunsNewestFirst() {
        assertThat(nb.ok("%runs").text()).contains("no archived runs");
        nb.ok("nepi.core.run.RunArchive.write(ec);");
        String first = nb.run("ec.getRunId()").result();
        assertThat(nb.ok("%runs").lastShown().plainText())
                .contains("1 archived run")
                .contains(first);
        assertThat(nb.error("%runs extra words", "UsageError").value()).contains("usage: %runs");
    }

    @Test
    void theRunPackageIsImportedSoRunsAdviceWorksAsWritten() {
        assertThat(nb.run("RunArchive.class.getName()").result()).contains("nepi.core.run.RunArchive");
        assertThat(nb.run("ExperimentRunner.class.getName()").result()).contains("nepi.core.run.ExperimentRunner");
    }

    @Test
    void aRefusalOfTheEcApiIsOneMessageWithTheCellLineOnly() {
        ErrorReport unknownAttribute =
                nb.error("String label = \"a\";\nec.set(node, \"hostnme\", \"x\");", "IllegalArgumentException");
        assertThat(unknownAttribute.value()).contains("hostnme");
        String traceback = String.join("\n", unknownAttribute.traceback());
        assertThat(traceback)
                .doesNotContain("Caused by")
                .doesNotContain("at nepi.core")
                .doesNotContain("at java.");
        assertThat(traceback.lines()).hasSizeLessThanOrEqualTo(2);
        assertThat(traceback).contains("line 2");
        assertThat(String.join(
                                "\n",
                                nb.run("ec.getResource(99)")
                                        .outcome()
                                        .error()
                                        .orElseThrow()
                                        .traceback())
                        .lines())
                .hasSizeLessThanOrEqualTo(2);
        assertThat(String.join(
                                "\n",
                                nb.run("ec.registerResource(\"dummy::Nod\")")
                                        .outcome()
                                        .error()
                                        .orElseThrow()
                                        .traceback())
                        .lines())
                .hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void otherExceptionsKeepTheirTrace() {
        ErrorReport npe = nb.error("Object o = null;\no.toString();", "NullPointerException");
        assertThat(npe.traceback().get(0)).contains("at ");
        ErrorReport library = nb.error("java.util.List.of(1).get(5)", "IndexOutOfBoundsException");
        assertThat(library.traceback().get(0)).contains("at java.");
    }

    @Test
    void anUnknownMagicGetsTheClosestName() {
        assertThat(nb.error("%wiat", "UsageError").value()).contains("Did you mean: wait?");
    }
}
