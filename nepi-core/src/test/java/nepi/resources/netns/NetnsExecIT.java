package nepi.resources.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import nepi.core.ExperimentController;
import nepi.core.exec.ExecOptions;
import nepi.core.exec.ExecResult;
import nepi.core.exec.RunningCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ec.exec} on a netns::Node runs inside its namespace, and a cancelled command ends there (needs root). */
class NetnsExecIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path home;

    private ExperimentController ec;
    private String prefix;

    @BeforeEach
    void needsRoot() {
        assumeTrue(Privileges.missing().isEmpty(), () -> Privileges.missing().orElse(""));
        ec = new ExperimentController("netns-exec-it-" + ProcessHandle.current().pid(), home.resolve("local"));
    }

    @AfterEach
    void shutdown() throws Exception {
        if (ec == null) {
            return;
        }
        ec.shutdown();
        if (prefix != null) {
            assertThat(Kernel.namespaces(prefix))
                    .as("namespaces left after release")
                    .isEmpty();
        }
        assertThat(Kernel.createdFor(ec.getExpId())).as("what the run left").isEmpty();
    }

    private int deployedNodeWithAddress(String cidr) throws Exception {
        Topology t = new Topology(ec, home);
        int node = t.node();
        int other = t.node();
        t.link(node, cidr, other, null);
        ec.deploy();
        assertThat(ec.waitDeployed(ec.getResources(), WAIT)).isTrue();
        prefix = Kernel.prefixOf(((NetnsNode) ec.getResource(node)).namespace());
        return node;
    }

    @Test
    void commandsRunInsideTheNodesNamespace() throws Exception {
        int node = deployedNodeWithAddress("198.18.7.1/30");
        String namespace = ((NetnsNode) ec.getResource(node)).namespace();

        ExecResult identify = ec.exec(node, "ip netns identify $$");
        assertThat(identify.stdout().strip()).isEqualTo(namespace);
        ExecResult addresses = ec.exec(node, "ip -o -4 addr show | awk '{print $2, $4}'");
        assertThat(addresses.stdout()).isEqualTo("lo 127.0.0.1/8\neth0 198.18.7.1/30\n");
        assertThat(ec.exec(node, "ping -c 1 -W 1 198.18.7.2").exitCode())
                .as("the other end has no address: unreachable")
                .isNotZero();
    }

    @Test
    void aCancelledCommandEndsInsideTheNamespace() throws Exception {
        int node = deployedNodeWithAddress("198.18.7.5/30");
        List<String> out = new CopyOnWriteArrayList<>();
        RunningCommand running = ec.startExec(
                node, "sleep 300 & echo \"$$ $!\"; wait", ExecOptions.defaults().onStdout(out::add));
        await().atMost(Duration.ofSeconds(30)).until(() -> !out.isEmpty());
        String[] ids = out.get(0).split(" ");
        int child = Integer.parseInt(ids[1]);
        assertThat(live(child)).isTrue();
        assertThat(running.cancel()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> !live(child) && !live(Integer.parseInt(ids[0])));
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
