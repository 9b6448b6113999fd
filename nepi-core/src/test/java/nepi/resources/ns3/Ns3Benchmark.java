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
 * and, for both programs run the same way under {@code /usr/bin/time}, the simulation's wall
 * time, CPU time (user + system: the machine is shared, wall time is noisy) and peak memory (max
 * RSS), with the replies counted. The driver is run as NEPI runs it: {@code check} (part of
 * deploy, which also creates the applications' output files) then the timed {@code run}, on a
 * fresh copy of the description NEPI wrote. Each program is run {@code -Dreps} times (5),
 * alternately, and the medians are printed.
 *
 * <p>Run: {@code mvn -q -o -pl nepi-core test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=nepi.resources.ns3.Ns3Benchmark -Dexec.args="100 1000"}. The driver is built
 * under {@code target/ns3-it-home}, as the ITs do.
 */
public final class Ns3Benchmark {

    private static final Path HOME = Path.of("target", "ns3-it-home").toAbsolutePath();
    private static final String MODULES = "ns3-core ns3-network ns3-internet ns3-point-to-point ns3-internet-apps";

    private static final int REPS = Integer.getInteger("reps", 5);

    /** One run of a program: wall and CPU (user + system) seconds, max RSS, its output. */
    private record Measure(double seconds, double cpuSeconds, long maxRssKb, String stdout) {}

    /** The medians of several runs. */
    private record Medians(double seconds, double cpuSeconds, long maxRssKb, String stdout) {
        static Medians of(List<Measure> runs) {
            return new Medians(
                    median(runs.stream().mapToDouble(Measure::seconds).toArray()),
                    median(runs.stream().mapToDouble(Measure::cpuSeconds).toArray()),
                    (long) median(runs.stream().mapToDouble(Measure::maxRssKb).toArray()),
                    runs.get(0).stdout());
        }

        private static double median(double[] values) {
            double[] v = values.clone();
            java.util.Arrays.sort(v);
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
    }

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
                    "NEPI ns-3 benchmark: a star with a ping per leaf; %d cores; medians of %d runs; load average %s%n",
                    Runtime.getRuntime().availableProcessors(),
                    REPS,
                    loadAverage());
            System.out.println(
                    "| nodes | RMs | NEPI deploy | NEPI run CPU (wall) | hand-written run CPU (wall)"
                            + " | CPU ratio (wall ratio) | NEPI max RSS | hand-written max RSS | replies NEPI / hand-written |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (int n : sizes) {
                Result r = star(n, work);
                List<Measure> ours = new ArrayList<>();
                List<Measure> floors = new ArrayList<>();
                for (int i = 0; i < REPS; i++) {
                    ours.add(runDriver(work, r.description, n + "-" + i));
                    floors.add(time(work, handwritten.toString(), String.valueOf(n)));
                }
                Medians run = Medians.of(ours);
                Medians floor = Medians.of(floors);
                System.out.printf(
                        Locale.ROOT,
                        "| %d | %d | %.2f s | %.2f s (%.2f s) | %.2f s (%.2f s) | %.2f (%.2f) | %d MB | %d MB | %s / %s |%n",
                        n,
                        r.rms,
                        r.deploySeconds,
                        run.cpuSeconds,
                        run.seconds,
                        floor.cpuSeconds,
                        floor.seconds,
                        run.cpuSeconds / floor.cpuSeconds,
                        run.seconds / floor.seconds,
                        run.maxRssKb / 1024,
                        floor.maxRssKb / 1024,
                        r.replies,
                        floor.stdout.strip().replace("replies ", ""));
            }
            System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    /** NEPI's deploy of the star, the description it wrote (and the directory named in it), replies. */
    private record Result(int rms, double deploySeconds, String description, long replies) {}

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
            Path runHome = Path.of(ec.trace(sim, "events", TraceAttr.PATH)).getParent();
            String description = Files.readString(runHome.resolve(Ns3Design.DESCRIPTION))
                    .replace(runHome.toString() + "/", "@RUN@/");
            return new Result(ec.getResources().size(), deploy, description, replies);
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

    /**
     * The driver on {@code description} as NEPI runs it, in a fresh directory: its check run
     * (deploy's, not timed), then its timed simulation run.
     */
    private static Measure runDriver(Path work, String description, String name)
            throws IOException, InterruptedException {
        Path dir = Files.createDirectories(work.resolve("run-" + name));
        Path file = dir.resolve(Ns3Design.DESCRIPTION);
        Files.writeString(file, description.replace("@RUN@/", dir + "/"));
        String binary =
                HOME.resolve(".nepi/nepi-usr/bin/nepi-ns3-" + Ns3Driver.hash()).toString();
        time(work, binary, "check", file.toString());
        return time(
                work,
                binary,
                "run",
                file.toString(),
                dir.resolve(Ns3Design.EVENTS).toString());
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
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

    /**
     * Wall time and max RSS of a command, from GNU time, and its CPU time from bash's {@code times}
     * (to the millisecond, where GNU time counts hundredths).
     */
    private static Measure time(Path work, String... command) throws IOException, InterruptedException {
        Path stats = Files.createTempFile(work, "time-", ".txt");
        Path times = Files.createTempFile(work, "times-", ".txt");
        List<String> cmd = new ArrayList<>(List.of(
                "bash",
                "-c",
                "/usr/bin/time -o \"$0\" -f '%e %M' \"${@:2}\" && times > \"$1\"",
                stats.toString(),
                times.toString()));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        String[] f = Files.readString(stats).strip().split(" ");
        // The second line of `times`: the children's user and system time, e.g. "0m0.148s 0m0.054s".
        double cpu = 0;
        for (String t : Files.readAllLines(times).get(1).strip().split(" ")) {
            String[] minutes = t.replace("s", "").split("m");
            cpu += Integer.parseInt(minutes[0]) * 60 + Double.parseDouble(minutes[1]);
        }
        return new Measure(Double.parseDouble(f[0]), cpu, Long.parseLong(f[1]), out);
    }
}
