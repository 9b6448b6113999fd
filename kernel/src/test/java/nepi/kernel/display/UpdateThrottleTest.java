package nepi.kernel.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UpdateThrottleTest {

    @Test
    void aStormOfChangesGivesAtMostOnePublicationPerInterval() throws Exception {
        List<Long> published = new CopyOnWriteArrayList<>();
        UpdateThrottle throttle = new UpdateThrottle(Duration.ofMillis(100), () -> published.add(System.nanoTime()));
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000);
        Thread[] workers = new Thread[4];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    throttle.changed();
                }
            });
            workers[w].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        throttle.finish();
        // One second of changes from 4 threads: about 10 publications plus the final one, never closer than 100 ms.
        assertThat(published).hasSizeBetween(8, 12);
        for (int i = 1; i < published.size(); i++) {
            assertThat(published.get(i) - published.get(i - 1)).isGreaterThanOrEqualTo(100_000_000L);
        }
    }

    @Test
    void nothingIsPublishedWithoutChangesAndFinishPublishesOnce() throws Exception {
        List<Long> published = new CopyOnWriteArrayList<>();
        UpdateThrottle throttle = new UpdateThrottle(Duration.ofMillis(50), () -> published.add(System.nanoTime()));
        Thread.sleep(200);
        assertThat(published).isEmpty();
        throttle.changed();
        Thread.sleep(100);
        assertThat(published).hasSize(1);
        throttle.finish();
        throttle.changed();
        throttle.finish();
        assertThat(published).hasSize(2);
    }

    @Test
    void finishShowsTheFinalStateEvenWhenInterruptedAndStillKeepsTheInterval() throws Exception {
        List<Long> published = new CopyOnWriteArrayList<>();
        UpdateThrottle throttle = new UpdateThrottle(Duration.ofMillis(100), () -> published.add(System.nanoTime()));
        throttle.changed();
        Thread.sleep(20);
        Thread.currentThread().interrupt();
        throttle.finish();
        assertThat(Thread.interrupted()).isTrue();
        assertThat(published).hasSize(2);
        assertThat(published.get(1) - published.get(0)).isGreaterThanOrEqualTo(100_000_000L);
    }
}
