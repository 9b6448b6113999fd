package nepi.resources.netns;

import static nepi.core.resource.ResourceState.FAILED;
import static nepi.core.resource.ResourceState.NEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.core.resource.Attribute;
import nepi.core.resource.ResourceFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad netns designs: refused when they are made (values, connections) or, for what only the
 * whole design shows, at deploy before anything is created. None of this needs root: the
 * design is checked before privileges.
 */
class NetnsDesignTest {

    @TempDir
    Path home;

    private ExperimentController ec;
    private Topology t;

    @BeforeEach
    void newExperiment() {
        ec = new ExperimentController("netns-design-" + ProcessHandle.current().pid(), home.resolve("local"));
        t = new Topology(ec, home);
    }

    @AfterEach
    void shutdown() {
        ec.shutdown();
    }

    @Test
    void theFamilyIsRegisteredAndNodesAreLinuxNodesWithoutSsh() {
        assertThat(ResourceFactory.getType("netns::Node").getResourceClass()).isEqualTo(NetnsNode.class);
        assertThat(ResourceFactory.getType("NetnsSwitch").getName()).isEqualTo("netns::Switch");
        List<String> nodeAttributes = ResourceFactory.getType("netns::Node").getAttributes().stream()
                .map(Attribute::getName)
                .toList();
        assertThat(nodeAttributes)
                .contains("home", "tearDown", "cleanProcesses", "forwarding")
                .doesNotContain("hostname", "username", "port", "identity", "gateway");
        assertThat(ResourceFactory.getType("netns::Application").getTraces())
                .extracting(tr -> tr.name())
                .contains("stdout", "stderr", "exitcode");
        assertThat(ResourceFactory.getType("netns::Interface").getAttributes())
                .extracting(Attribute::getName)
                .contains("ip", "name", "up", "mtu", "rate", "delay", "loss");
    }

    @Test
    void aNameLongerThanTheKernelAllowsIsRefusedWhenSet() {
        int iface = t.iface(t.node(), null);
        assertThatThrownBy(() -> ec.set(iface, "name", "sixteen-chars-xx"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'name'")
                .hasMessageContaining("16 characters")
                .hasMessageContaining("1 to 15");
        assertThat(ec.get(iface, "name")).isNull();
        ec.set(iface, "name", "fifteen-chars-x");
        assertThat(ec.get(iface, "name")).isEqualTo("fifteen-chars-x");
        assertThatThrownBy(() -> ec.set(iface, "name", "eth 0")).hasMessageContaining("spaces");
        assertThatThrownBy(() -> ec.set(iface, "name", "lo")).hasMessageContaining("loopback");
    }

    @Test
    void namesThatIpTcOrTheirBatchFilesWouldMisreadAreRefusedWhenSetSayingWhatIsAccepted() {
        int iface = t.iface(t.node(), null);
        for (String bad : List.of(
                "eth#1", "a\"b", "a'b", "a b", "a\tb", "a/b", "a:b", "a@b", "-x", ".x", "help", "dev", "name", "all",
                "default", "any", "lo")) {
            assertThatThrownBy(() -> ec.set(iface, "name", bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'name'")
                    .hasMessageContaining("\"" + bad + "\" is not accepted")
                    .hasMessageContaining("ASCII letters, digits, '-', '_' or '.'")
                    .hasMessageContaining("e.g. eth0");
            assertThat(ec.get(iface, "name")).isNull();
        }
        for (String good : List.of("h", "wan-1", "eth0.10", "up0", "a_b", "0x")) {
            ec.set(iface, "name", good);
            assertThat(ec.get(iface, "name")).isEqualTo(good);
        }
    }

    @Test
    void unnamedInterfacesAreNamedInRegistrationOrderWhicheverDeploysFirst() {
        int node = t.node();
        int first = t.iface(node, null);
        int named = t.iface(node, null);
        ec.set(named, "name", "eth0");
        int third = t.iface(node, null);
        int last = t.iface(node, null);
        NetnsNode rm = t.nodeRm(node);

        // The deploy threads may reach the node in any order; the last registered comes first here.
        assertThat(rm.assignName((NetnsInterface) ec.getResource(last))).isEqualTo("eth3");
        assertThat(ec.get(first, "name")).isEqualTo("eth1");
        assertThat(ec.get(third, "name")).isEqualTo("eth2");
        assertThat(rm.assignName((NetnsInterface) ec.getResource(first))).isEqualTo("eth1");
        assertThat(rm.assignName((NetnsInterface) ec.getResource(named))).isEqualTo("eth0");
    }

    @Test
    void malformedValuesAreRefusedWhenSet() {
        int iface = t.iface(t.node(), null);
        assertThatThrownBy(() -> ec.set(iface, "ip", "198.18.0.1"))
                .hasMessageContaining("'ip'")
                .hasMessageContaining("no prefix length");
        assertThatThrownBy(() -> ec.set(iface, "ip", "198.18.0.0/24"))
                .hasMessageContaining("network itself")
                .hasMessageContaining("198.18.0.1/24");
        assertThatThrownBy(() -> ec.set(iface, "ip", "198.18.0.255/24")).hasMessageContaining("broadcast");
        assertThatThrownBy(() -> ec.set(iface, "rate", "fast"))
                .hasMessageContaining("'rate'")
                .hasMessageContaining("e.g. 10mbit");
        assertThatThrownBy(() -> ec.set(iface, "loss", 101)).hasMessageContaining("'loss'");
        assertThatThrownBy(() -> ec.set(iface, "mtu", 20)).hasMessageContaining("'mtu'");
        ec.set(iface, "rate", "10M");
        assertThat(ec.get(iface, "rate")).isEqualTo("10mbit");
        int route = ec.registerResource("netns::Route");
        assertThatThrownBy(() -> ec.set(route, "nexthop", "198.18.0"))
                .hasMessageContaining("'nexthop'")
                .hasMessageContaining("not an IPv4 address");
        assertThatThrownBy(() -> ec.set(route, "prefix", 33)).hasMessageContaining("'prefix'");
    }

    @Test
    void anInterfaceConnectedToTwoSwitchesIsRefused() {
        int sw1 = t.switchNode();
        int sw2 = t.switchNode();
        int iface = t.port(t.node(), sw1, "198.18.0.1/24");
        assertThatThrownBy(() -> ec.registerConnection(iface, sw2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already linked to netns::Switch #" + sw1)
                .hasMessageContaining("one link");
        assertThat(ec.getResource(iface).getConnections()).doesNotContain(sw2);
        assertThat(ec.getResource(sw2).getConnections()).isEmpty();
    }

    @Test
    void otherWrongConnectionsAreRefused() {
        int a = t.node();
        int b = t.node();
        int sw = t.switchNode();
        int[] link = t.link(a, "198.18.0.1/30", b, "198.18.0.2/30");
        assertThatThrownBy(() -> ec.registerConnection(link[0], sw)).hasMessageContaining("one link");
        assertThatThrownBy(() -> ec.registerConnection(link[0], b)).hasMessageContaining("already belongs to");
        assertThatThrownBy(() -> ec.registerConnection(a, sw)).hasMessageContaining("register a netns::Interface");
        assertThatThrownBy(() -> ec.registerConnection(a, b)).hasMessageContaining("through netns::Interface");
        int route = t.route(a, "198.18.9.0", 24, "198.18.0.2");
        assertThatThrownBy(() -> ec.registerConnection(route, b)).hasMessageContaining("already goes in the table");
        int linuxNode = ec.registerResource("linux::Node", Map.of("hostname", "localhost"));
        int app = ec.registerResource("netns::Application", Map.of("command", "true"));
        assertThatThrownBy(() -> ec.registerConnection(app, linuxNode)).hasMessageContaining("is not one");
    }

    @Test
    void aNodeGoesOnOneLinuxNodeWhoseUnderlayIsAnIpv4Address() {
        int a = t.node();
        int host = ec.registerResource("linux::Node", Map.of("hostname", "198.18.7.2"));
        int other = ec.registerResource("linux::Node", Map.of("hostname", "198.18.7.3"));
        ec.registerConnection(a, host);
        assertThat(((NetnsNode) ec.getResource(a)).base().map(n -> n.getGuid())).contains(host);
        assertThat(((NetnsNode) ec.getResource(a)).isLocal()).isFalse();
        assertThatThrownBy(() -> ec.registerConnection(a, other)).hasMessageContaining("lives on one linux::Node");
        assertThatThrownBy(() -> ec.set(other, "underlay", "198.18.7")).hasMessageContaining("is not an IPv4 address");
        ec.set(other, "underlay", "198.18.7.30");
        assertThat(ec.getResource(other).get(nepi.resources.linux.LinuxNode.UNDERLAY))
                .isEqualTo("198.18.7.30");
    }

    @Test
    void overlappingAddressesOnOneNodeFailDeployBeforeAnythingIsCreated() throws Exception {
        int a = t.node();
        int b = t.node();
        int c = t.node();
        int[] ab = t.link(a, "198.18.0.1/24", b, "198.18.0.2/24");
        int[] ac = t.link(a, "198.18.0.129/25", c, "198.18.0.130/25");
        assertDeployFailsBeforeCreatingAnything(
                "have overlapping addresses",
                "netns::Interface #" + ab[0] + " (198.18.0.1/24) and netns::Interface #" + ac[0]
                        + " (198.18.0.129/25)");
    }

    @Test
    void anAddressUsedOnTwoNodesFailsDeployBeforeAnythingIsCreated() throws Exception {
        int a = t.node();
        int b = t.node();
        int c = t.node();
        int[] ab = t.link(a, "198.18.1.1/24", b, "198.18.1.2/24");
        int[] bc = t.link(b, "198.18.2.1/24", c, "198.18.1.1/30");
        assertDeployFailsBeforeCreatingAnything("address 198.18.1.1 is used twice: by netns::Interface #" + ab[0]
                + " and by netns::Interface #" + bc[1]);
    }

    @Test
    void aRouteThroughAnUnreachableNextHopFailsDeployBeforeAnythingIsCreated() throws Exception {
        int a = t.node();
        int b = t.node();
        t.link(a, "198.18.1.1/24", b, "198.18.1.2/24");
        int route = t.route(a, "198.18.2.0", 24, "198.18.7.1");
        assertDeployFailsBeforeCreatingAnything(
                "netns::Route #" + route + ": next hop 198.18.7.1 is unreachable from" + " netns::Node #" + a,
                "(198.18.1.0/24)");
    }

    @Test
    void otherDesignErrorsAreListedTogether() throws Exception {
        int a = t.node();
        int b = t.node();
        int[] ab = t.link(a, "198.18.1.1/24", b, "198.18.1.2/24");
        int[] ab2 = t.link(a, "198.18.2.1/24", b, "198.18.2.2/24");
        ec.set(ab[0], "name", "up0");
        ec.set(ab2[0], "name", "up0");
        int loose = t.iface(b, "198.18.3.1/24");
        int hostBits = t.route(a, "198.18.5.1", 24, "198.18.1.2");
        int own = t.route(a, "198.18.6.0", 24, "198.18.1.1");
        int incomplete = ec.registerResource("netns::Route", Map.of("network", "198.18.8.0"));
        ec.registerConnection(incomplete, a);
        assertDeployFailsBeforeCreatingAnything(
                "both named 'up0'",
                "netns::Interface #" + loose + " is connected to neither",
                "netns::Route #" + hostBits + ": network 198.18.5.1/24 has host bits set; did you mean 198.18.5.0/24?",
                "netns::Route #" + own + ": next hop 198.18.1.1 is an address of netns::Node #" + a + " itself",
                "netns::Route #" + incomplete + ": 'prefix', 'nexthop' not set");
    }

    private void assertDeployFailsBeforeCreatingAnything(String... expected) throws Exception {
        ec.deploy();
        // The wait returns as soon as the first critical failure aborts the experiment; the
        // other netns RMs fail on their own check a moment later.
        ec.waitDeployed(ec.getResources(), Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (int guid : ec.getResources()) {
                var rm = ec.getResource(guid);
                assertThat(rm.getState()).as("%s", rm).isIn(FAILED, NEW);
            }
        });
        int node = ec.filterResources("netns::Node").get(0);
        assertThat(ec.getResource(node).getFailureReason()).hasValueSatisfying(reason -> {
            assertThat(reason).contains("the netns topology has errors, nothing was created");
            for (String text : expected) {
                assertThat(reason).contains(text);
            }
        });
        assertThat(Kernel.createdFor(ec.getExpId())).isEmpty();
    }
}
