package nepi.resources.linux.host;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns when detached commands on an SSH host end, for all of them at once and without
 * polling from here: each command's wrapper appends {@code "<pid> <exit code>"} to one
 * exit-event file, which the connection's shell follows ({@link ShellAgent#follow}, a
 * {@code tail -F} that sleeps on inotify on the host) and whose lines come back on the
 * shell's channel: no channel and no shell start of its own.
 *
 * <p>When the connection drops, the watcher reconnects and follows the file again from its
 * first line, so ends that happened meanwhile are not lost and none is reported twice (a
 * command's future completes once): the state of every command is still known after a
 * reconnection. If it cannot reconnect for about a minute, every command still waited for
 * fails with the reason.
 */
final class ExitWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ExitWatcher.class);
    private static final long[] RETRY_DELAYS_MS = {100, 250, 500, 1000, 2000, 4000, 8000, 15000, 30000};

    private final SshConnection connection;
    private final String eventsFile;
    private final Map<Integer, CompletableFuture<Integer>> waiting = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> ended = new ConcurrentHashMap<>();
    private final ScheduledExecutorService restarts;
    private volatile boolean closed;

    ExitWatcher(SshConnection connection, String eventsFile) {
        this.connection = connection;
        this.eventsFile = eventsFile;
        this.restarts = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nepi-ssh-exit-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts following the exit-event file (creating it). */
    void start() throws IOException {
        ShellAgent agent = connection.agent();
        agent.onClose(() -> {
            if (!closed) {
                LOG.info(
                        "exit watcher of {} lost its shell; restarting it",
                        connection.target().describe());
                scheduleRestart(0, null);
            }
        });
        agent.follow(eventsFile, this::onLine);
    }

    /** The exit code of the command whose wrapper has pid {@code pid}, when it ends. */
    CompletableFuture<Integer> register(int pid) {
        CompletableFuture<Integer> future = waiting.computeIfAbsent(pid, p -> new CompletableFuture<>());
        Integer code = ended.get(pid);
        if (code != null) {
            future.complete(code);
        }
        return future;
    }

    /** Stops watching; the remote {@code tail} ends with the connection's shell. */
    void close() {
        closed = true;
        restarts.shutdownNow();
    }

    private void scheduleRestart(int attempt, IOException last) {
        if (closed) {
            return;
        }
        if (attempt >= RETRY_DELAYS_MS.length) {
            String reason = "lost the SSH connection to " + connection.target().describe()
                    + " and could not reconnect: " + (last == null ? "unknown reason" : last.getMessage());
            waiting.values().forEach(f -> f.completeExceptionally(new IOException(reason, last)));
            return;
        }
        try {
            restarts.schedule(
                    () -> {
                        try {
                            start();
                            LOG.info(
                                    "exit watcher of {} restarted",
                                    connection.target().describe());
                        } catch (IOException e) {
                            LOG.debug("restarting the exit watcher failed: {}", e.toString());
                            scheduleRestart(attempt + 1, e);
                        }
                    },
                    RETRY_DELAYS_MS[attempt],
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("exit watcher closed while restarting");
        }
    }

    private void onLine(String line) {
        String[] parts = line.strip().split(" ");
        if (parts.length != 2) {
            return;
        }
        int pid = parse(parts[0]);
        int code = parse(parts[1]);
        if (pid <= 0 || code < 0) {
            return;
        }
        ended.put(pid, code);
        CompletableFuture<Integer> future = waiting.get(pid);
        if (future != null) {
            future.complete(code);
        }
    }

    private static int parse(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
