package nepi.resources.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nepi.resources.netns.SpanPlan.Placement;
import nepi.resources.netns.SpanPlan.SpanHost;
import nepi.resources.netns.SpanPlan.TunnelEnd;
import org.junit.jupiter.api.Test;

/** The host-side scripts' text; {@link SpanTunnelIT} runs them for real. */
class HostNetScriptsTest {

    private final SpanHost h1 = new SpanHost("h1", Ipv4Address.parse("198.18.62.2"), 1500, false);

    @Test
    void anInterfaceEndIsCreatedInTheHostsNamespaceThenMovedRenamedAndGivenTheTunnelMtu() {
        TunnelEnd end = new TunnelEnd(
                h1,
                "nvabc123p3",
                "wan0",
                Placement.INTERFACE,
                3,
                4242,
                h1.underlay(),
                List.of(Ipv4Address.parse("198.18.62.3")),
                1450);

        assertThat(HostNetScripts.createTunnel(end, "nepiabc123-n1"))
                .startsWith("set -e\n")
                .containsSubsequence(
                        "ip link add nvabc123p3 type vxlan id 4242 local 198.18.62.2 remote 198.18.62.3 dstport 4789",
                        "ip link set dev nvabc123p3 netns nepiabc123-n1",
                        "ip -n nepiabc123-n1 link set dev nvabc123p3 name wan0 mtu 1450")
                .doesNotContain("fdb", "master");
    }

    @Test
    void aBridgePortEndFloodsToEveryOtherHostAndJoinsTheBridge() {
        TunnelEnd end = new TunnelEnd(
                h1,
                "nvabc123s9",
                "vx0",
                Placement.BRIDGE_PORT,
                9,
                77,
                h1.underlay(),
                List.of(Ipv4Address.parse("198.18.62.3"), Ipv4Address.parse("198.18.62.4")),
                1450);

        assertThat(HostNetScripts.createTunnel(end, "nepiabc123-s9h1"))
                .doesNotContain(" remote ")
                .containsSubsequence(
                        "bridge fdb append 00:00:00:00:00:00 dev vx0 dst 198.18.62.3",
                        "bridge fdb append 00:00:00:00:00:00 dev vx0 dst 198.18.62.4",
                        "link set dev vx0 master br0",
                        "link set dev vx0 up");
    }

    @Test
    void removingANamespaceKillsWhatRunsInItAndIsQuietWhenItIsGone() {
        assertThat(HostNetScripts.removeNamespace("nepiabc123-n1"))
                .startsWith("[ -e /run/netns/nepiabc123-n1 ] || exit 0\n")
                .containsSubsequence("ip netns pids nepiabc123-n1", "kill -KILL", "ip netns del nepiabc123-n1");
    }
}
