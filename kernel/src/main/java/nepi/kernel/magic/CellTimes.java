package nepi.kernel.magic;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Optional;

/**
 * The wall and CPU time some code took, as {@code %time} and {@code %%time} print them.
 * <p>
 * JShell runs the kernel's snippets in the kernel's own JVM, on the thread that evaluates them (no remote agent), so
 * the calling thread's CPU time is that of compiling and running the code. It leaves out the threads the code
 * started (e.g. NEPI's workers during {@code %deploy}); the process's CPU time includes them, and also the JIT
 * compiler, the garbage collector and the kernel's other threads. Child processes (commands NEPI runs) are in
 * neither.
 *
 * @param wall          time on the clock
 * @param threadUser    CPU time of the calling thread in user mode; empty when the JVM cannot measure it
 * @param threadSystem  CPU time of the calling thread in the kernel (the OS's)
 * @param process       CPU time of the whole kernel process, every thread; empty when the JVM cannot measure it
 */
public record CellTimes(
        Duration wall, Optional<Duration> threadUser, Optional<Duration> threadSystem, Optional<Duration> process) {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean SYSTEM = ManagementFactory.getOperatingSystemMXBean();

    /** Starts measuring on the calling thread; {@link Stopwatch#stop()} must be called on the same thread. */
    public static Stopwatch start() {
        return new Stopwatch(System.nanoTime(), threadUserNanos(), threadCpuNanos(), processCpuNanos());
    }

    /** The measure under way; its start values are -1 for what the JVM cannot measure. */
    public record Stopwatch(long wallStart, long userStart, long cpuStart, long processStart) {

        /** The times since {@link CellTimes#start()}. */
        public CellTimes stop() {
            long wall = System.nanoTime() - wallStart;
            long user = threadUserNanos();
            long cpu = threadCpuNanos();
            long process = processCpuNanos();
            Optional<Duration> userTime = user < 0 || userStart < 0
                    ? Optional.empty()
                    : Optional.of(Duration.ofNanos(Math.max(0, user - userStart)));
            // CPU time = user + system; the two counters are read at slightly different instants.
            Optional<Duration> systemTime = cpu < 0 || cpuStart < 0 || userTime.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Duration.ofNanos(Math.max(0, (cpu - cpuStart) - (user - userStart))));
            Optional<Duration> processTime = process < 0 || processStart < 0
                    ? Optional.empty()
                    : Optional.of(Duration.ofNanos(Math.max(0, process - processStart)));
            return new CellTimes(
                    Duration.ofNanos(wall),
                    userTime,
                    userTime.isPresent() ? systemTime : Optional.empty(),
                    processTime);
        }
    }

    /** User plus system CPU time of the calling thread. */
    public Optional<Duration> threadTotal() {
        return threadUser.flatMap(user -> threadSystem.map(user::plus));
    }

    /**
     * As IPython prints them, plus the process's CPU time:
     * <pre>
     * CPU times: user 12.3 ms, sys 1.2 ms, total 13.5 ms
     * Process CPU time: 20.1 ms
     * Wall time: 15 ms
     * </pre>
     */
    public String text() {
        StringBuilder text = new StringBuilder("CPU times: ");
        if (threadUser.isPresent() && threadSystem.isPresent()) {
            text.append("user ")
                    .append(format(threadUser.get()))
                    .append(", sys ")
                    .append(format(threadSystem.get()))
                    .append(", total ")
                    .append(format(threadTotal().orElseThrow()));
        } else {
            text.append("not measurable (this JVM does not measure a thread's CPU time)");
        }
        text.append("\nProcess CPU time: ")
                .append(process.map(CellTimes::format).orElse("not measurable on this JVM"))
                .append("\nWall time: ")
                .append(format(wall))
                .append('\n');
        return text.toString();
    }

    /**
     * A duration with 3 significant digits in the largest unit that keeps it at 1 or more ({@code 12.3 ms},
     * {@code 4 µs}, {@code 1.5 s}), and from a minute on in hours, minutes and seconds ({@code 1min 5s}), as IPython
     * writes times.
     */
    public static String format(Duration duration) {
        long nanos = Math.max(0, duration.toNanos());
        if (nanos >= 60_000_000_000L) {
            long seconds = Math.round(nanos / 1e9);
            StringBuilder text = new StringBuilder();
            long[] sizes = {86_400, 3600, 60, 1};
            String[] units = {"d", "h", "min", "s"};
            for (int i = 0; i < sizes.length; i++) {
                if (seconds >= sizes[i]) {
                    text.append(text.isEmpty() ? "" : " ")
                            .append(seconds / sizes[i])
                            .append(units[i]);
                    seconds %= sizes[i];
                }
            }
            return text.toString();
        }
        if (nanos == 0) {
            return "0 ns";
        }
        String[] units = {"ns", "µs", "ms", "s"};
        BigDecimal value = BigDecimal.valueOf(nanos).round(new MathContext(3));
        int unit = 0;
        // Rounding first, so that 999.7 ms is written 1 s, not 1000 ms.
        while (unit < units.length - 1 && value.compareTo(BigDecimal.valueOf(1000)) >= 0) {
            value = value.movePointLeft(3);
            unit++;
        }
        return value.stripTrailingZeros().toPlainString() + " " + units[unit];
    }

    private static long threadUserNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadUserTime() : -1;
    }

    private static long threadCpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    private static long processCpuNanos() {
        return SYSTEM instanceof com.sun.management.OperatingSystemMXBean hotspot ? hotspot.getProcessCpuTime() : -1;
    }
}
