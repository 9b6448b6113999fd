package nepi.core.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StateMonitorTest {

    /**
     * A step watching an RM in the state it just entered, registered while that change is
     * still telling its listeners and deferred steps, runs on the next change: the race
     * left such a step in a queue nobody would walk again (the scalability benchmark hung).
     */
    @Test
    void stepWatchingAStateJustEnteredRunsOnTheNextChange() throws Exception {
        int rounds = 3000;
        int lost = 0;
        for (int round = 0; round < rounds; round++) {
            ManualContext ec = new ManualContext();
            ResourceManager rm = ec.add("dummy::Node");
            AtomicInteger ran = new AtomicInteger();
            int busy = round % 64;
            // Keeps the change into DISCOVERED busy a varying moment, as listeners on a loaded machine do.
            ec.getStateMonitor().addListener(change -> {
                for (int i = 0; i < busy; i++) {
                    Thread.onSpinWait();
                }
            });
            CountDownLatch ready = new CountDownLatch(1);
            Thread watcher = new Thread(() -> {
                ready.countDown();
                while (rm.getState() == ResourceState.NEW) {
                    Thread.onSpinWait();
                }
                ec.getStateMonitor().watch(rm, ResourceState.DISCOVERED, ran::incrementAndGet);
            });
            watcher.start();
            ready.await(1, TimeUnit.SECONDS);
            rm.setDiscovered();
            watcher.join();
            rm.setProvisioned();
            if (ran.get() != 1) {
                lost++;
            }
        }
        assertThat(lost)
                .as("steps not run once after the next change, of %d", rounds)
                .isZero();
    }

    @Test
    void aWaitEndsWhenEveryRmOfAnUnsortedListWithRepeatsArrives() throws Exception {
        ManualContext ec = new ManualContext();
        List<ResourceManager> rms = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rms.add(ec.add("dummy::Node"));
        }
        // Sparse (every tenth RM: the binary search) and out of order with a repeat.
        List<ResourceManager> waited = List.of(rms.get(30), rms.get(0), rms.get(20), rms.get(10), rms.get(20));
        assertThat(awaitAfter(ec, waited, () -> rms.forEach(ResourceManager::setDiscovered)))
                .isTrue();
    }

    @Test
    void aWaitForDenseGuidsIgnoresTheRmsBetweenThemItDoesNotWaitFor() throws Exception {
        ManualContext ec = new ManualContext();
        List<ResourceManager> rms = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rms.add(ec.add("dummy::Node"));
        }
        // Dense (every other RM: the index by guid): the others changing must not end the wait.
        List<ResourceManager> waited = new ArrayList<>();
        List<ResourceManager> others = new ArrayList<>();
        for (int i = 0; i < rms.size(); i++) {
            (i % 2 == 0 ? waited : others).add(rms.get(i));
        }
        assertThat(awaitAfter(ec, waited, () -> others.forEach(ResourceManager::setDiscovered)))
                .isFalse();
        assertThat(awaitAfter(ec, waited, () -> waited.forEach(ResourceManager::setDiscovered)))
                .isTrue();
    }

    /** Waits (up to 2 s) for {@code waited} to be DISCOVERED while {@code changes} runs on another thread. */
    private static boolean awaitAfter(ManualContext ec, List<ResourceManager> waited, Runnable changes)
            throws Exception {
        Thread changer = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            changes.run();
        });
        changer.start();
        try {
            return ec.getStateMonitor().await(waited, ResourceState.DISCOVERED, Duration.ofSeconds(2), () -> false);
        } finally {
            changer.join();
        }
    }

    @Test
    void stepsDeferredBeforeTheDeferredStepsWereDroppedNeverRun() {
        ManualContext ec = new ManualContext();
        ResourceManager rm = ec.add("dummy::Node");
        AtomicInteger before = new AtomicInteger();
        AtomicInteger after = new AtomicInteger();
        ec.getStateMonitor().watch(rm, ResourceState.NEW, before::incrementAndGet);

        ec.getStateMonitor().dropDeferredSteps();
        ec.getStateMonitor().watch(rm, ResourceState.NEW, after::incrementAndGet);
        rm.setDiscovered();

        assertThat(before).as("watching since before the drop").hasValue(0);
        assertThat(after).as("watching since after the drop").hasValue(1);
    }
}
