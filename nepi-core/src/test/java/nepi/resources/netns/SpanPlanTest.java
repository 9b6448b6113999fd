package nepi.resources.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import nepi.resources.netns.SpanPlan.Placement;
import nepi.resources.netns.SpanPlan.Plan;
import nepi.resources.netns.SpanPlan.PointToPoint;
import nepi.resources.netns.SpanPlan.Port;
import nepi.resources.netns.SpanPlan.SpanHost;
import nepi.resources.netns.SpanPlan.SwitchPorts;
import nepi.resources.netns.SpanPlan.TunnelEnd;
import org.junit.jupiter.api.Test;

/** The planning of tunnels for netns designs that span hosts: nothing is run. */
class SpanPlanTest {

    private static final RunTag TAG = new RunTag("abc123");
    private final SpanHost h1 = host("h1", "198.18.60.2", 1500);
    private final SpanHost h2 = host("h2", "198.18.60.3", 1500);
    private final SpanHost h3 = host("h3", "198.18.60.4", 9000);

    private static SpanHost host(String name, String address, int mtu) {
        return new SpanHost(name, address == null ? null : Ipv4Address.parse(address), mtu, false);
    }

    @Test
    void linksOnOneHostNeedNoTunnel() {
        Plan plan = SpanPlan.plan(
                TAG,
                List.of(
                        new PointToPoint(new Port(3, "eth0", h1, null), new Port(4, "eth0", h1, null)),
                        new SwitchPorts(9, List.of(new Port(5, "eth1", h2, null), new Port(6, "eth0", h2, null)))));

        assertThat(plan.spans()).isFalse();
        assertThat(plan.problems()).isEmpty();
        assertThat(plan.interfaceMtu()).isEmpty();
    }

    @Test
    void aPointToPointLinkAcrossHostsBecomesTwoVxlanEndsNamedAfterTheInterfaces() {
        Plan plan = SpanPlan.plan(
                TAG, List.of(new PointToPoint(new Port(3, "eth0", h1, null), new Port(7, "wan", h2, null))));

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.tunnels()).hasSize(2);
        TunnelEnd a = plan.tunnels().get(0);
        TunnelEnd b = plan.tunnels().get(1);
        assertThat(a.host()).isEqualTo(h1);
        assertThat(a.placement()).isEqualTo(Placement.INTERFACE);
        assertThat(a.device()).isEqualTo("nvabc123p3");
        assertThat(a.finalName()).isEqualTo("eth0");
        assertThat(a.local()).isEqualTo(h1.underlay());
        assertThat(a.remotes()).containsExactly(h2.underlay());
        assertThat(b.device()).isEqualTo("nvabc123p7");
        assertThat(b.finalName()).isEqualTo("wan");
        assertThat(b.remotes()).containsExactly(h1.underlay());
        assertThat(a.vni()).isEqualTo(b.vni()).isBetween(1, 0xFFFFFF);
        assertThat(plan.hostPairs()).containsExactly(List.of(h1, h2));
    }

    @Test
    void theMtuOfASpanningLinkIsTheSmallestUnderlayMtuMinusTheVxlanOverheadAndSaidSo() {
        Plan plan = SpanPlan.plan(
                TAG, List.of(new PointToPoint(new Port(3, "eth0", h3, null), new Port(7, "eth0", h2, null))));

        assertThat(plan.interfaceMtu()).containsEntry(3, 1450).containsEntry(7, 1450);
        assertThat(plan.tunnels()).allMatch(t -> t.mtu() == 1450);
        assertThat(plan.notes()).hasSize(2).allMatch(n -> n.contains("gets mtu 1450") && n.contains("minus 50"));
    }

    @Test
    void anMtuSetByTheUserBelowTheTunnelsIsKeptAndAboveItIsRefused() {
        Plan ok = SpanPlan.plan(
                TAG, List.of(new PointToPoint(new Port(3, "eth0", h1, 1400), new Port(7, "eth0", h2, null))));
        assertThat(ok.problems()).isEmpty();
        assertThat(ok.interfaceMtu()).containsEntry(3, 1400).containsEntry(7, 1450);

        Plan bad = SpanPlan.plan(
                TAG, List.of(new PointToPoint(new Port(3, "eth0", h1, 1500), new Port(7, "eth0", h2, null))));
        assertThat(bad.problems()).singleElement().asString().contains("mtu 1500", "at most 1450", "interface 3");
    }

    @Test
    void aSwitchWithPortsOnThreeHostsGetsOneFloodingVxlanPerHostAndEveryPortTheTunnelMtu() {
        Plan plan = SpanPlan.plan(
                TAG,
                List.of(new SwitchPorts(
                        20,
                        List.of(
                                new Port(21, "eth0", h1, null),
                                new Port(22, "eth0", h1, null),
                                new Port(23, "eth0", h2, null),
                                new Port(24, "eth0", h3, null)))));

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.tunnels()).hasSize(3).allMatch(t -> t.placement() == Placement.BRIDGE_PORT);
        assertThat(plan.tunnels()).extracting(TunnelEnd::host).containsExactly(h1, h2, h3);
        assertThat(plan.tunnels()).extracting(TunnelEnd::device).containsOnly("nvabc123sk");
        assertThat(plan.tunnels().get(0).remotes()).containsExactly(h2.underlay(), h3.underlay());
        assertThat(plan.tunnels().get(2).remotes()).containsExactly(h1.underlay(), h2.underlay());
        assertThat(plan.tunnels())
                .extracting(TunnelEnd::vni)
                .containsOnly(plan.tunnels().get(0).vni());
        // Local ports too: a 1500-byte frame from a veth port could not cross the tunnel.
        assertThat(plan.interfaceMtu()).containsOnlyKeys(21, 22, 23, 24).containsValues(1450);
        assertThat(plan.hostPairs()).hasSize(3);
    }

    @Test
    void eachLinkHasItsOwnVniAndRunsDiffer() {
        Plan plan = SpanPlan.plan(
                TAG,
                List.of(
                        new PointToPoint(new Port(3, "eth0", h1, null), new Port(4, "eth0", h2, null)),
                        new PointToPoint(new Port(5, "eth1", h1, null), new Port(6, "eth1", h2, null))));
        Set<Integer> vnis = new HashSet<>();
        plan.tunnels().forEach(t -> vnis.add(t.vni()));
        assertThat(vnis).hasSize(2);

        Plan other = SpanPlan.plan(
                new RunTag("zzz999"),
                List.of(new PointToPoint(new Port(3, "eth0", h1, null), new Port(4, "eth0", h2, null))));
        assertThat(other.tunnels().get(0).vni())
                .isNotEqualTo(plan.tunnels().get(0).vni());
    }

    @Test
    void aHostWithoutAnUnderlayAddressOrWithALoopbackOneIsRefusedNamingTheAttribute() {
        SpanHost noAddress = host("gw-behind", null, 1500);
        SpanHost loopback = host("localhost", "127.0.0.1", 1500);
        Plan plan = SpanPlan.plan(
                TAG,
                List.of(
                        new PointToPoint(new Port(3, "eth0", noAddress, null), new Port(4, "eth0", h2, null)),
                        new PointToPoint(new Port(5, "eth0", loopback, null), new Port(6, "eth0", h2, null))));

        assertThat(plan.problems()).hasSize(2);
        assertThat(plan.problems().get(0)).contains("gw-behind", "no IPv4 address", "'underlay'");
        assertThat(plan.problems().get(1)).contains("localhost", "127.0.0.1", "loopback", "'underlay'");
        assertThat(plan.tunnels()).isEmpty();
    }

    @Test
    void twoHostsWithTheSameUnderlayAddressAreRefused() {
        SpanHost twin = host("h1-again", "198.18.60.2", 1500);
        Plan plan = SpanPlan.plan(
                TAG, List.of(new PointToPoint(new Port(3, "eth0", h1, null), new Port(4, "eth0", twin, null))));

        assertThat(plan.problems()).singleElement().asString().contains("h1", "h1-again", "198.18.60.2");
    }

    @Test
    void tunnelDeviceNamesFitTheKernelsLimit() {
        // Guids in base 36: any int takes at most six digits.
        assertThat(SpanPlan.device(TAG, 'p', Integer.MAX_VALUE)).isEqualTo("nvabc123pzik0zj");
    }
}
