package nepi.core.resource;

import static org.assertj.core.api.Assertions.assertThat;

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
}
