package nepi.resources.netns;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;

/**
 * The netns benchmark: N nodes (default 50) on one switch, each pinging its neighbour once
 * (node i pings node i+1, the last pings the first). Prints the time to deploy (every RM
 * READY), run (every ping ended), release, and their sum against the 20 s target; then checks
 * that nothing of the run is left in the kernel. Exits non-zero when a ping failed, the target
 * was missed or something was left.
 *
 * <p>Run as root: {@code mvn -q -pl nepi-core test-compile exec:exec@netns-benchmark}
 * (arguments: {@code -Dbench.args="--nodes 50 --runs 3"}).
 */
public final class NetnsBenchmark {

    private static final double TARGET_SECONDS = 20;

    private record Phases(double deploy, double run, double release, int failedPings, List<String> left) {
        double total() {
            return deploy + run + release;
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> a = List.of(args);
        int nodes = intArg(a, "--nodes", 50);
        int runs = intArg(a, "--runs", 3);
        Privileges.missing().ifPresent(reason -> {
            System.err.println("netns benchmark: " + reason);
            System.exit(2);
        });
        System.out.printf(
                Locale.ROOT,
                "NEPI netns benchmark: %d nodes on one switch, each pinging its neighbour once;"
                        + " %d cores, kernel %s%n",
                nodes,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.version"));
        System.out.println("| run | RMs | deploy | run | release | deploy+run+release | failed pings | left behind |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        boolean ok = true;
        for (int i = 1; i <= runs; i++) {
            Phases p = run(nodes);
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %d | %.2f s | %.2f s | %.2f s | %.2f s | %d | %s |%n",
                    i,
                    1 + 3 * nodes,
                    p.deploy,
                    p.run,
                    p.release,
                    p.total(),
                    p.failedPings,
                    p.left.isEmpty() ? "nothing" : String.join(" ", p.left));
            ok &= p.failedPings == 0 && p.left.isEmpty() && p.total() < TARGET_SECONDS;
        }
        System.out.println(
                ok
                        ? "target met: deploy+run+release < " + TARGET_SECONDS + " s, nothing left behind"
                        : "TARGET MISSED (or pings failed, or something was left)");
        System.exit(ok ? 0 : 1);
    }

    private static Phases run(int n) throws Exception {
        Path home = Files.createTempDirectory("nepi-netns-bench");
        ExperimentController ec = new ExperimentController("netns-bench", home.resolve("local"));
        String prefix = null;
        try {
            Topology t = new Topology(ec, home);
            int sw = t.switchNode();
            List<Integer> nodes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int node = t.node();
                t.port(node, sw, address(i) + "/16");
                nodes.add(node);
            }
            List<Integer> pings = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                pings.add(t.ping(nodes.get(i), address((i + 1) % n), 1));
            }

            long t0 = System.nanoTime();
            ec.deploy();
            ec.waitDeployed(ec.getResources(), Duration.ofMinutes(5));
            long t1 = System.nanoTime();
            ec.waitFinished(pings, Duration.ofMinutes(5));
            long t2 = System.nanoTime();
            prefix = Kernel.prefixOf(t.nodeRm(nodes.get(0)).namespace());
            int failed = 0;
            for (int ping : pings) {
                ResourceManager rm = ec.getResource(ping);
                if (rm.getState() != ResourceState.STOPPED) {
                    failed++;
                    System.err.println(rm + " " + rm.getState() + ": "
                            + rm.getFailureReason().orElse("") + " " + ec.trace(ping, "stdout"));
                }
            }
            ec.release();
            long t3 = System.nanoTime();
            List<String> left = new ArrayList<>(Kernel.namespaces(prefix));
            left.addAll(Kernel.rootLinks(prefix));
            return new Phases(seconds(t1 - t0), seconds(t2 - t1), seconds(t3 - t2), failed, left);
        } finally {
            ec.shutdown();
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** 198.18.x.y for node i, so that up to 65 000 nodes fit in 198.18.0.0/16. */
    private static String address(int i) {
        return "198.18." + ((i + 1) / 256) + "." + ((i + 1) % 256);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static int intArg(List<String> args, String name, int fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? Integer.parseInt(args.get(i + 1)) : fallback;
    }
}
