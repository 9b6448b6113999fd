package nepi.resources.linux.host;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
 * <p>When the shell is lost, the watcher reconnects at once and follows the file again from its
 * first line, so ends that happened meanwhile are not lost and none is reported twice (a
 * command's future completes once): after a dropped connection the state of every command is
 * still known. When the host is lost instead (its keepalives went unanswered, or it cannot be
 * reached again right away), every command still waited for fails at once with a
 * {@link HostLostException} ("connection to HOST lost: ..."), and the watcher goes on trying to
 * reconnect in the background, every few seconds (at most once per connect timeout), until it is
 * closed: once the host is back, the exit events of the commands started since are followed again.
 */
final class ExitWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ExitWatcher.class);
    /** Pauses between attempts to reach a lost host again; the last one repeats. */
    private static final long[] RETRY_DELAYS_MS = {500, 1000, 2000, 4000, 5000};

    private final SshConnection connection;
    private final String eventsFile;
    private final Map<Integer, CompletableFuture<Integer>> waiting = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> ended = new ConcurrentHashMap<>();
    private final ScheduledExecutorService restarts;
    private volatile boolean closed;
    /** Why the host counts as lost, until the watcher follows the file again; null while it is. */
    private volatile String lost;

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
        follow(false);
    }

    private void follow(boolean retryNow) throws IOException {
        ShellAgent agent = connection.agent(retryNow);
        agent.onClose(() -> {
            if (!closed) {
                shellLost();
            }
        });
        agent.follow(eventsFile, this::onLine);
        if (lost != null) {
            LOG.info("connection to {} is back; its exit events are followed again", host());
            lost = null;
        }
    }

    /** Why the host is lost now, or null. */
    String lost() {
        return lost;
    }

    /** The exit code of the command whose wrapper has pid {@code pid}, when it ends. */
    CompletableFuture<Integer> register(int pid) {
        CompletableFuture<Integer> future = waiting.computeIfAbsent(pid, p -> new CompletableFuture<>());
        Integer code = ended.get(pid);
        String why = lost;
        if (code != null) {
            future.complete(code);
        } else if (why != null) {
            // Started just before the host was lost: its end cannot be known either.
            future.completeExceptionally(new HostLostException(why, null));
        }
        return future;
    }

    /** Stops watching; the remote {@code tail} ends with the connection's shell. */
    void close() {
        closed = true;
        restarts.shutdownNow();
    }

    /**
     * The shell ended. A host that stopped answering keepalives is lost at once; otherwise (the
     * host closed the connection: sshd restarted, a dropped connection) one reconnection is tried
     * right away, and the host is lost when it fails.
     */
    private void shellLost() {
        SshConnection.SessionEnd end = connection.lastEnd();
        if (end != null && end.silent()) {
            hostLost(end.reason(), null);
            return;
        }
        LOG.info("exit watcher of {} lost its shell; reconnecting", host());
        submit(0, () -> {
            try {
                follow(true);
            } catch (IOException e) {
                hostLost(
                        (end == null ? "the connection was closed" : end.reason()) + "; reconnecting failed: "
                                + e.getMessage(),
                        e);
            }
        });
    }

    private void hostLost(String why, IOException cause) {
        if (closed) {
            return;
        }
        String reason = "connection to " + host() + " lost: " + why;
        lost = reason;
        LOG.warn("{}; the commands running there are reported FAILED, reconnecting in the background", reason);
        HostLostException failure = new HostLostException(reason, cause);
        waiting.values().forEach(f -> f.completeExceptionally(failure));
        retry(0);
    }

    private void retry(int attempt) {
        submit(RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)], () -> {
            try {
                // Not forced: within the connect timeout after a failed attempt (this one's or a release's), the
                // connection answers at once instead of holding everyone else's commands for another attempt.
                follow(false);
            } catch (IOException e) {
                LOG.debug("{} still unreachable: {}", host(), e.getMessage());
                retry(attempt + 1);
            }
        });
    }

    private void submit(long delayMillis, Runnable task) {
        if (closed) {
            return;
        }
        try {
            restarts.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("exit watcher of {} closed while reconnecting", host());
        }
    }

    private String host() {
        return connection.target().describe();
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
