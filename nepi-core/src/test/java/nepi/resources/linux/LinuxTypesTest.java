package nepi.resources.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceFactory;
import nepi.resources.linux.host.ShellWords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The linux family's schema, commands built from attributes, paths and quoting; no host touched. */
class LinuxTypesTest {

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
        ec = ec != null ? ec : new ExperimentController("types-test", dir);
        return ec;
    }

    @Test
    void typesAreFoundByNameAndNepi3Alias() {
        for (String name : new String[] {
            "linux::Node",
            "LinuxNode",
            "linux::Application",
            "LinuxApplication",
            "linux::Ping",
            "LinuxPing",
            "linux::Traceroute",
            "linux::Tcpdump",
            "linux::Iperf",
            "linux::Collector",
            "Collector"
        }) {
            assertThat(ResourceFactory.findType(name)).as(name).isPresent();
        }
        assertThat(ResourceFactory.getType("LinuxPing").getHelp()).contains("iputils-ping");
        assertThat(ResourceFactory.getType("linux::Tcpdump").getHelp()).contains("Debian package tcpdump");
    }

    @Test
    void specialisedApplicationsDefaultDependsToTheirPackageAndHaveNoCommand() {
        int ping = ec().registerResource("linux::Ping");
        assertThat(ec().get(ping, "depends")).isEqualTo("iputils-ping");
        assertThatThrownBy(() -> ec().get(ping, "command")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ec().getTraces(ping)).extracting(t -> t.name()).contains("stdout", "stderr", "exitcode");
    }

    @Test
    void pingCommandComesFromItsAttributes() {
        int ping = ec().registerResource(
                        "linux::Ping",
                        Map.of(
                                "target",
                                "10.0.0.1",
                                "count",
                                "5",
                                "interval",
                                0.5,
                                "packetSize",
                                100,
                                "ttl",
                                8,
                                "deadline",
                                10,
                                "printTimestamp",
                                true));
        LinuxPing rm = (LinuxPing) ec().getResource(ping);

        assertThat(rm.command()).isEqualTo("ping -D -c 5 -i 0.5 -s 100 -t 8 -w 10 10.0.0.1");
    }

    @Test
    void pingRefusesOutOfRangeValues() {
        int ping = ec().registerResource("linux::Ping");
        assertThatThrownBy(() -> ec().set(ping, "ttl", 300))
                .hasMessageContaining("ttl")
                .hasMessageContaining("300")
                .hasMessageContaining("from 1 to 255");
    }

    @Test
    void tcpdumpCommandQuotesTheExpression() {
        int dump = ec().registerResource(
                        "linux::Tcpdump",
                        Map.of(
                                "interface",
                                "eth0",
                                "expression",
                                "icmp and host 10.0.0.1",
                                "count",
                                10,
                                "timestamps",
                                "unix",
                                "verbosity",
                                "vv"));
        LinuxTcpdump rm = (LinuxTcpdump) ec().getResource(dump);

        assertThat(rm.command()).endsWith("exec tcpdump -l -nn -i eth0 -c 10 -vv -tt 'icmp and host 10.0.0.1'");
    }

    @Test
    void iperfClientNeedsATarget() {
        int client = ec().registerResource("linux::Iperf", Map.of("role", "client"));
        LinuxIperf rm = (LinuxIperf) ec().getResource(client);

        assertThatThrownBy(rm::command).hasMessageContaining("'target' is not set");
        rm.set("target", "10.0.0.2");
        rm.set("udp", true);
        rm.set("bandwidth", "5M");
        assertThat(rm.command()).isEqualTo("exec iperf3 -p 5201 --forceflush -c 10.0.0.2 -t 10 -u -b 5M");
    }

    @Test
    void iperfDurationIsRoundedUpToTheWholeSecondsIperf3Reads() {
        int client =
                ec().registerResource("linux::Iperf", Map.of("role", "client", "target", "10.0.0.2", "duration", 0.5));
        LinuxIperf rm = (LinuxIperf) ec().getResource(client);

        assertThat(rm.command()).matches(".* -t 1( .*)?");
    }

    @Test
    void localNamesRunLocallyUnlessAPortOrGatewayIsSet() {
        LinuxNode local = node(Map.of("hostname", "localhost"));
        LinuxNode loopback = node(Map.of("hostname", "127.0.0.1"));
        LinuxNode v6 = node(Map.of("hostname", "::1"));
        LinuxNode withPort = node(Map.of("hostname", "127.0.0.1", "port", 2222));
        LinuxNode viaGateway = node(Map.of("hostname", "localhost", "gateway", "gw.example.org"));
        LinuxNode remote = node(Map.of("hostname", "host.example.org"));

        assertThat(local.isLocal()).isTrue();
        assertThat(loopback.isLocal()).isTrue();
        assertThat(v6.isLocal()).isTrue();
        assertThat(withPort.isLocal()).isFalse();
        assertThat(viaGateway.isLocal()).isFalse();
        assertThat(remote.isLocal()).isFalse();
    }

    private LinuxNode node(Map<String, Object> attrs) {
        return (LinuxNode) ec().getResource(ec().registerResource("linux::Node", attrs));
    }

    @Test
    void layoutFollowsTheDesign() {
        NodeLayout layout = new NodeLayout("/home/u", "exp", "2024", 3);

        assertThat(layout.bin()).isEqualTo("/home/u/.nepi/nepi-usr/bin");
        assertThat(layout.nodeRunHome()).isEqualTo("/home/u/.nepi/nepi-exp/exp/node-3/2024");
        assertThat(layout.appRunHome(7)).isEqualTo("/home/u/.nepi/nepi-exp/exp/app-7/2024");
    }

    @Test
    void pathVariablesAreReplacedAndOtherVariablesLeftToTheShell() {
        PathVariables vars = PathVariables.of(new NodeLayout("/h", "e", "r", 1), 2);

        assertThat(vars.substitute("${BIN}/x ${RUN_HOME} $HOME ${OTHER}"))
                .isEqualTo("/h/.nepi/nepi-usr/bin/x /h/.nepi/nepi-exp/e/app-2/r $HOME ${OTHER}");
    }

    @Test
    void shellWordsQuoteWhatTheShellWouldSplitOrExpand() {
        assertThat(ShellWords.quote("/plain/path-1.txt")).isEqualTo("/plain/path-1.txt");
        assertThat(ShellWords.quote("two words")).isEqualTo("'two words'");
        assertThat(ShellWords.quote("it's $HOME")).isEqualTo("'it'\\''s $HOME'");
        assertThat(ShellWords.quote("")).isEqualTo("''");
    }

    @Test
    void listAttributesSplitOnSpacesAndSemicolons() {
        assertThat(LinuxApplication.words(" a.c b.c;c.c ")).containsExactly("a.c", "b.c", "c.c");
        assertThat(LinuxApplication.words(null)).isEmpty();
    }
}
