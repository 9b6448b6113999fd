package nepi.resources.linux.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's shell loop ({@link ShellAgent#SCRIPT}) spoken to directly, as a local process started as the SSH
 * channel starts it: what crosses the channel, without SSH.
 */
// An answer that never comes fails the test rather than hanging the build.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShellAgentTest {

    private LocalAgent agent;
    private OutputStream in;
    private DataInputStream out;
    private DataInputStream err;

    /** The agent as the channel starts it (in bash, on this machine); {@link ShellAgentWithoutBashTest}: in sh. */
    LocalAgent startAgent() throws IOException {
        return LocalAgent.booted();
    }

    @BeforeEach
    void start() throws IOException {
        agent = startAgent();
        in = agent.in;
        out = agent.out;
        err = agent.err;
    }

    @AfterEach
    void stop() throws Exception {
        assertThat(agent.endInput()).as("the agent ends with its input").isTrue();
    }

    @Test
    void theScriptHasNoSingleQuoteSoItCanBeQuotedForTheUsersShell() {
        assertThat(ShellAgent.SCRIPT).doesNotContain("'");
    }

    @Test
    void itSaysWhoItIsThenAnswersCommandsWithCodeOutputAndErrors() throws IOException {
        String hello = line();
        assertThat(hello).startsWith("H " + uid() + " Linux " + (waits() ? "1 " : "0 "));

        send(1, "echo out; echo err >&2; exit 3", new byte[0]);

        assertThat(line()).isEqualTo("R 1 3 4 4");
        assertThat(bytes(8)).isEqualTo("out\nerr\n");
    }

    @Test
    void inputIsPassedExactlyEvenBinaryOrWithoutAFinalNewline() throws IOException {
        line();
        byte[] input = new byte[70_000];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) (i * 7);
        }
        send(1, "wc -c", input);
        send(2, "cat", "no newline".getBytes(StandardCharsets.UTF_8));

        List<String> replies = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String header = line();
            String[] parts = header.split(" ");
            replies.add(parts[1] + ":"
                    + bytes(Integer.parseInt(parts[3]) + Integer.parseInt(parts[4]))
                            .strip());
        }
        assertThat(replies).containsExactlyInAnyOrder("1:70000", "2:no newline");
    }

    @Test
    void aSlowCommandDoesNotHoldUpTheOthers() throws IOException {
        line();
        send(1, "sleep 3; echo slow", new byte[0]);
        send(2, "echo quick", new byte[0]);

        long t0 = System.nanoTime();
        assertThat(line()).isEqualTo("R 2 0 6 0");
        assertThat(bytes(6)).isEqualTo("quick\n");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(2500);
        assertThat(line()).isEqualTo("R 1 0 5 0");
        assertThat(bytes(5)).isEqualTo("slow\n");
    }

    @Test
    void aKilledCommandAnswersWithItsSignal() throws IOException {
        line();
        send(1, "sleep 30", new byte[0]);
        sleep(300);
        in.write("K 1 0 0\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();

        // No output: the short answer, on standard error (after what the shell says of the kill, "Terminated",
        // which the controller keeps apart as the shell's own words).
        String answer = line(err);
        while (!answer.startsWith("A ")) {
            answer = line(err);
        }
        assertThat(answer).matches("A 1 (143|130|137) 0 0");
    }

    @Test
    void aFollowedFileSendsItsLinesFromTheFirstOnStandardError(@TempDir Path dir) throws IOException {
        line();
        Path events = dir.resolve("exit-events");
        Files.writeString(events, "100 0\n");
        byte[] path = (events + "\n").getBytes(StandardCharsets.UTF_8);
        in.write(("F 7 " + path.length + " 0\n").getBytes(StandardCharsets.US_ASCII));
        in.write(path);
        in.flush();

        assertThat(line(err)).isEqualTo("E 7 100 0");
        Files.writeString(events, "101 4\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(line(err)).isEqualTo("E 7 101 4");
    }

    @Test
    void commandsSentAsLinesInReusedSlotsAnswerEveryShapeOfOutputExactly() throws IOException {
        line();
        // The built-in answer (nothing, on standard error) and the wc/cat one, in the same slot in turn.
        sendLines(1, "exit 4", 0);
        assertThat(line(err)).isEqualTo("A 1 4 0 0");
        String[][] cases = {
            {"exit 4", "A 1 4 0 0", ""},
            {"echo 12345", "R 2 0 6 0", "12345\n"},
            {"echo", "R 3 0 1 0", "\n"},
            {"printf 12", "R 4 0 2 0", "12"},
            {"echo 1; echo 2", "R 5 0 4 0", "1\n2\n"},
            {"echo -12", "R 6 0 4 0", "-12\n"},
            {"echo 7; echo e >&2", "R 7 0 2 2", "7\ne\n"},
            {"  x='a\\b  '\n\n  printf '%s|\\n' \"$x\"  ", "R 8 0 7 0", "a\\b  |\n"},
        };
        for (int i = 1; i < cases.length; i++) {
            sendLines(i + 1, cases[i][0], 0);
            assertThat(line()).as(cases[i][0]).isEqualTo(cases[i][1]);
            String[] parts = cases[i][1].split(" ");
            assertThat(bytes(Integer.parseInt(parts[3]) + Integer.parseInt(parts[4])))
                    .as(cases[i][0])
                    .isEqualTo(cases[i][2]);
        }
    }

    @Test
    void requestsMarkedShortAreAnsweredOnStandardErrorLineByLineOrElseAsUsual() throws IOException {
        line();
        // Lines, the last one without a newline, empty lines and spaces kept.
        sendLines(1, "echo '0 123'; echo; echo ' a  b '; printf 'end'", 0, "1");
        assertThat(line(err)).isEqualTo("A 1 0 4 1");
        assertThat(List.of(line(err), line(err), line(err), line(err))).containsExactly("0 123", "", " a  b ", "end");
        // Too many lines, or anything on stderr: the usual answer on standard output, whole.
        sendLines(2, "seq 1 100", 0, "1");
        assertThat(line()).isEqualTo("R 2 0 292 0");
        assertThat(bytes(292)).startsWith("1\n2\n").endsWith("99\n100\n");
        sendLines(3, "echo 5; echo oops >&2; exit 1", 0, "1");
        assertThat(line()).isEqualTo("R 3 1 2 5");
        assertThat(bytes(7)).isEqualTo("5\noops\n");
        // Not marked: one short line goes the usual way too (a long line is not read by the built-in).
        sendLines(4, "echo 0 1", 0);
        assertThat(line()).isEqualTo("R 4 0 4 0");
        assertThat(bytes(4)).isEqualTo("0 1\n");
    }

    @Test
    void aScriptMarkedInlineRunsInTheAgentsSubshellStartsBackgroundJobsAndIsNotKilledByK(@TempDir Path dir)
            throws IOException {
        line();
        Path started = dir.resolve("started");
        // As a start batch: a background job that outlives the request, its pid printed.
        sendLines(1, "x=1\n( sleep 1; echo $x > '" + started + "' ) & echo \"0 $!\"", 3, "2");
        in.write("K 1 0 0 3\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
        assertThat(line(err)).isEqualTo("A 1 0 1 0");
        assertThat(line(err)).matches("0 [0-9]+");
        sleep(1500);
        assertThat(Files.readString(started)).isEqualTo("1\n");
        // The agent goes on (K found no group to kill), its variables untouched by the script's.
        sendLines(2, "echo \"${x:-unset}\"", 3, "1");
        assertThat(line(err)).isEqualTo("A 2 0 1 0");
        assertThat(line(err)).isEqualTo("unset");
    }

    @Test
    void aKillForAnAnsweredRequestSparesTheNextOneInItsSlot() throws IOException {
        line();
        sendLines(1, "echo done", 0);
        assertThat(line()).isEqualTo("R 1 0 5 0");
        bytes(5);
        sendLines(2, "sleep 1; echo alive", 0);
        sleep(300);
        in.write("K 1 0 0 0\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();

        assertThat(line()).isEqualTo("R 2 0 6 0");
        assertThat(bytes(6)).isEqualTo("alive\n");
    }

    @Test
    void atStartItRemovesTheDirectoriesOfItsUsersAgentsThatNoLongerRunAndItsOwnAtTheEnd(@TempDir Path tmp)
            throws Exception {
        Path ended = Files.createDirectory(tmp.resolve("nepi-agent." + endedPid() + ".aaaaaa"));
        Files.writeString(ended.resolve("0.o"), "written while its agent's trap removed the rest");
        Path running = Files.createDirectory(
                tmp.resolve("nepi-agent." + ProcessHandle.current().pid() + ".bbbbbb"));
        Path unnamed = Files.createDirectory(tmp.resolve("nepi-agent.cccccc"));
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", ShellAgent.SCRIPT);
        builder.environment().put("TMPDIR", tmp.toString());
        Process second = builder.start();
        try {
            assertThat(line(new DataInputStream(second.getInputStream()))).startsWith("H ");

            assertThat(ended).doesNotExist();
            assertThat(running).isDirectory();
            assertThat(unnamed).isDirectory();
            try (var dirs = Files.list(tmp)) {
                assertThat(dirs.map(dir -> dir.getFileName().toString()))
                        .filteredOn(name -> name.startsWith("nepi-agent." + second.pid() + "."))
                        .hasSize(1);
            }
        } finally {
            second.getOutputStream().close();
            assertThat(second.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        try (var dirs = Files.list(tmp)) {
            assertThat(dirs).containsExactlyInAnyOrder(running, unnamed);
        }
    }

    private static long endedPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }

    private void sendLines(int id, String command, int slot) throws IOException {
        sendLines(id, command, slot, "");
    }

    private void sendLines(int id, String command, int slot, String mark) throws IOException {
        agent.sendLines(id, command, slot, mark);
    }

    private void send(int id, String command, byte[] input) throws IOException {
        agent.send(id, command, input);
    }

    private String line() throws IOException {
        return line(out);
    }

    private static String line(DataInputStream from) throws IOException {
        return LocalAgent.line(from);
    }

    private String bytes(int n) throws IOException {
        return agent.bytes(n);
    }

    /** Whether the agent started here can wait for its jobs (bash 5.1 or later, as Debian 12's 5.2). */
    boolean waits() {
        return true;
    }

    private static String uid() {
        try {
            Process p = new ProcessBuilder("id", "-u").start();
            try (InputStream s = p.getInputStream()) {
                return new String(s.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
