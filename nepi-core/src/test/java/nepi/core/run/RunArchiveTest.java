package nepi.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nepi.core.ExperimentController;
import nepi.core.FailureLevel;
import nepi.core.resource.ResourceFactory;
import nepi.core.resource.ResourceState;
import nepi.core.resource.ResourceType;
import nepi.core.resource.Trace;
import nepi.core.resource.TraceSource;
import nepi.resources.dummy.DummyApplication;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunArchiveTest {

    @TempDir
    static Path dir;

    /** An application whose output is a local file; the one of guid 3 fails on start. */
    @ResourceType("test::Echo")
    static class Echo extends DummyApplication {
        static final Trace STDOUT = Trace.enabled("stdout", "Output");
        static final Trace DEBUG = Trace.of("debug", "Debug output, off by default");

        Echo(ExperimentController ec, int guid) {
            super(ec, guid);
        }

        @Override
        protected void doStart() throws Exception {
            if (getGuid() == 3) {
                throw new IllegalStateException("exit code 127");
            }
            Files.writeString(dir.resolve("echo-" + getGuid() + ".out"), "hello from " + getGuid() + "\n");
            super.doStart();
        }

        @Override
        public TraceSource traceSource(String name) {
            return TraceSource.ofFile(dir.resolve("echo-" + getGuid() + (name.equals("stdout") ? ".out" : ".dbg")));
        }
    }

    @BeforeAll
    static void types() {
        ResourceFactory.registerType(Echo.class);
    }

    @Test
    void anArchiveKeepsTheDescriptionTimelineFailuresAndTraces() throws InterruptedException, IOException {
        RunArchive archive;
        String runId;
        try (ExperimentController ec = new ExperimentController("archive-test", dir)) {
            int node = ec.registerResource("dummy::Node");
            int echo = ec.registerResource("test::Echo");
            int failing = ec.registerResource("test::Echo", java.util.Map.of("critical", false));
            ec.registerConnection(echo, node);
            ec.registerConnection(failing, node);
            ec.deploy();
            ec.waitFinished(echo, failing);
            archive = RunArchive.write(ec);
            runId = ec.getRunId();
            assertThat(archive.dir()).isEqualTo(ec.getRunDir());
        }
        Files.delete(dir.resolve("echo-2.out"));

        RunArchive reopened = RunArchive.open(archive.dir());
        assertThat(reopened.runId()).isEqualTo(runId);
        assertThat(reopened.failureLevel()).isEqualTo(FailureLevel.OK);
        assertThat(reopened.trace(2, "stdout")).isEqualTo("hello from 2\n");
        assertThatThrownBy(() -> reopened.trace(2, "debug")).hasMessageContaining("no archived trace 'debug'");
        RunArchive.ResourceRecord failed = reopened.resources().get(2);
        assertThat(failed.state()).isEqualTo(ResourceState.FAILED);
        assertThat(failed.failure()).contains("exit code 127");
        assertThat(reopened.resources().get(1).times())
                .containsKeys(ResourceState.NEW, ResourceState.READY, ResourceState.STARTED);
        assertThat(Files.readString(reopened.dir().resolve(RunArchive.DESCRIPTION)))
                .contains("test::Echo");
        assertThat(RunArchive.list(dir, "archive-test"))
                .extracting(RunArchive::runId)
                .containsExactly(runId);
        assertThat(RunArchive.list(dir, "no-such-experiment")).isEmpty();
    }
}
