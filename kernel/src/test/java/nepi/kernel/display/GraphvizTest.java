package nepi.kernel.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphvizTest {

    @TempDir
    Path bin;

    @Test
    void theInstalledDotLaysAGraphOut() throws Exception {
        Graphviz graphviz = Graphviz.onPath();
        assertThat(graphviz.available())
                .as("dot on PATH (Debian package graphviz)")
                .isTrue();
        String plain =
                new String(graphviz.run(Graphviz.Engine.DOT, "plain", "digraph { a -> b; }"), StandardCharsets.UTF_8);
        assertThat(plain)
                .startsWith("graph ")
                .contains("node a ")
                .contains("edge a b ")
                .endsWith("stop\n");
    }

    @Test
    void aRunPastItsTimeLimitIsKilled() throws Exception {
        Path pidFile = bin.resolve("pid");
        fakeDot("echo $$ > " + pidFile + "; exec sleep 60");
        Graphviz slow = new Graphviz(bin, Duration.ofMillis(500));
        long started = System.nanoTime();
        assertThatThrownBy(() -> slow.run(Graphviz.Engine.DOT, "plain", "digraph {}"))
                .isInstanceOf(IOException.class)
                .hasMessage("dot took more than 500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle.of(pid)
                .ifPresent(p -> p.onExit().orTimeout(5, TimeUnit.SECONDS).join());
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                .as("dot left running")
                .isEmpty();
    }

    @Test
    void aFailingRunSaysWhy() throws Exception {
        fakeDot("echo 'Error: syntax error in line 1' >&2; echo 'more' >&2; exit 1");
        assertThatThrownBy(() -> new Graphviz(bin).run(Graphviz.Engine.DOT, "plain", "digraph {"))
                .isInstanceOf(IOException.class)
                .hasMessage("dot failed (exit code 1): Error: syntax error in line 1");
    }

    @Test
    void withoutGraphvizARunIsRefused() {
        assertThatThrownBy(() -> new Graphviz(null).run(Graphviz.Engine.DOT, "plain", "digraph {}"))
                .hasMessage("Graphviz is not installed (Debian package graphviz)");
    }

    private void fakeDot(String script) throws IOException {
        Path dot = bin.resolve("dot");
        Files.writeString(dot, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(dot, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
