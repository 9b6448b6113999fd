package nepi.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Line splitting, capture, time-outs, cancellation and interrupts, against a node that only pretends to run. */
class RunningCommandTest {

    /** A node whose command is driven by the test: it writes what the test writes and ends when told (or killed). */
    private static final class ScriptedNode implements CommandNode {
        OutputStream out;
        OutputStream err;
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        final AtomicInteger kills = new AtomicInteger();

        @Override
        public CommandProcess startCommand(String command, OutputStream stdout, OutputStream stderr) {
            out = stdout;
            err = stderr;
            return new CommandProcess() {
                @Override
                public CompletableFuture<Integer> exit() {
                    return exit;
                }

                @Override
                public void kill() {
                    kills.incrementAndGet();
                    exit.complete(143);
                }
            };
        }

        void print(OutputStream stream, String text) throws IOException {
            stream.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final ScriptedNode node = new ScriptedNode();
    private final List<String> outLines = new CopyOnWriteArrayList<>();
    private final List<String> errLines = new CopyOnWriteArrayList<>();

    private RunningCommand start(ExecOptions options) throws IOException {
        return RunningCommand.start(
                node,
                "test::Node #1",
                "make all",
                options.onStdout(outLines::add).onStderr(errLines::add));
    }

    @Test
    void eachLineReachesItsCallbackAsItComesAndTheWholeOutputIsKept() throws Exception {
        RunningCommand running = start(ExecOptions.defaults());
        node.print(node.out, "one\ntw");
        assertThat(outLines).containsExactly("one");
        node.print(node.out, "o\nthree");
        node.print(node.err, "warning\n");
        assertThat(outLines).containsExactly("one", "two");
        assertThat(errLines).containsExactly("warning");
        assertThat(running.isDone()).isFalse();
        node.exit.complete(0);

        ExecResult result = running.await();
        assertThat(outLines)
                .as("the last line, without a line end, comes at the end")
                .containsExactly("one", "two", "three");
        assertThat(result.stdout()).isEqualTo("one\ntwo\nthree");
        assertThat(result.stderr()).isEqualTo("warning\n");
        assertThat(result.exitCode()).isZero();
        assertThat(result.succeeded()).isTrue();
        assertThat(result.node()).isEqualTo("test::Node #1");
        assertThat(result.duration()).isPositive();
    }

    @Test
    void aCharacterSplitBetweenTwoWritesStaysWhole() throws Exception {
        RunningCommand running = start(ExecOptions.defaults());
        byte[] bytes = "été\n".getBytes(StandardCharsets.UTF_8);
        node.out.write(bytes, 0, 1);
        node.out.write(bytes, 1, bytes.length - 1);
        node.exit.complete(0);
        running.await();
        assertThat(outLines).containsExactly("été");
    }

    @Test
    void aHugeLineWithoutLineEndIsHandedOverInPieces() throws Exception {
        RunningCommand running = start(ExecOptions.defaults().withoutCapture());
        node.print(node.out, "x".repeat(LineOutput.MAX_LINE * 2 + 10));
        assertThat(outLines).hasSize(2).allSatisfy(line -> assertThat(line).hasSize(LineOutput.MAX_LINE));
        node.exit.complete(0);
        ExecResult result = running.await();
        assertThat(outLines).hasSize(3);
        assertThat(result.stdout()).as("not captured").isEmpty();
    }

    @Test
    void aNonZeroExitIsAResultAndOrThrowNamesTheCodeAndTheEndOfStderr() throws Exception {
        RunningCommand running = start(ExecOptions.defaults());
        node.print(node.err, "make: *** No rule to make target 'all'.  Stop.\n");
        node.exit.complete(2);
        ExecResult result = running.await();
        assertThat(result.exitCode()).isEqualTo(2);
        assertThatThrownBy(result::orThrow)
                .isInstanceOf(ExitCodeException.class)
                .hasMessage("'make all' exited with code 2 on test::Node #1: make: *** No rule to make target 'all'."
                        + "  Stop.");
    }

    @Test
    void aTimeOutKillsTheCommandAndSaysTheLimit() throws Exception {
        RunningCommand running = start(ExecOptions.defaults().withTimeout(Duration.ofMillis(200)));
        assertThatThrownBy(running::await)
                .isInstanceOf(ExecTimeoutException.class)
                .hasMessage("'make all' on test::Node #1 did not end within 200 ms (the time-out) and was killed");
        assertThat(node.kills).hasValue(1);
    }

    @Test
    void aCommandThatEndsInTimeIsNotKilledLater() throws Exception {
        RunningCommand running = start(ExecOptions.defaults().withTimeout(Duration.ofMillis(100)));
        node.exit.complete(0);
        assertThat(running.await().exitCode()).isZero();
        Thread.sleep(300);
        assertThat(node.kills).hasValue(0);
    }

    @Test
    void cancelKillsTheCommandAndItsResultIsACancellation() throws Exception {
        RunningCommand running = start(ExecOptions.defaults());
        node.print(node.out, "partial");
        assertThat(running.cancel()).isTrue();
        assertThat(node.kills).hasValue(1);
        assertThat(outLines).as("what it printed still arrives").containsExactly("partial");
        assertThatThrownBy(running::await)
                .isInstanceOf(CancellationException.class)
                .hasMessageContaining("cancelled");
        assertThat(running.cancel()).as("a second cancel has nothing to do").isFalse();
        assertThat(node.kills).hasValue(1);
    }

    @Test
    void interruptingTheWaitingThreadKillsTheCommand() throws Exception {
        RunningCommand running = start(ExecOptions.defaults());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                running.await();
            } catch (Throwable e) {
                thrown.set(e);
            }
            done.countDown();
        });
        waiter.start();
        Thread.sleep(100);
        waiter.interrupt();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(node.kills).hasValue(1);
    }

    @Test
    void aNodeThatLosesTheCommandFailsTheResultWithItsReason() throws Exception {
        RunningCommand running = start(ExecOptions.defaults());
        node.exit.completeExceptionally(new IOException("lost the SSH connection to u@h:22 while running: make all"));
        assertThatThrownBy(running::await).isInstanceOf(IOException.class).hasMessageContaining("lost the SSH");
    }

    @Test
    void badOptionsAndCommandsAreRefused() {
        assertThatThrownBy(() -> ExecOptions.defaults().withTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than 0");
        assertThatThrownBy(() -> RunningCommand.start(node, "test::Node #1", "  ", ExecOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no command to run on test::Node #1");
    }
}
