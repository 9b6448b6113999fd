package nepi.core;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import nepi.resources.dummy.DummyResource;

/**
 * NEPI's scalability benchmark ({@code benchmark/scalability/dummy.py}) for this
 * controller: N dummy nodes, each with one interface on a shared link and A applications;
 * T worker threads; each operation takes {@code opdelay}. Prints the time to register,
 * deploy, run and release, the peak heap and the CPU time, next to NEPI's own figures; then
 * the latency from the last state change to a wait returning.
 *
 * <p>Run: {@code mvn -q -pl nepi-core test-compile exec:exec@benchmark} (arguments:
 * {@code -Dbench.args="--nodes 100 --apps 100 --opdelay 0 --runs 3"}).
 */
public final class ScalabilityBenchmark {

    private record Phases(double register, double deploy, double run, double release, long peakHeapMb,
                          long liveHeapMb, double cpu) {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        int runs = intArg(a, "--runs", 3);
        double opdelay = Double.parseDouble(arg(a, "--opdelay", "0"));
        List<int[]> cases = new ArrayList<>();
        if (a.contains("--nodes")) {
            cases.add(new int[] {intArg(a, "--nodes", 100), intArg(a, "--apps", 100)});
        } else {
            cases.add(new int[] {100, 100});
            cases.add(new int[] {1000, 100});
        }
        System.out.printf(Locale.ROOT, "NEPI scalability benchmark: %d worker threads, opdelay %.3f s, max heap %d MB, %d cores%n",
                Scheduler.configuredThreads(), opdelay, Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
        System.out.println("| case | RMs | register | deploy | run | release | deploy+run+release | total | peak heap | live heap | CPU |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (int[] c : cases) {
            run(c[0], c[1], opdelay);
            for (int i = 0; i < runs; i++) {
                Phases p = run(c[0], c[1], opdelay);
                int rms = c[0] * (c[1] + 2) + 1;
                System.out.printf(Locale.ROOT, "| N=%d, A=%d | %d | %.3f s | %.3f s | %.3f s | %.3f s | %.3f s | %.3f s | %d MB | %d MB | %.2f s |%n",
                        c[0], c[1], rms, p.register, p.deploy, p.run, p.release, p.deploy + p.run + p.release,
                        p.register + p.deploy + p.run + p.release, p.peakHeapMb, p.liveHeapMb, p.cpu);
            }
        }
        System.out.println("NEPI (Python), same machine, T=20, opdelay=0: N=100,A=100: register ~2.5 s, deploy 0.57-0.62 s,"
                + " run 1.0-1.5 s, release 0.56 s, 82 MB RSS; N=1000,A=100: register ~40 s, deploy 5.2 s, run 4.9 s,"
                + " release 2.0 s, 495 MB RSS");
        waitLatency(intArg(a, "--samples", 200));
    }

    private static Phases run(int nodes, int appsPerNode, double opdelay) throws InterruptedException {
        System.gc();
        resetPeaks();
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        ExperimentController ec = new ExperimentController("scalability");
        List<Integer> apps = new ArrayList<>(nodes * appsPerNode);
        try {
            if (opdelay > 0) {
                for (String type : List.of("dummy::Node", "dummy::Interface", "dummy::Link", "dummy::Application")) {
                    ec.setGlobal(type, DummyResource.OP_DELAY.getName(), opdelay);
                }
            }
            for (int node : BenchmarkTopology.nodesOnALink(ec, nodes)) {
                for (int i = 0; i < appsPerNode; i++) {
                    int app = ec.registerResource("dummy::Application");
                    ec.registerConnection(app, node);
                    apps.add(app);
                }
            }
            long t1 = System.nanoTime();
            ec.deploy();
            ec.waitDeployed();
            long t2 = System.nanoTime();
            ec.waitFinished(apps);
            long t3 = System.nanoTime();
            System.gc();
            long live = heapUsed();
            ec.release();
            long t4 = System.nanoTime();
            if (ec.getFailureLevel() != FailureLevel.OK) {
                throw new IllegalStateException("the benchmark experiment failed: " + ec.getFailureLevel());
            }
            return new Phases(sec(t1 - t0), sec(t2 - t1), sec(t3 - t2), sec(t4 - t3), peakHeap() >> 20, live >> 20,
                    sec(cpuNanos() - cpu0));
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
                int app = ec.registerResource("dummy::Application", java.util.Map.of("duration", 0.002));
                ec.registerConnection(app, node);
                ec.deploy(app);
                ec.waitStarted(app);
                ec.waitFinished(app);
                Instant returned = Instant.now();
                latencies[i] = Duration.between(ec.getStopTime(app), returned).toNanos();
            }
        }
        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "wait latency (state change -> waitFinished returns), %d samples: median %.3f ms,"
                        + " p95 %.3f ms, max %.3f ms (NEPI polls every 500 ms: up to 500 ms)%n", samples,
                latencies[samples / 2] / 1e6, latencies[(int) (samples * 0.95)] / 1e6, latencies[samples - 1] / 1e6);
    }

    private static double sec(long nanos) {
        return nanos / 1e9;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String arg(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }

    private static int intArg(List<String> args, String name, int fallback) {
        return Integer.parseInt(arg(args, name, String.valueOf(fallback)));
    }
}
