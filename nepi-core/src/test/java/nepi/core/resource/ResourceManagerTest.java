package nepi.core.resource;

import static nepi.core.resource.ResourceState.FAILED;
import static nepi.core.resource.ResourceState.NEW;
import static nepi.core.resource.ResourceState.READY;
import static nepi.core.resource.ResourceState.RELEASED;
import static nepi.core.resource.ResourceState.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.core.FailureLevel;
import nepi.core.TaskStatus;
import nepi.resources.dummy.DummyApplication;
import nepi.resources.dummy.DummyNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceManagerTest {

    @TempDir
    static Path traces;

    /** An application whose stdout trace is a local file. */
    @ResourceType("test::Logger")
    static class Logger extends DummyApplication {
        static final Trace STDOUT = Trace.enabled("stdout", "Standard output");

        Logger(ExperimentController ec, int guid) {
            super(ec, guid);
        }

        @Override
        public TraceSource traceSource(String name) {
            return TraceSource.ofFile(traces.resolve("app-" + getGuid() + ".out"));
        }
    }

    /** A node that cannot be deployed. */
    @ResourceType("test::BrokenNode")
    static class BrokenNode extends DummyNode {
        BrokenNode(ExperimentController ec, int guid) {
            super(ec, guid);
        }

        @Override
        protected void doProvision() throws IOException {
            throw new IOException("disk full");
        }
    }

    /**
     * Starts only once every connected node is STARTED, deferring its start with {@code deferUntil}
     * without naming the step; counts how often its start hook ran.
     */
    @ResourceType("test::StartsAfterItsNode")
    static class StartsAfterItsNode extends ResourceManager {
        final java.util.concurrent.atomic.AtomicInteger startHooks = new java.util.concurrent.atomic.AtomicInteger();

        StartsAfterItsNode(ExperimentController ec, int guid) {
            super(ec, guid);
        }

        @Override
        protected void doStart() throws Exception {
            startHooks.incrementAndGet();
            if (deferUntil(getConnected(DummyNode.class), STARTED)) {
                return;
            }
            super.doStart();
        }

        void deferOutsideAHook(ResourceManager other) {
            deferUntil(other, READY);
        }
    }

    private final ExperimentController ec = new ExperimentController();

    @BeforeAll
    static void types() {
        ResourceFactory.registerType(Logger.class);
        ResourceFactory.registerType(BrokenNode.class);
        ResourceFactory.registerType(StartsAfterItsNode.class);
    }

    @AfterEach
    void shutdown() {
        ec.shutdown();
    }

    @Test
    void stepsOutOfOrderAreRefusedWithoutChange() {
        int app = ec.registerResource("dummy::Application", Map.of("duration", 3600));
        ResourceManager rm = ec.getResource(app);
        rm.start();
        rm.stop();
        assertThat(rm.getState()).isEqualTo(NEW);
        rm.deploy();
        rm.stop();
        assertThat(rm.getState()).isEqualTo(READY);
        rm.start();
        rm.deploy();
        assertThat(rm.getState()).isEqualTo(STARTED);
        assertThat(rm.getReadyTime()).isBefore(rm.getStartTime());
    }

    @Test
    void aHookExceptionFailsTheResourceRecordsTheErrorAndFailsTheTask() {
        int node = ec.registerResource("test::BrokenNode", Map.of("critical", false));
        long task = ec.schedule("0s", ec.getResource(node)::deploy, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> ec.getTask(task).getStatus() != TaskStatus.NEW);
        assertThat(ec.getTask(task).getStatus()).isEqualTo(TaskStatus.ERROR);
        assertThat(ec.getTask(task).getError())
                .isInstanceOf(ResourceException.class)
                .hasMessageContaining("test::BrokenNode #" + node)
                .hasMessageContaining("disk full");
        assertThat(ec.state(node)).isEqualTo(FAILED);
        assertThat(ec.getResource(node).getFailure()).containsInstanceOf(IOException.class);
        assertThat(ec.getResource(node).getFailureReason()).contains("disk full");
        assertThat(ec.getFailedTime(node)).isNotNull();
        assertThat(ec.getFailureLevel()).isEqualTo(FailureLevel.OK);
    }

    @Test
    void aResourceWaitingForAFailedOneFailsWithTheReason() throws InterruptedException {
        int node = ec.registerResource("test::BrokenNode", Map.of("critical", false));
        int app = ec.registerResource("dummy::Application", Map.of("critical", false));
        ec.registerConnection(app, node);
        ec.deploy();
        ec.waitDeployed(app);
        assertThat(ec.state(app)).isEqualTo(FAILED);
        assertThat(ec.getResource(app).getFailureReason())
                .get()
                .asString()
                .contains("test::BrokenNode #" + node)
                .contains("FAILED");
    }

    @Test
    void releaseWaitsForARunningStepOfTheSameResource() throws InterruptedException {
        ec.setGlobal("dummy::Application", "opDelay", 0.3);
        int app = ec.registerResource("dummy::Application");
        ResourceManager rm = ec.getResource(app);
        rm.deploy();
        ec.schedule("0s", rm::start);
        Thread.sleep(50);
        ec.release(app);
        assertThat(rm.getState()).isEqualTo(RELEASED);
        assertThat(rm.getStartTime()).isNotNull();
        assertThat(rm.getReleaseTime()).isAfter(rm.getStartTime());
    }

    @Test
    void tracesAreReadWholeInBlocksBySizeAndByPath() throws IOException {
        int app = ec.registerResource("test::Logger");
        assertThat(ec.trace(app, "stdout")).isEmpty();
        assertThat(ec.trace(app, "stdout", TraceAttr.SIZE)).isEqualTo("0");
        Path file = traces.resolve("app-" + app + ".out");
        Files.writeString(file, "0123456789abcdef", StandardCharsets.UTF_8);

        assertThat(ec.trace(app, "stdout")).isEqualTo("0123456789abcdef");
        assertThat(ec.trace(app, "stdout", TraceAttr.SIZE)).isEqualTo("16");
        assertThat(ec.trace(app, "stdout", TraceAttr.PATH)).isEqualTo(file.toString());
        assertThat(ec.trace(app, "stdout", TraceAttr.STREAM, 4, 0)).isEqualTo("0123");
        assertThat(ec.trace(app, "stdout", TraceAttr.STREAM, 4, 3)).isEqualTo("cdef");
        assertThat(ec.trace(app, "stdout", TraceAttr.STREAM, 5, 3)).isEqualTo("f");
        assertThat(ec.trace(app, "stdout", TraceAttr.STREAM, 4, 9)).isEmpty();
        assertThatThrownBy(() -> ec.trace(app, "stdout", TraceAttr.STREAM, 0, 0))
                .hasMessageContaining("block > 0");
    }

    @Test
    void aStreamReadOfALargeTraceReadsOnlyTheBlockAsked() throws IOException {
        int app = ec.registerResource("test::Logger");
        Path file = traces.resolve("app-" + app + ".out");
        try (var out = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(2L << 30);
            out.seek((2L << 30) - 4);
            out.write("tail".getBytes(StandardCharsets.UTF_8));
        }
        long size = Long.parseLong(ec.trace(app, "stdout", TraceAttr.SIZE));
        assertThat(size).isEqualTo(2L << 30);
        assertThat(ec.trace(app, "stdout", TraceAttr.STREAM, 4, size / 4 - 1)).isEqualTo("tail");
        Files.delete(file);
    }

    @Test
    void deferUntilWithoutAStepRunsTheDeferredStepAgainOnceTheOtherGotThere() throws InterruptedException {
        int node = ec.registerResource("dummy::Node");
        int waiting = ec.registerResource("test::StartsAfterItsNode");
        ec.registerConnection(waiting, node);
        StartsAfterItsNode rm = (StartsAfterItsNode) ec.getResource(waiting);
        ec.getResource(node).deploy();
        rm.deploy();
        rm.start();
        assertThat(rm.getState()).isEqualTo(READY);
        assertThat(rm.startHooks.get()).isEqualTo(1);

        ec.start(node);
        assertThat(ec.waitStarted(waiting)).isTrue();
        assertThat(rm.startHooks.get()).isEqualTo(2);
        assertThat(rm.getStartTime()).isAfterOrEqualTo(ec.getStartTime(node));
    }

    @Test
    void deferUntilWithoutAStepIsRefusedOutsideAHook() {
        int node = ec.registerResource("dummy::Node");
        StartsAfterItsNode rm = (StartsAfterItsNode) ec.getResource(ec.registerResource("test::StartsAfterItsNode"));
        assertThatThrownBy(() -> rm.deferOutsideAHook(ec.getResource(node)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only inside a hook")
                .hasMessageContaining("deferUntil(other, READY, this::deploy)");
    }

    @Test
    void deploymentGroupsCanBeExtended() throws InterruptedException {
        int a = ec.registerResource("dummy::Node");
        int b = ec.registerResource("dummy::Node");
        int group = ec.deploy(List.of(a), true, 7);
        assertThat(group).isEqualTo(7);
        assertThat(ec.deploy(List.of(b), true, 7)).isEqualTo(7);
        assertThat(ec.waitStarted(a, b)).isTrue();
        assertThat(ec.deploy(ec.registerResource("dummy::Node"))).isGreaterThan(7);
    }
}
