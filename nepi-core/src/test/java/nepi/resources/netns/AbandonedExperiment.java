package nepi.resources.netns;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import nepi.core.ExperimentController;

/**
 * A child JVM for {@link CrashRecoveryIT}: deploys two nodes on a switch with a long-running
 * application, prints {@code DEPLOYED <run prefix> <application pid>}, then waits to be killed
 * without ever releasing anything.
 */
public final class AbandonedExperiment {

    private AbandonedExperiment() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        ExperimentController ec = new ExperimentController("netns-abandoned", home.resolve("local"));
        Topology t = new Topology(ec, home);
        int sw = t.switchNode();
        int a = t.node();
        int b = t.node();
        t.port(a, sw, "198.18.3.1/24");
        t.port(b, sw, "198.18.3.2/24");
        int sleeper = t.app(b, "sleep 600");
        ec.deploy();
        if (!ec.waitStarted(List.of(sleeper), Duration.ofSeconds(60))) {
            System.out.println(
                    "FAILED " + ec.getResource(sleeper).getFailureReason().orElse("not started in time"));
            System.exit(1);
        }
        System.out.println("DEPLOYED " + Kernel.prefixOf(t.nodeRm(a).namespace()) + " "
                + ((NetnsApplication) ec.getResource(sleeper)).getPid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
