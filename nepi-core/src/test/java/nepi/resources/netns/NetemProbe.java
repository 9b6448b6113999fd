package nepi.resources.netns;

import java.io.IOException;

/** Whether this kernel has the netem queueing discipline, found out the way a user would: by trying it. */
final class NetemProbe {

    private NetemProbe() {}

    static boolean available() throws IOException {
        String ns = "nepiprobe-netem-" + ProcessHandle.current().pid();
        Iproute2.ip("creating a probe namespace", "netns", "add", ns);
        try {
            return Iproute2.tryIp(
                            "netns", "exec", ns, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms")
                    .succeeded();
        } finally {
            Iproute2.ip("removing the probe namespace", "netns", "del", ns);
        }
    }
}
