package nepi.kernel.magic;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CellTimesTest {

    @Test
    void durationsAreWrittenWithThreeDigitsInTheirUnitAsIPythonWritesThem() {
        assertThat(CellTimes.format(Duration.ZERO)).isEqualTo("0 ns");
        assertThat(CellTimes.format(Duration.ofNanos(950))).isEqualTo("950 ns");
        assertThat(CellTimes.format(Duration.ofNanos(4_000))).isEqualTo("4 µs");
        assertThat(CellTimes.format(Duration.ofNanos(12_345_678))).isEqualTo("12.3 ms");
        assertThat(CellTimes.format(Duration.ofNanos(999_700_000))).isEqualTo("1 s");
        assertThat(CellTimes.format(Duration.ofMillis(1_500))).isEqualTo("1.5 s");
        assertThat(CellTimes.format(Duration.ofSeconds(65))).isEqualTo("1min 5s");
        assertThat(CellTimes.format(Duration.ofSeconds(3_600 + 2))).isEqualTo("1h 2s");
    }

    @Test
    void theTextHasIPythonsLinesAndTheProcesssCpuTime() {
        CellTimes times = new CellTimes(
                Duration.ofMillis(15),
                Optional.of(Duration.ofMillis(12)),
                Optional.of(Duration.ofMillis(1)),
                Optional.of(Duration.ofMillis(20)));
        assertThat(times.text())
                .isEqualTo("CPU times: user 12 ms, sys 1 ms, total 13 ms\nProcess CPU time: 20 ms\nWall time: 15 ms\n");
        assertThat(new CellTimes(Duration.ofMillis(1), Optional.empty(), Optional.empty(), Optional.empty()).text())
                .startsWith("CPU times: not measurable");
    }

    @Test
    void busyCodeTakesCpuTimeOnItsThreadAndSleepingOnlyWallTime() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CellTimes.Stopwatch stopwatch = CellTimes.start();
        // Busy until this thread has had 100 ms of CPU (however loaded the machine is), then asleep for 200 ms.
        long until = threads.getCurrentThreadCpuTime() + 100_000_000L;
        long sum = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            sum += System.nanoTime() % 7;
        }
        Thread.sleep(200);
        CellTimes times = stopwatch.stop();
        assertThat(sum).isPositive();
        assertThat(times.wall()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(times.threadTotal()).hasValueSatisfying(cpu -> assertThat(cpu)
                .isGreaterThanOrEqualTo(Duration.ofMillis(100))
                .isLessThan(times.wall().minusMillis(150)));
        assertThat(times.threadUser()).hasValueSatisfying(user -> assertThat(user)
                .isLessThanOrEqualTo(times.threadTotal().orElseThrow()));
        // The process's CPU time counts this thread's and more (JIT, GC, other threads).
        assertThat(times.process())
                .hasValueSatisfying(cpu -> assertThat(cpu).isGreaterThanOrEqualTo(Duration.ofMillis(90)));
    }
}
