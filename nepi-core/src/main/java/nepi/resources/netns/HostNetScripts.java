package nepi.resources.netns;

import static nepi.resources.linux.host.ShellWords.quote;

import java.util.ArrayList;
import java.util.List;
import nepi.resources.netns.SpanPlan.Placement;
import nepi.resources.netns.SpanPlan.TunnelEnd;

/**
 * The shell scripts that build and remove the netns pieces of a design on a host reached
 * through a {@link nepi.resources.linux.host.Host} (an SSH host's long-lived shell, say),
 * where the JVM cannot run {@code ip} itself: namespaces, switch bridges and the VXLAN ends
 * of {@link SpanPlan}. Each script stops at the first failing command ({@code set -e}) and
 * names it on standard error, so the caller's message says what failed on which host.
 */
final class HostNetScripts {

    /** The bridge of a switch, in the switch's namespace on each host. */
    static final String BRIDGE = NetnsSwitch.BRIDGE;

    private HostNetScripts() {}

    /** Creates namespace {@code ns} with its loopback up. */
    static String createNamespace(String ns) {
        return "set -e\nip netns add " + quote(ns) + "\nip -n " + quote(ns) + " link set lo up\n";
    }

    /**
     * Removes namespace {@code ns}: kills what runs in it (it would keep the namespace and its
     * links alive), then deletes it. A namespace that is not there is not an error.
     */
    static String removeNamespace(String ns) {
        String q = quote(ns);
        return "[ -e /run/netns/" + q + " ] || exit 0\n"
                + "pids=$(ip netns pids " + q + " 2>/dev/null)\n"
                + "[ -z \"$pids\" ] || kill -KILL $pids 2>/dev/null\n"
                + "for i in 1 2 3 4 5 6 7 8 9 10; do [ -z \"$(ip netns pids " + q + " 2>/dev/null)\" ] && break;"
                + " sleep 0.1; done\n"
                + "ip netns del " + q + "\n";
    }

    /** Creates the bridge of a switch in its (existing) namespace {@code ns}. */
    static String createBridge(String ns) {
        return "set -e\nip -n " + quote(ns) + " link add " + BRIDGE + " type bridge\nip -n " + quote(ns) + " link set "
                + BRIDGE + " up\n";
    }

    /**
     * Creates the VXLAN end {@code end} in the host's own namespace, where its UDP socket
     * stays (on the device that reaches its first remote), then moves it into {@code ns}: as the
     * interface itself (renamed, its MTU set) or as a port of the bridge there, flooding to every
     * remote end.
     */
    static String createTunnel(TunnelEnd end, String ns) {
        String q = quote(ns);
        String dev = quote(end.device());
        String name = quote(end.finalName());
        List<String> lines = new ArrayList<>();
        lines.add("set -e");
        // A leftover of this very name (a crashed attempt of this run) would make "add" fail.
        lines.add("ip link del " + dev + " 2>/dev/null || true");
        String remote = end.placement() == Placement.INTERFACE
                ? " remote " + end.remotes().get(0)
                : "";
        lines.add("ip link add " + dev + " type vxlan id " + end.vni() + " local " + end.local() + remote + " dstport "
                + SpanPlan.VXLAN_PORT);
        lines.add("ip link set dev " + dev + " netns " + q);
        lines.add("ip -n " + q + " link set dev " + dev + " name " + name + " mtu " + end.mtu());
        if (end.placement() == Placement.BRIDGE_PORT) {
            for (var r : end.remotes()) {
                lines.add("ip netns exec " + q + " bridge fdb append 00:00:00:00:00:00 dev " + name + " dst " + r);
            }
            lines.add("ip -n " + q + " link set dev " + name + " master " + BRIDGE);
            lines.add("ip -n " + q + " link set dev " + name + " up");
        }
        return String.join("\n", lines) + "\n";
    }

    /**
     * The underlay address and MTU of the host towards {@code peer}: the source address and the
     * device MTU of the route the host would use. Prints "ADDRESS MTU", or fails when the host
     * has no route to the peer at all.
     */
    static String underlayTowards(String peer) {
        return "set -e\nr=$(ip -o route get " + quote(peer) + ")\n"
                + "src=$(echo \"$r\" | sed -n 's/.* src \\([0-9.]*\\).*/\\1/p')\n"
                + "dev=$(echo \"$r\" | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p')\n"
                + "echo \"$src $(cat /sys/class/net/$dev/mtu)\"\n";
    }

    /** Succeeds when the host reaches {@code peer} (one ping, 2 s at most). */
    static String reaches(String peer) {
        return "ping -n -q -c 1 -W 2 " + quote(peer) + " >/dev/null 2>&1\n";
    }
}
