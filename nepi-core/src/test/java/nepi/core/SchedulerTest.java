package nepi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    private final ExperimentController ec = new ExperimentController();

    @AfterEach
    void shutdown() {
        ec.shutdown();
    }

    @Test
    void aTrackedTaskKeepsItsResult() {
        long id = ec.schedule("0s", () -> 6 * 7, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> ec.getTask(id).getStatus() == TaskStatus.DONE);
        assertThat(ec.getTask(id).getResult()).isEqualTo(42);
    }

    @Test
    void aTaskScheduledInOneSecondRunsAfterOneSecondAndNotMuchLater() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        long[] ranAt = new long[1];
        long start = System.nanoTime();
        ec.schedule("1s", () -> {
            ranAt[0] = System.nanoTime();
            ran.countDown();
        });
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        Duration elapsed = Duration.ofNanos(ranAt[0] - start);
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void aFailingTaskIsMarkedErrorAndLaterTasksStillRun() {
        long failing = ec.schedule("0s", () -> {
            throw new IllegalStateException("boom");
        }, true);
        long after = ec.schedule("10ms", () -> "still here", true);
        await().atMost(Duration.ofSeconds(5)).until(() -> ec.getTask(after).getStatus() == TaskStatus.DONE);
        assertThat(ec.getTask(failing).getStatus()).isEqualTo(TaskStatus.ERROR);
        assertThat(ec.getTask(failing).getError()).hasMessage("boom");
        assertThat(ec.getTask(failing).getResult()).isEqualTo("boom");
        assertThat(ec.getTask(after).getResult()).isEqualTo("still here");
    }

    @Test
    void tasksRunInOrderOfDueTimeThenArrival() throws InterruptedException {
        System.setProperty("nepi.nthreads", "1");
        ExperimentController single;
        try {
            single = new ExperimentController();
        } finally {
            System.clearProperty("nepi.nthreads");
        }
        try {
            List<String> order = new CopyOnWriteArrayList<>();
            CountDownLatch gate = new CountDownLatch(1);
            single.schedule("0s", () -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            single.schedule("200ms", () -> order.add("late"));
            single.schedule("0s", () -> order.add("first"));
            single.schedule("0s", () -> order.add("second"));
            single.schedule("100ms", () -> order.add("middle"));
            Thread.sleep(300);
            gate.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == 4);
            assertThat(order).containsExactly("first", "second", "middle", "late");
        } finally {
            single.shutdown();
        }
    }

    @Test
    void anUntrackedOrUnknownTaskIsRefusedWithAHint() {
        long id = ec.schedule("0s", () -> { });
        assertThatThrownBy(() -> ec.getTask(id)).hasMessageContaining("track = true");
    }

    @Test
    void aMalformedDateIsRefused() {
        assertThatThrownBy(() -> ec.schedule("5 seconds", () -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"5 seconds\"");
    }

    @Test
    void theWorkerPoolSizeComesFromTheProperty() {
        System.setProperty("nepi.nthreads", "zero");
        try {
            assertThatThrownBy(ExperimentController::new).hasMessageContaining("nepi.nthreads=zero");
        } finally {
            System.clearProperty("nepi.nthreads");
        }
    }

    @Test
    void shutdownDropsPendingTasksAndStopsItsThreads() {
        long late = ec.schedule("10s", () -> "never", true);
        ec.shutdown();
        assertThat(ec.getTask(late).getStatus()).isEqualTo(TaskStatus.NEW);
        assertThat(ec.getEcState()).isEqualTo(EcState.TERMINATED);
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("nepi-" + ec.getExpId() + "-worker")));
        assertThatThrownBy(() -> ec.schedule("0s", () -> { })).hasMessageContaining("shut down");
    }
}
