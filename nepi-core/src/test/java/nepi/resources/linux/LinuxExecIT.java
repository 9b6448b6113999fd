package nepi.resources.linux;

import static nepi.resources.linux.LinuxTestHosts.describeGroup;
import static nepi.resources.linux.LinuxTestHosts.groupAlive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import nepi.core.ExperimentController;
import nepi.core.exec.ExecOptions;
import nepi.core.exec.ExecResult;
import nepi.core.exec.ExecTimeoutException;
import nepi.core.exec.RunningCommand;
import nepi.resources.linux.LinuxTestHosts.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code ec.exec} on a linux::Node, on this machine both locally and over a real SSH server: output, exit codes,
 * lines as they come, and commands that really end on the host when they time out, are cancelled or interrupted, or
 * their node is released.
 */
class LinuxExecIT {

    /** Prints the group id ($$: the command's shell leads its group) and a child's pid, then waits for the child. */
    private static final String SLEEPER = "sleep 300 & echo \"$$ $!\"; wait";

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

    private int deployedNode(Kind kind) throws Exception {
        ec = new ExperimentController("exec-it", home.resolve("local"));
        int node = ec.registerResource("linux::Node", LinuxTestHosts.node(kind, SSH.server(), home));
        ec.deploy();
        assertThat(ec.waitDeployed(List.of(node), Duration.ofSeconds(60))).isTrue();
        return node;
    }

    /** The group id and child pid {@link #SLEEPER} printed, once it printed them. */
    private static int[] sleeperIds(List<String> lines) {
        await().atMost(Duration.ofSeconds(40)).until(() -> !lines.isEmpty());
        String[] ids = lines.get(0).strip().split(" ");
        return new int[] {Integer.parseInt(ids[0]), Integer.parseInt(ids[1])};
    }

    private static void assertGone(int[] ids) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> !groupAlive(ids[0]));
        assertThat(groupAlive(ids[0]))
                .as("group %d: %s", ids[0], describeGroup(ids[0]))
                .isFalse();
        assertThat(liveProcess(ids[1])).as("the command's child %d", ids[1]).isFalse();
    }

    /** Whether {@code pid} is a process that has not ended (a zombie waiting for init to reap it has). */
    private static boolean liveProcess(int pid) throws Exception {
        Path stat = Path.of("/proc/" + pid + "/stat");
        try {
            String text = java.nio.file.Files.readString(stat);
            return !text.substring(text.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void execGivesTheExitCodeAndBothOutputs(Kind kind) throws Exception {
        int node = deployedNode(kind);
        ExecResult result = ec.exec(node, "echo out; echo err >&2; exit 3");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).as("nothing of the wrapper shows").isEqualTo("err\n");
        assertThat(result.node()).isEqualTo("linux::Node #1");
        assertThat(ec.exec(node, "true").succeeded()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theCommandIsShellTextAsTyped(Kind kind) throws Exception {
        int node = deployedNode(kind);
        ExecResult result = ec.exec(node, "printf '%s\\n' \"a b\" 'c  d' | tr a-z A-Z; x=$((6*7)); echo \"$x\"");
        assertThat(result.stdout()).isEqualTo("A B\nC  D\n42\n");
        assertThat(ec.exec(node, "cat").stdout())
                .as("nothing on standard input: cat ends at once")
                .isEmpty();
        assertThat(ec.exec(node, "kill -TERM $$").exitCode())
                .as("ended by SIGTERM")
                .isEqualTo(143);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void linesComeWhileTheCommandRuns(Kind kind) throws Exception {
        int node = deployedNode(kind);
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        RunningCommand running = ec.startExec(
                node,
                "echo first; echo warn >&2; sleep 3; echo second",
                ExecOptions.defaults().onStdout(out::add).onStderr(err::add));
        await().atMost(Duration.ofSeconds(40)).until(() -> !out.isEmpty() && !err.isEmpty());
        assertThat(running.isDone()).as("the first lines came before the end").isFalse();
        assertThat(out).containsExactly("first");
        assertThat(err).containsExactly("warn");
        ExecResult result = running.result().get(60, TimeUnit.SECONDS);
        assertThat(out).containsExactly("first", "second");
        assertThat(result.stdout()).isEqualTo("first\nsecond\n");
        assertThat(result.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aTimeOutEndsTheCommandAndItsChildrenOnTheHost(Kind kind) throws Exception {
        int node = deployedNode(kind);
        List<String> out = new CopyOnWriteArrayList<>();
        // Long enough for the command to print its ids first: a channel over a loaded machine's SSH.server() can take
        // 10 s.
        Duration timeout = kind == Kind.SSH ? Duration.ofSeconds(25) : Duration.ofSeconds(3);
        RunningCommand running = ec.startExec(
                node, SLEEPER, ExecOptions.defaults().onStdout(out::add).withTimeout(timeout));
        int[] ids = sleeperIds(out);
        assertThat(groupAlive(ids[0])).isTrue();
        assertThatThrownBy(running::await)
                .isInstanceOf(ExecTimeoutException.class)
                .hasMessageContaining("did not end within " + timeout.toSeconds() + " s (the time-out) and was killed");
        assertGone(ids);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void cancelEndsTheCommandAndItsChildrenOnTheHost(Kind kind) throws Exception {
        int node = deployedNode(kind);
        List<String> out = new CopyOnWriteArrayList<>();
        RunningCommand running =
                ec.startExec(node, SLEEPER, ExecOptions.defaults().onStdout(out::add));
        int[] ids = sleeperIds(out);
        assertThat(running.cancel()).isTrue();
        assertGone(ids);
        assertThatThrownBy(() -> running.result().get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(CancellationException.class);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void interruptingExecEndsTheCommandOnTheHost(Kind kind) throws Exception {
        int node = deployedNode(kind);
        List<String> out = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                ec.exec(node, SLEEPER, ExecOptions.defaults().onStdout(out::add));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        caller.start();
        int[] ids = sleeperIds(out);
        caller.interrupt();
        caller.join(20_000);
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertGone(ids);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void releasingTheNodeEndsItsCommands(Kind kind) throws Exception {
        int node = deployedNode(kind);
        List<String> out = new CopyOnWriteArrayList<>();
        RunningCommand running =
                ec.startExec(node, SLEEPER, ExecOptions.defaults().onStdout(out::add));
        int[] ids = sleeperIds(out);
        ec.release(node);
        assertThat(ec.waitReleased(List.of(node), Duration.ofSeconds(30))).isTrue();
        assertGone(ids);
        ExecResult result = running.result().get(20, TimeUnit.SECONDS);
        assertThat(result.exitCode()).as("ended by SIGTERM").isEqualTo(143);
    }
}
