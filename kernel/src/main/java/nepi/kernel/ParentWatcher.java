package nepi.kernel;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the kernel when the process that started it (the Jupyter server, a test) is gone, so that no kernel is left
 * behind holding experiment resources. Watches the process named by {@code JPY_PARENT_PID} (set by jupyter_client,
 * so even a parent that died before the JVM started is noticed), and the kernel's own parent: being re-parented
 * means the parent died. Checks every two seconds: nothing measurable while idle.
 */
final class ParentWatcher {

    private static final Logger log = LoggerFactory.getLogger(ParentWatcher.class);
    private static final Duration PERIOD = Duration.ofSeconds(2);

    private ParentWatcher() {}

    static void start(Runnable onParentGone) {
        long initialParent =
                ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        Optional<Long> jupyterParent = jupyterParentPid();
        Thread watcher = new Thread(
                () -> {
                    try {
                        while (true) {
                            long parent = ProcessHandle.current()
                                    .parent()
                                    .map(ProcessHandle::pid)
                                    .orElse(-1L);
                            boolean reparented = parent != initialParent;
                            boolean jupyterGone = jupyterParent
                                    .map(pid -> ProcessHandle.of(pid)
                                            .map(p -> !p.isAlive())
                                            .orElse(true))
                                    .orElse(false);
                            if (reparented || jupyterGone) {
                                onParentGone.run();
                                return;
                            }
                            Thread.sleep(PERIOD.toMillis());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "nepi-parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static Optional<Long> jupyterParentPid() {
        String value = System.getenv("JPY_PARENT_PID");
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            log.warn("ignoring JPY_PARENT_PID '{}': not a process id", value);
            return Optional.empty();
        }
    }
}
