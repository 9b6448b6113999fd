package nepi.resources.linux.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start batches run by an agent as an SSH channel starts it (bash here): commands started as jobs of the
 * request's subshell, without their wrappers, end as their wrappers would record it.
 */
// An answer that never comes fails the test rather than hanging the build.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StartBatchTest {

    @TempDir
    Path dir;

    private LocalAgent agent;
    private Path events;
    private int requests;

    @BeforeEach
    void start() throws IOException {
        agent = LocalAgent.booted();
        assertThat(LocalAgent.line(agent.out))
                .as("the agent's hello says it waits")
                .matches("H \\d+ Linux 1 .*");
        events = dir.resolve("exit-events");
    }

    @AfterEach
    void stop() throws Exception {
        assertThat(agent.endInput()).as("the agent ends with its input").isTrue();
    }

    @Test
    void aCommandRunsAsAProcessGroupOfItsOwnAndItsEndIsRecordedAsItsWrapperWould() throws Exception {
        ProcessFiles app = files("app");
        int pid = startOne(app, "echo hi; sleep 0.5 & sleep 1; exit 3");

        assertThat(groupOf(pid)).as("the command leads its process group").isEqualTo(pid);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(Path.of(app.exitCodeFile())));
        assertThat(Files.readString(Path.of(app.exitCodeFile()))).isEqualTo("3\n");
        assertThat(Files.readString(Path.of(app.stdout()))).isEqualTo("hi\n");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> Files.readString(events).equals(pid + " 3\n"));
    }

    @Test
    void everyEndIsRecordedOnceWithItsCodeHoweverSoonTheCommandsEnd() throws Exception {
        // Commands that end before their batch waits for them (the shell may have reaped them already) among
        // ones that end later, in batches sent at once.
        List<ProcessFiles> all = new ArrayList<>();
        List<Integer> pids = new ArrayList<>();
        for (int batch = 0; batch < 20; batch++) {
            List<ProcessFiles> files = new ArrayList<>();
            List<String> commands = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                files.add(files("b" + batch + "-" + i));
                commands.add(i == 4 ? "sleep 0.3; exit 4" : "exit " + i);
            }
            all.addAll(files);
            pids.addAll(start(files, commands));
        }

        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.readAllLines(events).size() >= all.size());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            assertThat(Files.readString(Path.of(all.get(i).exitCodeFile()))).isEqualTo((i % 5) + "\n");
            expected.add(pids.get(i) + " " + (i % 5));
        }
        assertThat(Files.readAllLines(events)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theCommandSeesTheVariablesAndNameThatAFreshBashGivesItsScript() throws Exception {
        String listing = "compgen -v | sort > vars; echo \"$0\" > zero; declare -F > functions\n";
        ProcessFiles app = files("app");
        startOne(app, listing);
        Path fresh = Files.createDirectories(dir.resolve("fresh"));
        Files.writeString(fresh.resolve("cmd.sh"), listing);
        new ProcessBuilder("bash", "./cmd.sh").directory(fresh.toFile()).start().waitFor();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(Path.of(app.exitCodeFile())));

        Path ran = Path.of(app.dir());
        assertThat(Files.readString(ran.resolve("zero"))).isEqualTo("./cmd.sh\n");
        assertThat(Files.readString(ran.resolve("functions"))).isEmpty();
        // The agent's and the batch's variables are gone; what a fresh bash has (BASH_ARGV, SHLVL, ...) is there.
        // PIPESTATUS, the statuses of the last pipeline, is set before the command's first one in a subshell.
        Set<String> seen = lines(ran.resolve("vars"));
        seen.remove("PIPESTATUS");
        Set<String> expected = lines(fresh.resolve("vars"));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aCommandThatExecsAnotherOrNamesItsPidHasItsEndRecordedAllTheSame() throws Exception {
        ProcessFiles execs = files("execs");
        ProcessFiles names = files("names");
        List<Integer> pids = start(List.of(execs, names), List.of("exec sh -c 'exit 4'", "echo $$ > mine"));

        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        Files.exists(Path.of(execs.exitCodeFile())) && Files.exists(Path.of(names.exitCodeFile())));
        assertThat(Files.readString(Path.of(execs.exitCodeFile()))).isEqualTo("4\n");
        assertThat(Files.readString(Path.of(names.dir(), "mine")).strip())
                .as("$$ is the command's own pid, as in a fresh bash")
                .isEqualTo(pids.get(1).toString());
    }

    @Test
    void aKilledGroupIsRecordedWithItsSignalAndTheAgentsOutputIsNotHeldByTheCommands() throws Exception {
        ProcessFiles app = files("app");
        int pid = startOne(app, "sleep 30");

        new ProcessBuilder("kill", "-TERM", "--", "-" + pid).start().waitFor();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(Path.of(app.exitCodeFile())));
        assertThat(Files.readString(Path.of(app.exitCodeFile()))).isEqualTo("143\n");

        startOne(files("long"), "sleep 5");
        long before = System.nanoTime();
        assertThat(agent.endInput()).isTrue();
        assertThat(agent.out.read())
                .as("the agent's output ends with it, not with the command")
                .isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aWrapperOtherThanTheStandardOneIsStartedAsWritten() throws Exception {
        ProcessFiles app = files("app");
        String own = "#!/bin/sh\necho own > " + app.dir() + "/marker\necho \"$$ 0\" >> " + events + "\n";
        List<FileContent> before = List.of(
                FileContent.text(app.commandScript(), "true\n", true),
                FileContent.text(app.wrapperScript(), own, true));
        int pid = start(List.of(new StartBatch.Order(before, app, new CompletableFuture<>())))
                .get(0);

        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(Path.of(app.dir(), "marker")));
        assertThat(Files.isExecutable(Path.of(app.wrapperScript()))).isTrue();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> Files.readString(events).equals(pid + " 0\n"));
    }

    private ProcessFiles files(String name) throws IOException {
        return new ProcessFiles(Files.createDirectories(dir.resolve(name)).toString());
    }

    private int startOne(ProcessFiles files, String command) throws IOException {
        return start(List.of(files), List.of(command)).get(0);
    }

    /** Starts {@code commands[i]} in {@code files[i]} with the standard wrapper, in one batch; their pids. */
    private List<Integer> start(List<ProcessFiles> files, List<String> commands) throws IOException {
        List<StartBatch.Order> orders = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            ProcessFiles pf = files.get(i);
            orders.add(new StartBatch.Order(
                    List.of(
                            FileContent.text(pf.commandScript(), commands.get(i) + "\n", true),
                            FileContent.text(pf.wrapperScript(), pf.wrapperText(false, events.toString()), true)),
                    pf,
                    new CompletableFuture<>()));
        }
        return start(orders);
    }

    private List<Integer> start(List<StartBatch.Order> orders) throws IOException {
        int id = ++requests;
        agent.sendLines(id, StartBatch.script(orders, events.toString(), true), 0, "2");
        String header = LocalAgent.line(agent.err);
        assertThat(header).startsWith("A " + id + " 0 " + orders.size() + " ");
        List<Integer> pids = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            String[] parts = LocalAgent.line(agent.err).split(" ");
            pids.add(Integer.parseInt(parts[1]));
        }
        return pids;
    }

    private static int groupOf(int pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
    }

    private static Set<String> lines(Path file) throws IOException {
        return new TreeSet<>(Files.readAllLines(file));
    }
}
