package nepi.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nepi.resources.dummy.DummyResource;

/**
 * NEPI's scalability benchmark ({@code benchmark/scalability/dummy.py}) for this
 * controller: N nodes, each with one interface on a shared link and A applications;
 * T worker threads; each operation takes {@code opdelay}. Prints the time to register,
 * deploy, run and release, the peak heap and the CPU time, next to NEPI's own figures; then
 * the latency from the last state change to a wait returning.
 *
 * <p>Two idioms of writing RMs are measured: {@code defer}, the dummy family, whose RMs wait
 * for their dependencies with {@code deferUntil}; and {@code nepi}, the same family written
 * the NEPI way ({@link ReschedulingDummies}), whose deploy reschedules itself with
 * {@code schedule("0s", this::deploy)} until its dependencies are READY. In-JVM runs follow a
 * warm-up run; with {@code --fresh-jvm} each measured run is the first and only one of a new
 * JVM (a child process on the same class path), as a user's script would be.
 *
 * <p>Run: {@code mvn -q -pl nepi-core test-compile exec:exec@benchmark} (arguments:
 * {@code -Dbench.args="--nodes 100 --apps 100 --opdelay 0 --runs 3 --idiom both --fresh-jvm"}; add
 * {@code --jvm-opts "-XX:TieredStopAtLevel=1"} to measure a short script's recommended JVM options).
 */
public final class ScalabilityBenchmark {

    private static final String USAGE =
            "options: --nodes N --apps A (default: both cases N=100,A=100 and N=1000,A=100),"
                    + " --runs R (3), --opdelay SECONDS (0), --idiom defer|nepi|both (both), --fresh-jvm,"
                    + " --jvm-opts \"OPTIONS\" (added to each fresh JVM's, e.g. -XX:TieredStopAtLevel=1), --samples S (200)";
    /** How a child JVM reports its run to the parent: this prefix, then the numbers of {@link Phases}. */
    private static final String RESULT = "RESULT ";

    private enum Idiom {
        DEFER("defer", "dummy"),
        NEPI("nepi", ReschedulingDummies.FAMILY);

        final String label;
        final String family;

        Idiom(String label, String family) {
            this.label = label;
            this.family = family;
        }

        static List<Idiom> parse(String text) {
            return switch (text) {
                case "defer" -> List.of(DEFER);
                case "nepi" -> List.of(NEPI);
                case "both" -> List.of(DEFER, NEPI);
                default -> throw new IllegalArgumentException(
                        "--idiom " + text + " is not known; accepted: defer, nepi, both");
            };
        }
    }

    private record Phases(
            double register,
            double deploy,
            double run,
            double release,
            long peakHeapMb,
            long liveHeapMb,
            double cpu,
            double measuredCpu,
            double jvmWall) {

        double measured() {
            return deploy + run + release;
        }

        String encode() {
            return RESULT + register + " " + deploy + " " + run + " " + release + " " + peakHeapMb + " " + liveHeapMb
                    + " " + cpu + " " + measuredCpu;
        }

        static Phases decode(String line, double jvmWall) {
            String[] f = line.substring(RESULT.length()).trim().split(" ");
            return new Phases(
                    Double.parseDouble(f[0]),
                    Double.parseDouble(f[1]),
                    Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]),
                    Long.parseLong(f[4]),
                    Long.parseLong(f[5]),
                    Double.parseDouble(f[6]),
                    Double.parseDouble(f[7]),
                    jvmWall);
        }
    }

    private record Options(
            List<int[]> cases,
            int runs,
            double opdelay,
            List<Idiom> idioms,
            boolean freshJvm,
            List<String> jvmOptions,
            boolean child,
            int samples) {}

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println("ScalabilityBenchmark: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        ReschedulingDummies.register();
        if (o.child) {
            int[] c = o.cases.get(0);
            System.out.println(
                    run(c[0], c[1], o.opdelay, o.idioms.get(0), false).encode());
            return;
        }
        String jvm = o.freshJvm ? "fresh" : "warm";
        System.out.printf(
                Locale.ROOT,
                "NEPI scalability benchmark: %d worker threads, opdelay %.3f s, max heap %d MB, %d cores," + " %s%s%n",
                Scheduler.configuredThreads(),
                o.opdelay,
                Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(),
                o.freshJvm
                        ? "each run in a fresh JVM (JVM = child process start to exit)"
                        : "in this JVM after a warm-up run",
                o.jvmOptions.isEmpty() ? "" : ", child JVM options " + String.join(" ", o.jvmOptions));
        System.out.println(
                "| idiom | JVM | case | RMs | register | deploy | run | release | deploy+run+release | peak heap"
                        + " | live heap | CPU | CPU of d+r+r |" + (o.freshJvm ? " JVM |" : ""));
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|" + (o.freshJvm ? "---|" : ""));
        List<String> summary = new ArrayList<>();
        for (int[] c : o.cases) {
            for (Idiom idiom : o.idioms) {
                if (!o.freshJvm) {
                    run(c[0], c[1], o.opdelay, idiom, true);
                }
                double[] measured = new double[o.runs];
                for (int i = 0; i < o.runs; i++) {
                    Phases p = o.freshJvm
                            ? runInFreshJvm(c[0], c[1], o.opdelay, idiom, o.jvmOptions)
                            : run(c[0], c[1], o.opdelay, idiom, true);
                    measured[i] = p.measured();
                    System.out.printf(
                            Locale.ROOT,
                            "| %s | %s | N=%d, A=%d | %d | %.3f s | %.3f s | %.3f s | %.3f s | %.3f s"
                                    + " | %d MB | %d MB | %.2f s | %.2f s |%s%n",
                            idiom.label,
                            jvm,
                            c[0],
                            c[1],
                            rms(c),
                            p.register,
                            p.deploy,
                            p.run,
                            p.release,
                            p.measured(),
                            p.peakHeapMb,
                            p.liveHeapMb,
                            p.cpu,
                            p.measuredCpu,
                            o.freshJvm ? String.format(Locale.ROOT, " %.2f s |", p.jvmWall) : "");
                }
                Arrays.sort(measured);
                summary.add(String.format(
                        Locale.ROOT,
                        "| %s | %s | N=%d, A=%d | %d | %.3f-%.3f s | %.3f s |",
                        idiom.label,
                        jvm,
                        c[0],
                        c[1],
                        o.runs,
                        measured[0],
                        measured[o.runs - 1],
                        measured[o.runs / 2]));
            }
        }
        System.out.println();
        System.out.println("| idiom | JVM | case | runs | deploy+run+release range | median |");
        System.out.println("|---|---|---|---|---|---|");
        summary.forEach(System.out::println);
        System.out.println(
                "NEPI (Python), same machine, T=20, opdelay=0: N=100,A=100: register ~2.5 s, deploy 0.57-0.62 s,"
                        + " run 1.0-1.5 s, release 0.56 s, 82 MB RSS; N=1000,A=100: register ~40 s, deploy 5.2 s, run 4.9 s,"
                        + " release 2.0 s, 495 MB RSS");
        if (o.samples > 0) {
            waitLatency(o.samples);
        }
    }

    private static Options parse(List<String> a) {
        List<String> known = List.of(
                "--nodes",
                "--apps",
                "--runs",
                "--opdelay",
                "--idiom",
                "--samples",
                "--fresh-jvm",
                "--jvm-opts",
                "--child");
        for (int i = 0; i < a.size(); i++) {
            String word = a.get(i);
            if (!known.contains(word)) {
                throw new IllegalArgumentException("unknown argument \"" + word + "\"");
            }
            if (!word.equals("--fresh-jvm") && !word.equals("--child")) {
                if (i + 1 >= a.size()) {
                    throw new IllegalArgumentException(word + " needs a value");
                }
                i++;
            }
        }
        List<int[]> cases = new ArrayList<>();
        if (a.contains("--nodes") || a.contains("--apps")) {
            cases.add(new int[] {positive(a, "--nodes", 100), positive(a, "--apps", 100)});
        } else {
            cases.add(new int[] {100, 100});
            cases.add(new int[] {1000, 100});
        }
        double opdelay;
        try {
            opdelay = Double.parseDouble(arg(a, "--opdelay", "0"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--opdelay " + arg(a, "--opdelay", "") + " is not a number of seconds");
        }
        List<String> jvmOptions = arg(a, "--jvm-opts", "").isBlank()
                ? List.of()
                : List.of(arg(a, "--jvm-opts", "").trim().split("\\s+"));
        if (!jvmOptions.isEmpty() && !a.contains("--fresh-jvm")) {
            throw new IllegalArgumentException("--jvm-opts applies to the child JVMs of --fresh-jvm; add --fresh-jvm"
                    + " (or give the options to this JVM)");
        }
        return new Options(
                cases,
                positive(a, "--runs", 3),
                opdelay,
                Idiom.parse(arg(a, "--idiom", "both")),
                a.contains("--fresh-jvm"),
                jvmOptions,
                a.contains("--child"),
                positive(a, "--samples", 200));
    }

    private static int rms(int[] c) {
        return c[0] * (c[1] + 2) + 1;
    }

    /**
     * One run in a new JVM with this JVM's class path and options (but no recording or debugging agent), then
     * {@code extraOptions}.
     */
    private static Phases runInFreshJvm(int nodes, int apps, double opdelay, Idiom idiom, List<String> extraOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-XX:StartFlightRecording")
                    && !option.startsWith("-agentlib")
                    && !option.startsWith("-javaagent")) {
                command.add(option);
            }
        }
        command.addAll(extraOptions);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                ScalabilityBenchmark.class.getName(),
                "--child",
                "--nodes",
                String.valueOf(nodes),
                "--apps",
                String.valueOf(apps),
                "--opdelay",
                String.valueOf(opdelay),
                "--idiom",
                idiom.label));
        long start = System.nanoTime();
        Process child = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String result = null;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(RESULT)) {
                    result = line;
                } else {
                    System.out.println(line);
                }
            }
        } finally {
            int status = child.waitFor();
            if (status != 0 || result == null) {
                throw new IllegalStateException("the benchmark's child JVM exited with status " + status
                        + (result == null ? " without a result" : ""));
            }
        }
        return Phases.decode(result, sec(System.nanoTime() - start));
    }

    /**
     * One run. {@code collectFirst} separates it from the previous run of this JVM; a fresh
     * JVM has nothing to collect, and a full collection there would only shrink the heap to
     * a few MB, so that the run pays for growing it again, which a user's JVM does not.
     */
    private static Phases run(int nodes, int appsPerNode, double opdelay, Idiom idiom, boolean collectFirst)
            throws InterruptedException {
        if (collectFirst) {
            System.gc();
        }
        resetPeaks();
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        ExperimentController ec = new ExperimentController("scalability");
        List<Integer> apps = new ArrayList<>(nodes * appsPerNode);
        try {
            if (opdelay > 0) {
                for (String kind : List.of("Node", "Interface", "Link", "Application")) {
                    ec.setGlobal(idiom.family + "::" + kind, DummyResource.OP_DELAY.getName(), opdelay);
                }
            }
            String application = idiom.family + "::Application";
            for (int node : BenchmarkTopology.nodesOnALink(ec, nodes, idiom.family)) {
                for (int i = 0; i < appsPerNode; i++) {
                    int app = ec.registerResource(application);
                    ec.registerConnection(app, node);
                    apps.add(app);
                }
            }
            Map<String, Long> threads1 = ThreadCpu.sample();
            long t1 = System.nanoTime();
            long cpu1 = cpuNanos();
            ec.deploy();
            ec.waitDeployed();
            long t2 = System.nanoTime();
            ec.waitFinished(apps);
            long t3 = System.nanoTime();
            long cpu3 = cpuNanos();
            Map<String, Long> threads3 = ThreadCpu.sample();
            System.gc();
            long live = heapUsed();
            Map<String, Long> threads3b = ThreadCpu.sample(); // before the clocks: reading /proc takes milliseconds
            long t3b = System.nanoTime();
            long cpu3b = cpuNanos();
            ec.release();
            long t4 = System.nanoTime();
            long cpu4 = cpuNanos();
            if (!collectFirst) {
                // A fresh JVM's window: how much of its CPU the JIT compilers and the GC took.
                System.out.println("  CPU of d+r+r by thread: "
                        + ThreadCpu.format(
                                ThreadCpu.spent(List.of(threads1, threads3, threads3b, ThreadCpu.sample()))));
            }
            if (ec.getFailureLevel() != FailureLevel.OK) {
                throw new IllegalStateException("the benchmark experiment failed: " + ec.getFailureLevel());
            }
            return new Phases(
                    sec(t1 - t0),
                    sec(t2 - t1),
                    sec(t3 - t2),
                    sec(t4 - t3b),
                    peakHeap() >> 20,
                    live >> 20,
                    sec(cpuNanos() - cpu0),
                    sec(cpu3 - cpu1 + cpu4 - cpu3b),
                    0);
        } finally {
            ec.shutdown();
        }
    }

    /** Time from an RM's state change to a waiting thread returning, woken by that change. */
    private static void waitLatency(int samples) throws InterruptedException {
        long[] latencies = new long[samples];
        try (ExperimentController ec = new ExperimentController("wait-latency")) {
            int node = ec.registerResource("dummy::Node");
            ec.deploy(node);
            ec.waitDeployed(node);
            for (int i = 0; i < samples; i++) {
                int app = ec.registerResource("dummy::Application", Map.of("duration", 0.002));
                ec.registerConnection(app, node);
                ec.deploy(app);
                ec.waitStarted(app);
                ec.waitFinished(app);
                Instant returned = Instant.now();
                latencies[i] = Duration.between(ec.getStopTime(app), returned).toNanos();
            }
        }
        Arrays.sort(latencies);
        System.out.printf(
                Locale.ROOT,
                "wait latency (state change -> waitFinished returns), %d samples: median %.3f ms,"
                        + " p95 %.3f ms, max %.3f ms (NEPI polls every 500 ms: up to 500 ms)%n",
                samples,
                latencies[samples / 2] / 1e6,
                latencies[(int) (samples * 0.95)] / 1e6,
                latencies[samples - 1] / 1e6);
    }

    private static double sec(long nanos) {
        return nanos / 1e9;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed())
                .sum();
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String arg(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }

    private static int positive(List<String> args, String name, int fallback) {
        String text = arg(args, name, String.valueOf(fallback));
        try {
            int n = Integer.parseInt(text);
            if (n > 0 || name.equals("--samples") && n == 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(name + " " + text + " is not a positive whole number");
    }
}
