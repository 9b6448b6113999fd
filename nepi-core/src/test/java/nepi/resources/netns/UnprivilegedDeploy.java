package nepi.resources.netns;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import nepi.core.ExperimentController;

/**
 * A child JVM for {@link PrivilegesIT}, started without CAP_NET_ADMIN: deploys one node and
 * prints {@code STATE <state>} and {@code REASON <failure reason>}.
 */
public final class UnprivilegedDeploy {

    private UnprivilegedDeploy() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        try (ExperimentController ec = new ExperimentController("netns-unprivileged", home.resolve("local"))) {
            int node = new Topology(ec, home).node();
            ec.deploy();
            ec.waitDeployed(List.of(node), Duration.ofSeconds(30));
            System.out.println("STATE " + ec.state(node));
            System.out.println(
                    "REASON " + ec.getResource(node).getFailureReason().orElse(""));
        }
    }
}
