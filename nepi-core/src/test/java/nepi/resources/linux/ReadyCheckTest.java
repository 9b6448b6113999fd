package nepi.resources.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import nepi.core.ExperimentController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing {@code readyCheck} and {@code readyTimeout}, and the checks the server-like types give themselves. */
class ReadyCheckTest {

    @TempDir
    Path dir;

    private ExperimentController ec;

    @AfterEach
    void shutdown() {
        if (ec != null) {
            ec.shutdown();
        }
    }

    private ExperimentController ec() {
        ec = ec != null ? ec : new ExperimentController("ready-test", dir);
        return ec;
    }

    @Test
    void theThreeFormsAreParsedAndPrintedBack() {
        assertThat(ReadyCheck.parse("port:5201")).contains(new ReadyCheck.Port(5201));
        assertThat(ReadyCheck.parse(" port: 80 ")).contains(new ReadyCheck.Port(80));
        assertThat(ReadyCheck.parse("file:${RUN_HOME}/ready")).contains(new ReadyCheck.File("${RUN_HOME}/ready"));
        assertThat(ReadyCheck.parse("cmd:curl -sf http://localhost:8080/"))
                .contains(new ReadyCheck.Command("curl -sf http://localhost:8080/"));
        assertThat(ReadyCheck.parse("cmd:grep -q a:b stdout").orElseThrow().toString())
                .isEqualTo("cmd:grep -q a:b stdout");
        assertThat(ReadyCheck.parse("port:5201").orElseThrow().toString()).isEqualTo("port:5201");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "none", " none "})
    void noneAndBlankMeanNoCheck(String text) {
        assertThat(ReadyCheck.parse(text)).isEmpty();
        assertThat(ReadyCheck.parse(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"port:0", "port:65536", "port:http", "port:", "file:", "cmd:  ", "tcp:80", "5201", "cmd:a\nb"})
    void badValuesAreRefusedNamingTheAcceptedForms(String text) {
        assertThatThrownBy(() -> ReadyCheck.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("readyCheck \"" + text + "\" is not understood")
                .hasMessageContaining("accepted: port:N")
                .hasMessageContaining("file:PATH")
                .hasMessageContaining("cmd:COMMAND");
    }

    @Test
    void aBadValueIsRefusedAtSetWithTheRmNamed() {
        int app = ec().registerResource("linux::Application");
        assertThatThrownBy(() -> ec().set(app, "readyCheck", "tcp:80"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("linux::Application #" + app)
                .hasMessageContaining("unknown kind 'tcp:'")
                .hasMessageContaining("accepted: port:N");
        assertThatThrownBy(() -> ec().set(app, "readyTimeout", "soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("readyTimeout \"soon\"")
                .hasMessageContaining("e.g. 30s");
        assertThatThrownBy(() -> ec().set(app, "readyTimeout", 0)).hasMessageContaining("more than 0");
        ec().set(app, "readyCheck", " port:8080 ");
        assertThat(ec().get(app, "readyCheck")).isEqualTo("port:8080");
    }

    @Test
    void timeoutsAreSecondsOrTimeStrings() {
        assertThat(ReadyCheck.parseTimeout("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(ReadyCheck.parseTimeout("2.5")).isEqualTo(Duration.ofMillis(2500));
        assertThat(ReadyCheck.parseTimeout("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ReadyCheck.parseTimeout("2m")).isEqualTo(Duration.ofMinutes(2));
        int app = ec().registerResource("linux::Application");
        assertThat(ec().get(app, "readyTimeout")).isEqualTo("30s");
    }

    @Test
    void anIperfServerChecksItsPortUnlessToldOtherwise() {
        int server = ec().registerResource("linux::Iperf", Map.of("role", "server", "port", 15333));
        int client = ec().registerResource("linux::Iperf", Map.of("role", "client", "target", "127.0.0.1"));
        int quiet = ec().registerResource("linux::Iperf", Map.of("role", "server", "readyCheck", "none"));
        assertThat(((LinuxIperf) ec().getResource(server)).readyCheck()).contains(new ReadyCheck.Port(15333));
        assertThat(((LinuxIperf) ec().getResource(client)).readyCheck()).isEqualTo(Optional.empty());
        assertThat(((LinuxIperf) ec().getResource(quiet)).readyCheck()).isEmpty();
    }

    @Test
    void tcpdumpIsReadyOnceItSaysItListens() {
        int dump = ec().registerResource("linux::Tcpdump");
        assertThat(((LinuxTcpdump) ec().getResource(dump)).readyCheck().orElseThrow())
                .isInstanceOf(ReadyCheck.Command.class)
                .hasToString("cmd:grep -qs 'listening on' stderr");
    }

    @Test
    void aPortCheckReadsListeningSocketsFromProcNetWithTheHexPort() {
        String test = new ReadyCheck.Port(5201).test(new PathVariables(Map.of()));
        assertThat(test)
                .contains("/proc/net/tcp /proc/net/tcp6")
                .contains("p=1451")
                .contains("\"0A\"");
    }

    @Test
    void aFileCheckSubstitutesTheApplicationsVariablesAndQuotes() {
        PathVariables vars = new PathVariables(Map.of("RUN_HOME", "/h/run 1"));
        assertThat(new ReadyCheck.File("${RUN_HOME}/ready").test(vars)).startsWith("[ -e '/h/run 1/ready' ]");
        assertThat(new ReadyCheck.File("~/x y").test(vars)).startsWith("[ -e \"$HOME\"/'x y' ]");
    }
}
