package nepi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
        long failing = ec.schedule(
                "0s",
                () -> {
                    throw new IllegalStateException("boom");
                },
                true);
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
        long id = ec.schedule("0s", () -> {});
        assertThatThrownBy(() -> ec.getTask(id)).hasMessageContaining("track = true");
    }

    @Test
    void aMalformedDateIsRefused() {
        assertThatThrownBy(() -> ec.schedule("5 seconds", () -> {}))
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
        assertThatThrownBy(() -> ec.schedule("0s", () -> {})).hasMessageContaining("shut down");
    }

    @Test
    void aBatchRunsInItsOrderAfterWhatWasDueBeforeIt() throws InterruptedException {
        Scheduler single = new Scheduler("batch", 1);
        try {
            List<String> order = new CopyOnWriteArrayList<>();
            CountDownLatch gate = new CountDownLatch(1);
            single.schedule(Duration.ZERO, (Runnable) () -> awaitQuietly(gate));
            single.schedule(Duration.ofMillis(50), (Runnable) () -> order.add("delayed"));
            Thread.sleep(150);
            single.scheduleAll(List.of(() -> order.add("a"), () -> order.add("b"), () -> order.add("c")));
            single.schedule(Duration.ZERO, (Runnable) () -> order.add("after"));
            gate.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == 5);
            assertThat(order).containsExactly("delayed", "a", "b", "c", "after");
        } finally {
            single.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void anEarlierDelayedTaskWakesAWorkerParkedForALaterOne() throws InterruptedException {
        Scheduler single = new Scheduler("earlier", 1);
        try {
            CountDownLatch ran = new CountDownLatch(1);
            single.schedule(Duration.ofSeconds(30), (Runnable) () -> {});
            Thread.sleep(100);
            long start = System.nanoTime();
            single.schedule(Duration.ofMillis(100), (Runnable) ran::countDown);
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        } finally {
            single.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void tasksThatRescheduleThemselvesFromManyThreadsAllRunNoneLost() throws InterruptedException {
        Scheduler pool = new Scheduler("spin", 20);
        try {
            int chains = 200;
            int hops = 50;
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(chains);
            for (int c = 0; c < chains; c++) {
                pool.schedule(Duration.ZERO, new Hop(pool, hops, runs, done));
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(runs.get()).isEqualTo(chains * hops);
        } finally {
            pool.shutdown(Duration.ofSeconds(5));
        }
    }

    /** A task that schedules itself again ("0s") until it ran {@code left} times, as a NEPI-style RM does. */
    private record Hop(Scheduler pool, int left, AtomicInteger runs, CountDownLatch done) implements Runnable {
        @Override
        public void run() {
            runs.incrementAndGet();
            if (left > 1) {
                pool.schedule(Duration.ZERO, new Hop(pool, left - 1, runs, done));
            } else {
                done.countDown();
            }
        }
    }

    @Test
    void workersAreAddedWhileAllAreBusyUpToThePoolSizeAndNoMore() throws InterruptedException {
        Scheduler pool = new Scheduler("grow", 3);
        try {
            Set<String> threads = ConcurrentHashMap.newKeySet();
            CountDownLatch allThreeRunning = new CountDownLatch(3);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger fourth = new AtomicInteger();
            for (int i = 0; i < 3; i++) {
                pool.schedule(Duration.ZERO, (Runnable) () -> {
                    threads.add(Thread.currentThread().getName());
                    allThreeRunning.countDown();
                    awaitQuietly(release);
                });
            }
            pool.schedule(Duration.ZERO, (Runnable) fourth::incrementAndGet);
            assertThat(allThreeRunning.await(5, TimeUnit.SECONDS))
                    .as("three blocking tasks run at once")
                    .isTrue();
            Thread.sleep(100);
            assertThat(fourth.get()).as("the fourth waits for a free worker").isZero();
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> fourth.get() == 1);
            List<Runnable> many = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                many.add(() -> threads.add(Thread.currentThread().getName()));
            }
            pool.scheduleAll(many);
            CountDownLatch last = new CountDownLatch(1);
            pool.schedule(Duration.ofMillis(50), (Runnable) last::countDown);
            assertThat(last.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(threads).hasSize(3);
        } finally {
            pool.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void aTaskThatInterruptsItsOwnThreadDoesNotDisturbTheNext() throws InterruptedException {
        Scheduler single = new Scheduler("interrupt", 1);
        try {
            single.schedule(
                    Duration.ZERO, (Runnable) () -> Thread.currentThread().interrupt());
            Task sleeper = single.schedule(Duration.ZERO, (java.util.concurrent.Callable<Object>) () -> {
                Thread.sleep(20);
                return "slept";
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> sleeper.getStatus() != TaskStatus.NEW);
            assertThat(sleeper.getResult()).isEqualTo("slept");
        } finally {
            single.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void aTasksDueInstantIsWhenItWasScheduledPlusItsDelay() {
        Scheduler single = new Scheduler("due", 1);
        try {
            java.time.Instant before = java.time.Instant.now();
            Task task = single.schedule(Duration.ofSeconds(10), (Runnable) () -> {});
            java.time.Instant after = java.time.Instant.now();
            assertThat(task.getDue())
                    .isBetween(
                            before.plusSeconds(10).minusMillis(5),
                            after.plusSeconds(10).plusMillis(5));
        } finally {
            single.shutdown(Duration.ofSeconds(5));
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
