package nepi.resources.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nepi.resources.linux.Testbed;
import nepi.resources.linux.host.CommandResult;
import nepi.resources.linux.host.Host;
import nepi.resources.linux.host.SshHost;
import nepi.resources.linux.host.SshTarget;
import nepi.resources.netns.SpanPlan.Plan;
import nepi.resources.netns.SpanPlan.PointToPoint;
import nepi.resources.netns.SpanPlan.Port;
import nepi.resources.netns.SpanPlan.SpanHost;
import nepi.resources.netns.SpanPlan.SwitchPorts;
import nepi.resources.netns.SpanPlan.TunnelEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tunnel layer of netns designs that span hosts, on a 3-host testbed
 * ({@code install/testbed.sh}): the {@link SpanPlan} of a point-to-point link and of a switch
 * across hosts, built with {@link HostNetScripts} through each host's SSH shell (which runs in
 * that host's namespace, so the VXLAN sockets live there), carries a ping and an iperf3
 * between namespaces on different hosts, shaping applies to a tunnel end as to a veth, and
 * removal leaves nothing on any host.
 */
class SpanTunnelIT {

    private static final String NAME = "nepispan";
    private static Testbed testbed;
    private static final List<SshHost> hosts = new ArrayList<>();
    private static final List<SpanHost> spanHosts = new ArrayList<>();

    @BeforeAll
    static void up() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the testbed needs root (network namespaces)");
        testbed = Testbed.up(3, NAME, "198.18.62.0/24", 0);
        for (int i = 0; i < 3; i++) {
            SshHost h = new SshHost(
                    new SshTarget(
                            "root",
                            testbed.addresses().get(i),
                            22,
                            testbed.identity(),
                            null,
                            testbed.knownHosts(),
                            null,
                            null,
                            22,
                            Duration.ofSeconds(10)),
                    null);
            hosts.add(h);
        }
        // Each host's underlay towards the next one, as deploy finds it when 'underlay' is unset.
        for (int i = 0; i < 3; i++) {
            String peer = testbed.addresses().get((i + 1) % 3);
            String[] found = run(i, HostNetScripts.underlayTowards(peer))
                    .stdout()
                    .strip()
                    .split(" ");
            spanHosts.add(new SpanHost(
                    testbed.addresses().get(i), Ipv4Address.parse(found[0]), Integer.parseInt(found[1]), false));
        }
    }

    @AfterAll
    static void down() throws Exception {
        hosts.forEach(Host::close);
        if (testbed != null) {
            testbed.close();
        }
    }

    private static CommandResult run(int host, String script) throws IOException {
        return hosts.get(host)
                .run(script, null, Duration.ofSeconds(60))
                .orThrow("on " + hosts.get(host).name());
    }

    @Test
    void theUnderlayOfEachHostIsItsTestbedAddressAndItsMtu() {
        for (int i = 0; i < 3; i++) {
            assertThat(spanHosts.get(i).underlay())
                    .hasToString(testbed.addresses().get(i));
            assertThat(spanHosts.get(i).mtu()).isEqualTo(1500);
        }
    }

    @Test
    void aPointToPointLinkAcrossTwoHostsCarriesPingAndIperfAndShapingAndLeavesNothing() throws Exception {
        RunTag tag = RunTag.random();
        String n1 = tag.nodeNamespace(1);
        String n2 = tag.nodeNamespace(2);
        Plan plan = SpanPlan.plan(
                tag,
                List.of(new PointToPoint(
                        new Port(3, "eth0", spanHosts.get(0), null), new Port(4, "eth0", spanHosts.get(1), null))));
        assertThat(plan.problems()).isEmpty();
        for (int h = 0; h < 2; h++) {
            assertThat(hosts.get(h)
                            .run(HostNetScripts.reaches(testbed.addresses().get(1 - h)))
                            .succeeded())
                    .isTrue();
        }
        try {
            run(0, HostNetScripts.createNamespace(n1));
            run(1, HostNetScripts.createNamespace(n2));
            TunnelEnd a = plan.tunnels().get(0);
            TunnelEnd b = plan.tunnels().get(1);
            run(0, HostNetScripts.createTunnel(a, n1));
            run(1, HostNetScripts.createTunnel(b, n2));
            run(0, "ip -n " + n1 + " addr add 198.18.72.1/24 dev eth0 && ip -n " + n1 + " link set eth0 up");
            run(1, "ip -n " + n2 + " addr add 198.18.72.2/24 dev eth0 && ip -n " + n2 + " link set eth0 up");

            assertThat(run(0, "ip -n " + n1 + " -o link show eth0").stdout()).contains("mtu 1450");
            // Full-size packets of the tunnel MTU, never fragmented: 1450 - 28 bytes of ICMP and IP headers.
            String ping = run(0, "ip netns exec " + n1 + " ping -n -c 3 -i 0.2 -M do -s 1422 198.18.72.2")
                    .stdout();
            assertThat(ping).contains("3 received");

            double unshaped = iperf(n1, n2, "198.18.72.2");
            run(
                    0,
                    "ip netns exec " + n1 + " tc qdisc add dev eth0 root handle 1: tbf rate 20mbit burst 32k latency"
                            + " 50ms");
            double shaped = iperf(n1, n2, "198.18.72.2");
            System.out.printf(
                    "span p2p iperf3: %.0f Mbit/s unshaped, %.1f Mbit/s under a 20mbit tbf%n",
                    unshaped / 1e6, shaped / 1e6);
            assertThat(unshaped).isGreaterThan(50e6);
            assertThat(shaped).isBetween(10e6, 22e6);
        } finally {
            run(0, HostNetScripts.removeNamespace(n1));
            run(1, HostNetScripts.removeNamespace(n2));
        }
        assertNothingLeft(tag);
    }

    @Test
    void aSwitchWithPortsOnThreeHostsConnectsThemAll() throws Exception {
        RunTag tag = RunTag.random();
        List<Port> ports = new ArrayList<>();
        for (int h = 0; h < 3; h++) {
            ports.add(new Port(10 + h, "eth0", spanHosts.get(h), null));
        }
        Plan plan = SpanPlan.plan(tag, List.of(new SwitchPorts(9, ports)));
        assertThat(plan.problems()).isEmpty();
        assertThat(plan.tunnels()).hasSize(3);
        try {
            for (int h = 0; h < 3; h++) {
                String sw = tag.switchNamespace(9, h + 1);
                String node = tag.nodeNamespace(10 + h);
                run(h, HostNetScripts.createNamespace(sw) + HostNetScripts.createBridge(sw));
                run(h, HostNetScripts.createNamespace(node));
                run(h, HostNetScripts.createTunnel(plan.tunnels().get(h), sw));
                int mtu = plan.interfaceMtu().get(10 + h);
                String port = "p" + (10 + h);
                run(
                        h,
                        "set -e\nip link add name eth0 netns " + node + " mtu " + mtu + " type veth peer name " + port
                                + " netns " + sw + " mtu " + mtu + "\nip -n " + sw + " link set " + port
                                + " master br0 up\nip -n "
                                + node + " addr add 198.18.73." + (h + 1) + "/24 dev eth0\nip -n " + node
                                + " link set eth0 up\n");
            }
            for (int h = 0; h < 3; h++) {
                String target = "198.18.73." + ((h + 1) % 3 + 1);
                String ping = run(
                                h,
                                "ip netns exec " + tag.nodeNamespace(10 + h) + " ping -n -c 2 -i 0.2 -M do -s 1422 "
                                        + target)
                        .stdout();
                assertThat(ping).as("host %d to %s", h, target).contains("2 received");
            }
        } finally {
            for (int h = 0; h < 3; h++) {
                run(h, HostNetScripts.removeNamespace(tag.nodeNamespace(10 + h)));
                run(h, HostNetScripts.removeNamespace(tag.switchNamespace(9, h + 1)));
            }
        }
        assertNothingLeft(tag);
    }

    /** One iperf3 of 2 s from {@code client} to the server in {@code server}; bits per second received. */
    private static double iperf(String client, String server, String serverAddress) throws IOException {
        run(1, "ip netns exec " + server + " iperf3 -s -1 -D -B " + serverAddress);
        String json = "";
        for (int attempt = 0; attempt < 20; attempt++) {
            CommandResult r = hosts.get(0)
                    .run(
                            "ip netns exec " + client + " iperf3 -J -t 2 -c " + serverAddress,
                            null,
                            Duration.ofSeconds(30));
            if (r.succeeded()) {
                json = r.stdout();
                break;
            }
            run(0, "sleep 0.1"); // the daemon is not listening yet
        }
        var m = java.util.regex.Pattern.compile("\"sum_received\":\\s*\\{[^}]*\"bits_per_second\":\\s*([0-9.e+]+)")
                .matcher(json);
        assertThat(m.find()).as("iperf3 report: %s", json).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static void assertNothingLeft(RunTag tag) throws IOException {
        for (int h = 0; h < 3; h++) {
            String links = run(h, "ip -o link show").stdout();
            assertThat(links).as("links on host %d", h).doesNotContain("nv" + tag.value());
            String names = run(h, "ls /run/netns").stdout();
            assertThat(names).as("namespaces on host %d", h).doesNotContain(tag.prefix());
        }
    }
}
