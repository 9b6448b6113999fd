package nepi.resources.ns3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceState;
import nepi.core.resource.TraceAttr;

/**
 * The ns-3 benchmark of issue 13: N simulated nodes in a star (a hub, N-1 leaves each on its own
 * 5 Mbps / 2 ms point-to-point link, each leaf pinging the hub once at 1 s, stop at 2 s), through
 * NEPI against the same star written by hand with ns-3's helpers ({@code ns3-star-handwritten.cc},
 * the floor). For each N: NEPI's deploy time (ec.deploy until the simulation is READY: design
 * check, description, the driver's check run; the driver build excluded, it is built first),
 * and, for both programs run the same way under {@code /usr/bin/time}, the simulation's wall time
 * and peak memory (max RSS), with the replies counted.
 *
 * <p>Run: {@code mvn -q -o -pl nepi-core test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=nepi.resources.ns3.Ns3Benchmark -Dexec.args="100 1000"}. The driver is built
 * under {@code target/ns3-it-home}, as the ITs do.
 */
public final class Ns3Benchmark {

    private static final Path HOME = Path.of("target", "ns3-it-home").toAbsolutePath();
    private static final String MODULES = "ns3-core ns3-network ns3-internet ns3-point-to-point ns3-internet-apps";

    private record Measure(double seconds, long maxRssKb, String stdout) {}

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String a : args.length == 0 ? new String[] {"100", "1000"} : args) {
            sizes.add(Integer.parseInt(a));
        }
        Files.createDirectories(HOME);
        Path work = Files.createTempDirectory("nepi-ns3-bench-");
        try {
            Path handwritten = buildHandwritten(work);
            star(4, work); // builds the driver if this home has none: not part of any measure
            System.out.printf(
                    Locale.ROOT,
                    "NEPI ns-3 benchmark: a star with a ping per leaf; %d cores%n",
                    Runtime.getRuntime().availableProcessors());
            System.out.println("| nodes | RMs | NEPI deploy | NEPI run (driver) | hand-written run | run ratio"
                    + " | NEPI driver max RSS | hand-written max RSS | replies NEPI / hand-written |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (int n : sizes) {
                Result r = star(n, work);
                Measure floor = time(work, handwritten.toString(), String.valueOf(n));
                System.out.printf(
                        Locale.ROOT,
                        "| %d | %d | %.2f s | %.2f s | %.2f s | %.2f | %d MB | %d MB | %s / %s |%n",
                        n,
                        r.rms,
                        r.deploySeconds,
                        r.run.seconds,
                        floor.seconds,
                        r.run.seconds / floor.seconds,
                        r.run.maxRssKb / 1024,
                        floor.maxRssKb / 1024,
                        r.replies,
                        floor.stdout.strip().replace("replies ", ""));
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private record Result(int rms, double deploySeconds, Measure run, long replies) {}

    private static Result star(int n, Path work) throws Exception {
        ExperimentController ec = new ExperimentController("ns3-bench", work.resolve("ec-" + n));
        try {
            int host = ec.registerResource("linux::Node", Map.of("hostname", "localhost", "home", HOME.toString()));
            int sim = ec.registerResource("linux::ns3::Simulation", Map.of("stopTime", "2s"));
            ec.registerConnection(sim, host);
            int hub = node(ec, sim);
            List<Integer> pings = new ArrayList<>();
            for (int i = 1; i < n; i++) {
                int leaf = node(ec, sim);
                String net = "10." + (i / 256) + "." + (i % 256) + ".";
                int channel = ec.registerResource("ns3::PointToPointChannel", Map.of("Delay", "2ms"));
                device(ec, hub, channel, net + "1");
                device(ec, leaf, channel, net + "2");
                int ping = ec.registerResource(
                        "ns3::V4Ping", Map.of("Remote", net + "1", "StartTime", "1s", "StopTime", "1.5s"));
                ec.registerConnection(ping, leaf);
                pings.add(ping);
            }
            long start = System.nanoTime();
            ec.deploy();
            while (ec.state(sim).isBefore(ResourceState.READY)) {
                Thread.sleep(5);
            }
            double deploy = (System.nanoTime() - start) / 1e9;
            if (!ec.waitFinished(List.of(sim), Duration.ofMinutes(10)) || ec.state(sim) != ResourceState.STOPPED) {
                throw new IllegalStateException(
                        "the simulation failed: " + ec.getResource(sim).getFailureReason());
            }
            long replies = 0;
            for (int ping : pings) {
                replies += ec.trace(ping, "stdout")
                        .lines()
                        .filter(l -> l.contains("reply from"))
                        .count();
            }
            // The driver again on the same description, timed as the hand-written program is.
            Path events = Path.of(ec.trace(sim, "events", TraceAttr.PATH));
            Path binary = HOME.resolve(".nepi/nepi-usr/bin/nepi-ns3-" + Ns3Driver.hash());
            Measure run = time(
                    work,
                    binary.toString(),
                    "run",
                    events.resolveSibling(Ns3Design.DESCRIPTION).toString(),
                    work.resolve("events-" + n).toString());
            return new Result(ec.getResources().size(), deploy, run, replies);
        } finally {
            ec.shutdown();
        }
    }

    private static int node(ExperimentController ec, int sim) {
        int node = ec.registerResource("ns3::Node", Map.of("enableStack", true));
        ec.registerConnection(node, sim);
        return node;
    }

    private static void device(ExperimentController ec, int node, int channel, String ip) {
        Map<String, Object> attrs = new HashMap<>(Map.of("ip", ip, "prefix", 24, "DataRate", "5Mbps"));
        int dev = ec.registerResource("ns3::PointToPointNetDevice", attrs);
        ec.registerConnection(dev, node);
        ec.registerConnection(dev, channel);
    }

    private static Path buildHandwritten(Path work) throws IOException, InterruptedException {
        Path src = work.resolve("ns3-star-handwritten.cc");
        try (InputStream in = Ns3Benchmark.class.getResourceAsStream("ns3-star-handwritten.cc")) {
            Files.write(src, in.readAllBytes());
        }
        Path bin = work.resolve("ns3-star-handwritten");
        String command = "g++ -O2 -std=c++17 -o " + bin + " " + src + " -Wl,--no-as-needed $(pkg-config --cflags "
                + MODULES + " | sed 's/-I[^ ]*\\\\;//g') $(pkg-config --libs " + MODULES + ")";
        Process p = new ProcessBuilder("bash", "-c", command)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the hand-written program did not build:\n" + out);
        }
        return bin;
    }

    /** Wall time and max RSS of a command, from GNU time. */
    private static Measure time(Path work, String... command) throws IOException, InterruptedException {
        Path stats = Files.createTempFile(work, "time-", ".txt");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-o", stats.toString(), "-f", "%e %M"));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        String[] f = Files.readString(stats).strip().split(" ");
        return new Measure(Double.parseDouble(f[0]), Long.parseLong(f[1]), out);
    }
}
