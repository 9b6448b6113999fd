package nepi.resources.linux;

import static nepi.core.resource.ResourceState.FAILED;
import static nepi.core.resource.ResourceState.RELEASED;
import static nepi.core.resource.ResourceState.STOPPED;
import static nepi.resources.linux.LinuxTestHosts.assertNoProcessesLeft;
import static nepi.resources.linux.LinuxTestHosts.groupAlive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.core.FailureLevel;
import nepi.core.resource.TraceAttr;
import nepi.resources.linux.LinuxTestHosts.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** linux::Application with real processes, on this machine both locally and over a real SSH server. */
class LinuxApplicationIT {

    @RegisterExtension
    static final SshServerExtension SSH = new SshServerExtension();

    @TempDir
    Path home;

    private ExperimentController ec;

    @AfterEach
    void shutdown() {
        if (ec != null) {
            ec.shutdown();
        }
    }

    private int node(Kind kind) throws Exception {
        ec = ec != null ? ec : new ExperimentController("linux-it", home.resolve("local"));
        return ec.registerResource("linux::Node", LinuxTestHosts.node(kind, SSH.server(), home));
    }

    private int app(int node, Map<String, Object> attrs) {
        int app = ec.registerResource("linux::Application", attrs);
        ec.registerConnection(app, node);
        return app;
    }

    private int app(int node, String command) {
        return app(node, Map.of("command", command));
    }

    private LinuxApplication rm(int guid) {
        return (LinuxApplication) ec.getResource(guid);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void echoStopsByItselfWithItsOutput(Kind kind) throws Exception {
        int app = app(node(kind), "echo hello; echo oops >&2");
        ec.deploy();

        assertThat(ec.waitFinished(app)).isTrue();
        assertThat(ec.state(app)).isEqualTo(STOPPED);
        assertThat(ec.trace(app, "stdout")).isEqualTo("hello\n");
        assertThat(ec.trace(app, "stderr")).isEqualTo("oops\n");
        assertThat(ec.trace(app, "exitcode").strip()).isEqualTo("0");
        assertThat(rm(app).getExitCode()).hasValue(0);
        assertThat(ec.getFailureLevel()).isEqualTo(FailureLevel.OK);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void failingCommandFailsWithExitCodeAndStderr(Kind kind) throws Exception {
        int app = app(node(kind), "echo 'disk on fire' >&2; exit 3");
        ec.deploy();

        ec.waitFinished(app);
        assertThat(ec.state(app)).isEqualTo(FAILED);
        assertThat(ec.getResource(app).getFailureReason())
                .hasValueSatisfying(reason ->
                        assertThat(reason).contains("exited with code 3").contains("disk on fire"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ec.getFailureLevel() == FailureLevel.RM_FAILURE);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void unknownCommandFailsWith127(Kind kind) throws Exception {
        int app = app(node(kind), "no-such-program-nepi --flag");
        ec.deploy();

        ec.waitFinished(app);
        assertThat(ec.getResource(app).getFailureReason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("exited with code 127")
                .contains("no-such-program-nepi")
                .contains("not found"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void missingCommandFailsDeploy(Kind kind) throws Exception {
        int app = app(node(kind), Map.of());
        ec.deploy();

        ec.waitFinished(app);
        assertThat(ec.state(app)).isEqualTo(FAILED);
        assertThat(ec.getResource(app).getFailureReason())
                .hasValueSatisfying(reason -> assertThat(reason).contains("'command' is not set"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void commandReadsStdin(Kind kind) throws Exception {
        int app = app(node(kind), Map.of("command", "tr a-z A-Z", "stdin", "hello from stdin\n"));
        ec.deploy();

        ec.waitFinished(app);
        assertThat(ec.trace(app, "stdout")).isEqualTo("HELLO FROM STDIN\n");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void buildCompilesAProgramFromCodeAndTheCommandRunsIt(Kind kind) throws Exception {
        assertThat(Path.of("/usr/bin/gcc"))
                .as("this test needs gcc: apt-get install gcc")
                .isExecutable();
        int node = node(kind);
        Map<String, Object> attrs = new HashMap<>();
        attrs.put("code", "#include <stdio.h>\nint main(int c, char **v) { printf(\"hi %s\\n\", v[1]); return 0; }\n");
        attrs.put("build", "gcc -x c -o hello code");
        attrs.put("install", "cp hello ${BIN}/hello-nepi-test");
        attrs.put("command", "hello-nepi-test \"$WHO\" && ${APP_HOME}/hello app-home");
        attrs.put("env", "WHO=${EXP_HOME}");
        int app = app(node, attrs);
        ec.deploy();

        ec.waitFinished(app);
        assertThat(ec.state(app))
                .as(ec.getResource(app).getFailureReason().orElse(""))
                .isEqualTo(STOPPED);
        String expHome = home + "/.nepi/nepi-exp/linux-it";
        assertThat(ec.trace(app, "stdout")).isEqualTo("hi " + expHome + "\nhi app-home\n");
        assertThat(home.resolve(".nepi/nepi-exp/linux-it/app-" + app + "/build.sh"))
                .as("the build script is kept")
                .exists();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void failingBuildFailsDeployWithTheCompilerOutput(Kind kind) throws Exception {
        int app = app(
                node(kind),
                Map.of("code", "int main( { broken", "build", "gcc -x c -o hello code", "command", "./hello"));
        ec.deploy();

        ec.waitFinished(app);
        assertThat(ec.state(app)).isEqualTo(FAILED);
        assertThat(ec.getResource(app).getFailureReason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("build of linux::Application #" + app)
                .contains("exit code 1")
                .contains("error"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void dependsOnAMissingPackageFailsClearly(Kind kind) throws Exception {
        int app = app(node(kind), Map.of("command", "true", "depends", "nepi-no-such-package"));
        ec.deploy();

        ec.waitFinished(app);
        assertThat(ec.state(app)).isEqualTo(FAILED);
        assertThat(ec.getResource(app).getFailureReason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("installing packages [nepi-no-such-package]")
                .contains("nepi-no-such-package"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void stopKillsTheWholeProcessTree(Kind kind) throws Exception {
        int app = app(node(kind), "sleep 300 & sleep 301 & (sleep 302; echo never) ; wait");
        ec.deploy();
        ec.waitStarted(app);
        int pgid = rm(app).getPid();
        await().atMost(Duration.ofSeconds(5)).until(() -> countGroup(pgid) >= 4);

        ec.stop(app);

        assertThat(ec.state(app)).isEqualTo(STOPPED);
        assertThat(groupAlive(pgid)).as(LinuxTestHosts.describeGroup(pgid)).isFalse();
        assertThat(ec.trace(app, "stdout")).doesNotContain("never");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void releasingARunningExperimentLeavesNoProcess(Kind kind) throws Exception {
        int node = node(kind);
        int a = app(node, "sleep 300");
        int b = app(node, "sleep 300 & sleep 301; wait");
        int c = app(node, "echo done; sleep 200 &");
        ec.deploy();
        ec.waitStarted(a, b, c);
        await().atMost(Duration.ofSeconds(5)).until(() -> countGroup(rm(b).getPid()) >= 3);

        ec.release();

        assertThat(ec.state(a)).isEqualTo(RELEASED);
        assertThat(ec.state(node)).isEqualTo(RELEASED);
        assertNoProcessesLeft(ec);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void releaseKillsTheGroupOfACommandWhoseWrapperWasKilled(Kind kind) throws Exception {
        int app = app(node(kind), Map.of("command", "sleep 300 & (sleep 301; echo never); wait", "critical", false));
        ec.deploy();
        ec.waitStarted(app);
        int pgid = rm(app).getPid();
        await().atMost(Duration.ofSeconds(5)).until(() -> countGroup(pgid) >= 4);

        // Locally the wrapper leads the group. Over SSH the command leads it, and the start request's subshell,
        // its parent, does the wrapper's work (it waits for it and records its end).
        long wrapper = kind == Kind.LOCAL
                ? pgid
                : ProcessHandle.of(pgid).orElseThrow().parent().orElseThrow().pid();
        new ProcessBuilder("kill", "-KILL", Long.toString(wrapper))
                .inheritIO()
                .start()
                .waitFor();
        if (kind == Kind.LOCAL) {
            // Over SSH the end of a wrapper is learnt from what it writes as it ends: a killed
            // one writes nothing, and the RM stays STARTED.
            await().atMost(Duration.ofSeconds(20)).until(() -> ec.state(app) == FAILED);
        }
        assertThat(groupAlive(pgid))
                .as("the command outlives its wrapper until release")
                .isTrue();

        ec.release();

        assertThat(groupAlive(pgid)).as(LinuxTestHosts.describeGroup(pgid)).isFalse();
        assertThat(ec.trace(app, "stdout")).doesNotContain("never");
    }

    @Test
    void overSshACommandKilledBySignalFailsWithItsCodeAndWhatItLeftInItsGroupIsEnded() throws Exception {
        int app = app(node(Kind.SSH), Map.of("command", "sleep 300 & sleep 301", "critical", false));
        ec.deploy();
        ec.waitStarted(app);
        int pgid = rm(app).getPid();
        await().atMost(Duration.ofSeconds(5)).until(() -> countGroup(pgid) >= 3);

        new ProcessBuilder("kill", "-KILL", Integer.toString(pgid))
                .inheritIO()
                .start()
                .waitFor();

        await().atMost(Duration.ofSeconds(20)).until(() -> ec.state(app) == FAILED);
        assertThat(rm(app).getFailureReason())
                .hasValueSatisfying(r -> assertThat(r).contains("code 137"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !groupAlive(pgid));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void releaseStopsARunningBuildAtOnce(Kind kind) throws Exception {
        releaseStopsTheBuild(kind, false);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void releasingTheApplicationAloneStopsItsRunningBuildAtOnce(Kind kind) throws Exception {
        releaseStopsTheBuild(kind, true);
    }

    private void releaseStopsTheBuild(Kind kind, boolean applicationAlone) throws Exception {
        // A duration no other process on the machine sleeps, to find this build's sleep.
        String sleep = "sleep 600." + ProcessHandle.current().pid() + kind.ordinal() + (applicationAlone ? 1 : 0);
        int app = app(node(kind), Map.of("command", "true", "build", sleep));
        ec.deploy();
        await().atMost(Duration.ofSeconds(30)).until(() -> !pidsOf(sleep).isEmpty());

        Thread release = new Thread(applicationAlone ? () -> ec.release(app) : ec::release, "release");
        long started = System.nanoTime();
        release.start();
        release.join(Duration.ofSeconds(15).toMillis());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        List<Long> left = pidsOf(sleep);
        for (long pid : left) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        release.join();

        assertThat(left).as("the build's processes left after release").isEmpty();
        assertThat(took).as("time release took with a build running").isLessThan(Duration.ofSeconds(15));
        assertThat(ec.state(app)).isEqualTo(RELEASED);
    }

    private static List<Long> pidsOf(String command) throws Exception {
        Process p = new ProcessBuilder("pgrep", "-f", "-x", command).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        return out.isEmpty() ? List.of() : out.lines().map(Long::parseLong).toList();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void nonCriticalFailureLetsTheRestRun(Kind kind) throws Exception {
        int node = node(kind);
        int bad = app(node, Map.of("command", "exit 4", "critical", false));
        int good = app(node, "sleep 0.5; echo fine");
        ec.deploy();

        assertThat(ec.waitFinished(bad, good)).isTrue();
        assertThat(ec.state(bad)).isEqualTo(FAILED);
        assertThat(ec.state(good)).isEqualTo(STOPPED);
        assertThat(ec.trace(good, "stdout")).isEqualTo("fine\n");
        assertThat(ec.getFailureLevel()).isEqualTo(FailureLevel.OK);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void criticalFailureAbortsTheExperiment(Kind kind) throws Exception {
        int node = node(kind);
        int bad = app(node, "exit 5");
        int slow = app(node, "sleep 300");
        ec.deploy();

        assertThat(ec.waitFinished(bad, slow)).as("the wait returns on abort").isFalse();
        assertThat(ec.getFailureLevel()).isEqualTo(FailureLevel.RM_FAILURE);
        ec.release();
        assertNoProcessesLeft(ec);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void hardReleaseRemovesTheApplicationDirectory(Kind kind) throws Exception {
        int node = node(kind);
        int kept = app(node, "echo kept");
        int removed = app(node, Map.of("command", "echo gone", "hardRelease", true));
        ec.deploy();
        ec.waitFinished(kept, removed);
        Path exp = home.resolve(".nepi/nepi-exp/linux-it");
        assertThat(exp.resolve("app-" + removed)).isDirectory();

        ec.release();

        assertThat(exp.resolve("app-" + removed)).doesNotExist();
        assertThat(exp.resolve("app-" + kept + "/" + ec.getRunId() + "/stdout")).hasContent("kept");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void directoryLayoutAndPathVariables(Kind kind) throws Exception {
        int node = node(kind);
        int app = app(node, "echo ${SRC} ${BIN} ${LIB} ${SHARE} ${APP_HOME} ${RUN_HOME} ${NODE_HOME} ${EXP_HOME}; pwd");
        ec.deploy();
        ec.waitFinished(app);

        String nepi = home + "/.nepi";
        String exp = nepi + "/nepi-exp/linux-it";
        String run = exp + "/app-" + app + "/" + ec.getRunId();
        assertThat(ec.trace(app, "stdout"))
                .isEqualTo(String.join(
                                " ",
                                nepi + "/nepi-usr/src",
                                nepi + "/nepi-usr/bin",
                                nepi + "/nepi-usr/lib",
                                nepi + "/nepi-usr/share",
                                exp + "/app-" + app,
                                run,
                                exp + "/node-" + node,
                                exp)
                        + "\n" + run + "\n");
        assertThat(Path.of(exp, "node-" + node, ec.getRunId())).isDirectory();
        assertThat(Path.of(run, "pid")).content().isEqualToIgnoringWhitespace(Integer.toString(rm(app).getPid()));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void hugeTraceIsReadInPieces(Kind kind) throws Exception {
        int app = app(node(kind), "truncate -s 1G ${RUN_HOME}/stdout && printf THE-END >> ${RUN_HOME}/stdout");
        ec.deploy();
        ec.waitFinished(app);
        long size = Long.parseLong(ec.trace(app, "stdout", TraceAttr.SIZE));
        assertThat(size).isEqualTo((1L << 30) + 7);

        long lastBlock = size / 1024;
        String tail = ec.trace(app, "stdout", TraceAttr.STREAM, 1024, lastBlock);

        assertThat(tail).endsWith("THE-END").hasSize((int) (size - lastBlock * 1024));
        assertThat(ec.trace(app, "stdout", TraceAttr.PATH)).endsWith("/app-" + app + "/" + ec.getRunId() + "/stdout");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void uploadsGoToTheSharedDirectories(Kind kind, @TempDir Path local) throws Exception {
        Path tool = local.resolve("greet.sh");
        Files.writeString(tool, "#!/bin/sh\necho greetings \"$(cat " + home + "/.nepi/nepi-usr/share/data.txt)\"\n");
        tool.toFile().setExecutable(true);
        Path data = local.resolve("data.txt");
        Files.writeString(data, "from a file");
        int app = app(node(kind), Map.of("bins", tool.toString(), "files", data.toString(), "command", "greet.sh"));
        ec.deploy();
        ec.waitFinished(app);

        assertThat(ec.trace(app, "stdout")).isEqualTo("greetings from a file\n");
    }

    private static long countGroup(int pgid) throws Exception {
        Process p = new ProcessBuilder("pgrep", "-c", "-g", Integer.toString(pgid)).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        return out.isEmpty() ? 0 : Long.parseLong(out);
    }
}
