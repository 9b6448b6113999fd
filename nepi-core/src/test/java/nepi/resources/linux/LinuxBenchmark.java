package nepi.resources.linux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceState;
import nepi.resources.linux.LinuxTestHosts.Kind;

/**
 * Times deploy + run + release of many linux::Application running {@code true}: 100 on
 * localhost (target under 5 s) and 50 on one SSH node on 127.0.0.1 over a single connection
 * (target under 10 s). Prints the numbers; run with
 * {@code mvn -q -pl nepi-core test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=nepi.resources.linux.LinuxBenchmark}.
 */
public final class LinuxBenchmark {

    private LinuxBenchmark() {}

    public static void main(String[] args) throws Exception {
        int localApps = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int sshApps = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path home = Files.createTempDirectory("nepi-bench-");
        try (TestSshServer sshd = TestSshServer.start("INFO")) {
            // A first small round warms the JVM up (class loading, JIT) so the numbers show NEPI.
            run("warm-up local", Kind.LOCAL, 5, sshd, home);
            run("warm-up ssh", Kind.SSH, 5, sshd, home);
            Duration local = run("localhost", Kind.LOCAL, localApps, sshd, home);
            long loginsBefore = sshd.acceptedLogins();
            Duration ssh = run("ssh 127.0.0.1", Kind.SSH, sshApps, sshd, home);
            long logins = sshd.acceptedLogins() - loginsBefore;
            System.out.printf("%d apps on localhost: %d ms (target < 5000 ms)%n", localApps, local.toMillis());
            System.out.printf(
                    "%d apps over SSH: %d ms with %d SSH login(s) (target < 10000 ms, 1 login)%n",
                    sshApps, ssh.toMillis(), logins);
        } finally {
            TestSshServer.run("rm", "-rf", home.toString());
        }
    }

    private static Duration run(String label, Kind kind, int count, TestSshServer sshd, Path home) throws Exception {
        long start = System.nanoTime();
        ExperimentController ec = new ExperimentController("bench", home.resolve("local"));
        try {
            int node = ec.registerResource("linux::Node", LinuxTestHosts.node(kind, sshd, home));
            List<Integer> apps = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int app = ec.registerResource("linux::Application", Map.of("command", "true"));
                ec.registerConnection(app, node);
                apps.add(app);
            }
            ec.deploy();
            ec.waitDeployed(apps);
            long deployed = System.nanoTime();
            ec.waitFinished(apps);
            long finished = System.nanoTime();
            ec.release();
            long released = System.nanoTime();
            long stopped = apps.stream()
                    .filter(a -> ec.state(a) == ResourceState.RELEASED
                            && ec.getResource(a).getStopTime() != null)
                    .count();
            if (stopped != count) {
                throw new IllegalStateException(label + ": only " + stopped + " of " + count + " apps ran to their end"
                        + "; first failure: "
                        + apps.stream()
                                .map(a -> ec.getResource(a).getFailureReason())
                                .filter(java.util.Optional::isPresent)
                                .findFirst()
                                .orElse(java.util.Optional.empty()));
            }
            System.out.printf(
                    "%-14s %3d apps: deploy %5d ms, run %5d ms, release %5d ms, total %5d ms%n",
                    label,
                    count,
                    (deployed - start) / 1_000_000,
                    (finished - deployed) / 1_000_000,
                    (released - finished) / 1_000_000,
                    (released - start) / 1_000_000);
            return Duration.ofNanos(released - start);
        } finally {
            ec.shutdown();
        }
    }
}
