package nepi.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import nepi.core.ExperimentController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code ec.exec} refuses, before anything runs: each refusal says what was wrong and what is accepted. */
class NodeCommandsTest {

    @TempDir
    Path dir;

    private ExperimentController ec;

    @BeforeEach
    void create() {
        ec = new ExperimentController("exec-refusals", dir);
    }

    @AfterEach
    void shutdown() {
        ec.shutdown();
    }

    @Test
    void theNodeTypesAreTheTypesThatImplementCommandNode() {
        assertThat(NodeCommands.nodeTypes())
                .contains("linux::Node", "netns::Node")
                .doesNotContain("dummy::Node");
    }

    @Test
    void anUnknownGuidIsRefused() {
        ec.registerResource("dummy::Node");
        assertThatThrownBy(() -> ec.exec(7, "true"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no resource has guid 7");
    }

    @Test
    void anRmThatIsNotANodeIsRefusedNamingTheNodeTypes() {
        int app = ec.registerResource("dummy::Application");
        assertThatThrownBy(() -> ec.exec(app, "true"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dummy::Application #1 is not a node: commands run on RMs of type ")
                .hasMessageContaining("linux::Node")
                .hasMessageContaining("netns::Node");
    }

    @Test
    void aNodeNotDeployedYetIsRefusedNamingItsState() {
        int node = ec.registerResource("linux::Node", Map.of("hostname", "localhost"));
        assertThatThrownBy(() -> ec.exec(node, "true"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("linux::Node #1 is NEW: commands run on a node once it is deployed (PROVISIONED or later);"
                        + " deploy it first (ec.deploy() or %deploy)");
    }

    @Test
    void aReleasedNodeIsRefused() throws Exception {
        int node = ec.registerResource("linux::Node", Map.of("hostname", "localhost", "home", dir.toString()));
        ec.deploy();
        ec.waitDeployed(node);
        ec.release(node);
        ec.waitReleased(node);
        assertThatThrownBy(() -> ec.exec(node, "true"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("linux::Node #1 is RELEASED: a released node runs no commands");
    }

    @Test
    void aFailedNodeIsRefusedWithItsReason() throws Exception {
        int node = ec.registerResource("linux::Node", Map.of("hostname", "localhost", "home", "relative/dir"));
        ec.deploy();
        ec.wait(java.util.List.of(node), nepi.core.resource.ResourceState.FAILED, java.time.Duration.ofSeconds(30));
        assertThatThrownBy(() -> ec.exec(node, "true"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("linux::Node #1 is FAILED (")
                .hasMessageContaining("must be an absolute path")
                .hasMessageEndingWith(": a failed node runs no commands");
    }
}
