package nepi.resources.linux;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.core.ExperimentListener;
import nepi.core.resource.ResourceState;
import nepi.core.resource.StateChange;

/**
 * Ours against parallel-ssh on a testbed of SSH hosts ({@code install/testbed.sh}, root), in
 * the same run: one command on each of N hosts with {@code parallel-ssh} (Debian's pssh, its
 * default parallelism of 32) and with NEPI (one {@code linux::Node} per host and one
 * {@code linux::Application} each), its applications started each once its host is ready (as parallel-ssh
 * runs a host's command once connected), then all together once every host is ready ({@code deploy()}),
 * then ten applications per host, together; and the controller's memory.
 * Run with {@code mvn -q -pl nepi-core test-compile exec:exec@fleet-benchmark
 * -Dbench.args="--hosts 20,100 --slow-rc 0"}.
 */
public final class FleetBenchmark {

    private FleetBenchmark() {}

    record Row(int hosts, String what, Duration time, String note) {}

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(20, 100);
        double slowRc = 0;
        int apps = 10;
        String name = "nepibench";
        String prefix = "198.18.70.0/24";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--hosts" -> sizes = java.util.Arrays.stream(args[++i].split(","))
                        .map(Integer::parseInt)
                        .toList();
                case "--slow-rc" -> slowRc = Double.parseDouble(args[++i]);
                case "--apps" -> apps = Integer.parseInt(args[++i]);
                case "--name" -> name = args[++i];
                case "--prefix" -> prefix = args[++i];
                default -> throw new IllegalArgumentException(
                        "unknown argument '" + args[i] + "'; accepted: --hosts 20,100 --slow-rc SECONDS --apps 10"
                                + " --name TESTBED --prefix 198.18.70.0/24");
            }
        }
        List<Row> rows = new ArrayList<>();
        try {
            for (int n : sizes) {
                long t0 = System.nanoTime();
                try (Testbed testbed = Testbed.up(n, name, prefix, slowRc)) {
                    Duration upTime = Duration.ofNanos(System.nanoTime() - t0);
                    System.out.printf("testbed of %d hosts up in %.1f s%n", n, upTime.toMillis() / 1000.0);
                    if (rows.isEmpty()) {
                        ours(testbed, Math.min(2, n), 1); // warm-up: class loading, JIT
                    }
                    Duration pssh = pssh(testbed);
                    add(rows, new Row(n, "parallel-ssh, 1 command per host", pssh, ""));
                    Duration asReady = ours(testbed, n, 1, null, false);
                    add(
                            rows,
                            new Row(
                                    n,
                                    "NEPI, 1 application per host, each started once its host is ready",
                                    asReady,
                                    ratio(asReady, pssh, "parallel-ssh")));
                    Duration one = ours(testbed, n, 1);
                    add(
                            rows,
                            new Row(
                                    n,
                                    "NEPI, 1 application per host, started together (deploy())",
                                    one,
                                    ratio(one, pssh, "parallel-ssh")));
                    long[] memory = new long[2];
                    Duration many = ours(testbed, n, apps, memory, true);
                    add(
                            rows,
                            new Row(
                                    n,
                                    "NEPI, " + apps + " applications per host, started together (deploy())",
                                    many,
                                    ratio(many, one, "1 per host")
                                            + String.format(
                                                    Locale.ROOT,
                                                    "; heap %d MB, RSS %d MB",
                                                    memory[0] >> 20,
                                                    memory[1] >> 20)));
                }
            }
        } finally {
            Testbed.down(name);
        }
        System.out.printf("%nslow rc: %s s of CPU per shell start%n", slowRc);
        System.out.printf("| hosts | what | time | against; controller memory |%n|---|---|---|---|%n");
        for (Row r : rows) {
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %s | %.2f s | %s |%n",
                    r.hosts(),
                    r.what(),
                    r.time().toMillis() / 1000.0,
                    r.note());
        }
        System.exit(0);
    }

    /** Adds a row and prints it at once, so that a run cut short still says what it measured. */
    private static void add(List<Row> rows, Row row) {
        rows.add(row);
        System.out.printf(
                Locale.ROOT,
                "%d hosts, %s: %.2f s %s%n",
                row.hosts(),
                row.what(),
                row.time().toMillis() / 1000.0,
                row.note());
    }

    private static String ratio(Duration time, Duration reference, String what) {
        return String.format(Locale.ROOT, "%.2fx %s", time.toNanos() / (double) reference.toNanos(), what);
    }

    private static Duration pssh(Testbed testbed) throws IOException, InterruptedException {
        Path out = Files.createTempDirectory("nepi-pssh-");
        List<String> command = List.of(
                "parallel-ssh",
                "-h",
                testbed.dir().resolve("pssh-hosts").toString(),
                "-t",
                "0",
                "-o",
                out.toString(),
                "-x",
                "-i " + testbed.identity() + " -o UserKnownHostsFile=" + testbed.knownHosts() + " -o BatchMode=yes",
                "echo hello");
        long forks0 = forks();
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        System.out.printf(
                Locale.ROOT,
                "parallel-ssh on %d hosts: %.2f s, %d processes started on the machine (load %s)%n",
                testbed.addresses().size(),
                took.toMillis() / 1000.0,
                forks() - forks0,
                load());
        try (var files = Files.list(out)) {
            long ok = files.count();
            if (code != 0 || ok != testbed.addresses().size()) {
                throw new IOException("parallel-ssh failed (" + code + ", " + ok + " outputs): " + text);
            }
        }
        try (var files = Files.list(out)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(out);
        return took;
    }

    private static Duration ours(Testbed testbed, int hosts, int appsPerHost) throws Exception {
        return ours(testbed, hosts, appsPerHost, null, true);
    }

    /**
     * Deploy until every application finished, one linux::Node per host; memory measured before shutdown. With
     * {@code together}, {@code deploy()}: no application starts before every RM is READY; without, each starts once
     * its node is (as parallel-ssh runs each host's command once connected).
     */
    private static Duration ours(Testbed testbed, int hosts, int appsPerHost, long[] memory, boolean together)
            throws Exception {
        try (ExperimentController ec = new ExperimentController("fleet-bench")) {
            List<Integer> apps = new ArrayList<>();
            List<Integer> nodes = new ArrayList<>();
            Map<Integer, Map<ResourceState, Instant>> reached = new java.util.concurrent.ConcurrentHashMap<>();
            ec.addListener(new ExperimentListener() {
                @Override
                public void stateChanged(StateChange change) {
                    reached.computeIfAbsent(change.guid(), g -> new java.util.concurrent.ConcurrentHashMap<>())
                            .put(change.to(), change.at());
                }
            });
            for (int i = 0; i < hosts; i++) {
                int node = ec.registerResource("linux::Node", testbed.node(i));
                nodes.add(node);
                for (int a = 0; a < appsPerHost; a++) {
                    int app = ec.registerResource("linux::Application", Map.of("command", "echo hello"));
                    ec.registerConnection(app, node);
                    apps.add(app);
                }
            }
            long requests0 = nepi.resources.linux.host.SshHost.requestsSent();
            long forks0 = forks();
            long cpu0 = cpuNanos();
            Instant start = Instant.now();
            long t0 = System.nanoTime();
            ec.deploy(List.of(), together, null);
            ec.waitFinished(apps);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (hosts > 2) {
                profile(ec, t0, start, nodes, apps, reached);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%d hosts x %d applications: %.2f s, %d requests to the hosts' shells, %d processes started on"
                            + " the machine (all helpers' included), controller CPU %.1f s (load %s)%n",
                    hosts,
                    appsPerHost,
                    took.toMillis() / 1000.0,
                    nepi.resources.linux.host.SshHost.requestsSent() - requests0,
                    forks() - forks0,
                    (cpuNanos() - cpu0) / 1e9,
                    load());
            for (int app : apps) {
                if (ec.state(app) != ResourceState.STOPPED) {
                    throw new IllegalStateException("application " + app + " is " + ec.state(app) + ": "
                            + ec.getResource(app).getFailureReason().orElse("")
                            + ec.getResource(ec.getResource(app)
                                            .getConnected()
                                            .get(0)
                                            .getGuid())
                                    .getFailureReason()
                                    .orElse(""));
                }
            }
            if (memory != null) {
                System.gc();
                memory[0] =
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                memory[1] = rss();
            }
            return took;
        }
    }

    /**
     * Where the time went, host by host: when each phase ended, in seconds after deploy() (median, 90th percentile
     * and last of the hosts): the connection asked for, begun (a login slot free), TCP connected, key exchange and
     * login done, the shell started (its first line), the node READY, the host's applications READY (the last of
     * them), STARTED and STOPPED (the exit event seen).
     */
    private static void profile(
            ExperimentController ec,
            long t0,
            Instant start,
            List<Integer> nodes,
            List<Integer> apps,
            Map<Integer, Map<ResourceState, Instant>> reached) {
        Map<String, List<Double>> phases = new java.util.LinkedHashMap<>();
        for (String p : List.of(
                "connect asked",
                "login begun",
                "TCP connected",
                "kex+login done",
                "shell started",
                "node READY",
                "apps READY",
                "apps STARTED",
                "apps STOPPED")) {
            phases.put(p, new ArrayList<>());
        }
        for (int node : nodes) {
            LinuxNode n = (LinuxNode) ec.getResource(node);
            if (n.host() instanceof nepi.resources.linux.host.SshHost ssh) {
                var t = ssh.connection().openTimes();
                long[] at = {t.asked(), t.begun(), t.connected(), t.loggedIn(), t.shellStarted()};
                String[] names = {"connect asked", "login begun", "TCP connected", "kex+login done", "shell started"};
                for (int i = 0; i < at.length; i++) {
                    if (at[i] != 0) {
                        phases.get(names[i]).add((at[i] - t0) / 1e9);
                    }
                }
            }
            add(phases.get("node READY"), reached, node, ResourceState.READY, start);
            Map<ResourceState, Double> last = new java.util.EnumMap<>(ResourceState.class);
            for (int app : apps) {
                if (ec.getResource(app).getConnected().get(0).getGuid() != node) {
                    continue;
                }
                for (ResourceState s : List.of(ResourceState.READY, ResourceState.STARTED, ResourceState.STOPPED)) {
                    Instant at = reached.getOrDefault(app, Map.of()).get(s);
                    if (at != null) {
                        last.merge(s, Duration.between(start, at).toNanos() / 1e9, Math::max);
                    }
                }
            }
            last.forEach((s, v) -> phases.get("apps " + s).add(v));
        }
        StringBuilder text = new StringBuilder("  phase ends, s after deploy (median / p90 / last host):");
        phases.forEach((name, values) -> {
            if (values.isEmpty()) {
                return;
            }
            values.sort(null);
            text.append(String.format(
                    Locale.ROOT,
                    "%n    %-15s %6.2f %6.2f %6.2f",
                    name,
                    values.get(values.size() / 2),
                    values.get(Math.min(values.size() - 1, values.size() * 9 / 10)),
                    values.get(values.size() - 1)));
        });
        System.out.println(text);
    }

    private static void add(
            List<Double> into,
            Map<Integer, Map<ResourceState, Instant>> reached,
            int guid,
            ResourceState state,
            Instant start) {
        Instant at = reached.getOrDefault(guid, Map.of()).get(state);
        if (at != null) {
            into.add(Duration.between(start, at).toNanos() / 1e9);
        }
    }

    /** Processes started on this machine since boot (the "processes" line of /proc/stat). */
    private static long forks() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("processes ")) {
                    return Long.parseLong(line.substring("processes ".length()).strip());
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
