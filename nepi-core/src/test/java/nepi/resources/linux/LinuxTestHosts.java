package nepi.resources.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceManager;

/**
 * The hosts the linux tests run against: this machine as local processes, and this machine
 * reached over SSH through a {@link TestSshServer}. Both are the same machine, so the tests
 * can look at the processes either way.
 */
final class LinuxTestHosts {

    /** How a test reaches the host. */
    enum Kind {
        LOCAL,
        SSH
    }

    private LinuxTestHosts() {}

    /** Attributes of a linux::Node of {@code kind} keeping its files under {@code home}. */
    static Map<String, Object> node(Kind kind, TestSshServer sshd, Path home) throws IOException {
        Map<String, Object> attrs = new HashMap<>();
        attrs.put("home", home.toString());
        if (kind == Kind.LOCAL) {
            attrs.put("hostname", "localhost");
            return attrs;
        }
        attrs.put("hostname", "127.0.0.1");
        attrs.put("port", sshd.port);
        attrs.put("username", sshd.user);
        attrs.put("identity", sshd.clientKey.toString());
        attrs.put("serverKey", sshd.serverKey());
        return attrs;
    }

    /** Whether any live (not zombie) process still belongs to process group {@code pgid} on this machine. */
    static boolean groupAlive(int pgid) throws Exception {
        Process p = new ProcessBuilder(
                        "sh",
                        "-c",
                        "ps -e -o pgid= -o stat= | awk -v g=" + pgid + " '$1 == g && $2 !~ /^Z/ {f = 1} END {exit !f}'")
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    /** The processes of group {@code pgid}, as ps shows them. */
    static String describeGroup(int pgid) throws Exception {
        Process p = new ProcessBuilder("ps", "-o", "pid,ppid,pgid,stat,cmd", "-g", Integer.toString(pgid))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    /** Asserts that no process of any application of {@code ec} is left. */
    static void assertNoProcessesLeft(ExperimentController ec) throws Exception {
        for (int guid : ec.getResources()) {
            ResourceManager rm = ec.findResource(guid).orElse(null);
            if (rm instanceof LinuxApplication app && app.getPid() > 0) {
                assertThat(groupAlive(app.getPid()))
                        .as(
                                "processes of %s (group %d) left after release: %s",
                                app, app.getPid(), describeGroup(app.getPid()))
                        .isFalse();
            }
        }
    }
}
