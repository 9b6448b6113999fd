package nepi.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of this process's threads by kind (JIT compilers, garbage collector, the controller's workers, the
 * rest), read from Linux's {@code /proc/self/task/TID/schedstat} (nanoseconds on a CPU) and {@code comm}
 * (the thread's name, cut to 15 characters). The JVM's own threads (compilers, GC) are invisible to
 * {@code ThreadMXBean}; this shows how much of a fresh JVM's window they take. Empty where there is no
 * {@code /proc}.
 */
final class ThreadCpu {

    private static final Path TASKS = Path.of("/proc/self/task");

    private ThreadCpu() {}

    /** Nanoseconds on a CPU by kind of thread, for the threads alive now. */
    static Map<String, Long> sample() {
        Map<String, Long> byKind = new LinkedHashMap<>();
        for (String kind : new String[] {"JIT", "GC", "workers", "other"}) {
            byKind.put(kind, 0L);
        }
        if (!Files.isDirectory(TASKS)) {
            return Map.of();
        }
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    String schedstat =
                            Files.readString(task.resolve("schedstat")).trim();
                    long nanos = Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                    byKind.merge(kindOf(name), nanos, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // The thread ended between the listing and the read: its time is no longer counted anywhere.
                }
            });
        } catch (IOException e) {
            return Map.of();
        }
        return byKind;
    }

    private static String kindOf(String name) {
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "JIT";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
            return "GC";
        }
        return name.contains("-worker") || name.startsWith("nepi-") ? "workers" : "other";
    }

    /** What each kind of thread spent in the windows {@code [samples[0], samples[1]]}, {@code [samples[2], samples[3]]}... */
    static Map<String, Long> spent(List<Map<String, Long>> samples) {
        Map<String, Long> total = new LinkedHashMap<>();
        for (int i = 0; i + 1 < samples.size(); i += 2) {
            Map<String, Long> before = samples.get(i);
            for (Map.Entry<String, Long> e : samples.get(i + 1).entrySet()) {
                total.merge(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L), Long::sum);
            }
        }
        return total;
    }

    /** {@code "JIT 0.21 s, GC 0.03 s, ..."}, or a note when nothing could be read. */
    static String format(Map<String, Long> spent) {
        if (spent.isEmpty()) {
            return "no per-thread CPU (no /proc)";
        }
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Long> e : spent.entrySet()) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue() / 1e9));
        }
        return text.toString();
    }
}
