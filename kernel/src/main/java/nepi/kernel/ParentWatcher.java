package nepi.kernel;

import java.time.Duration;
import java.util.Optional;

/**
 * Ends the kernel when the process that started it (the Jupyter server, a test) is gone, so that no kernel is left
 * behind holding experiment resources. Checks every few seconds: costs nothing measurable while idle.
 */
final class ParentWatcher {

    private static final Duration PERIOD = Duration.ofSeconds(2);

    private ParentWatcher() {
    }

    static void start(Runnable onParentGone) {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        if (parent.isEmpty()) {
            return;
        }
        long parentPid = parent.get().pid();
        Thread watcher = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(PERIOD.toMillis());
                    Optional<ProcessHandle> now = ProcessHandle.current().parent();
                    if (now.isEmpty() || now.get().pid() != parentPid || !now.get().isAlive()) {
                        onParentGone.run();
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nepi-parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
