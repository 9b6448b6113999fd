package nepi.core.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command running on a node, from {@code ec.startExec(guid, command, options)}: wait for its {@link #result()}, or
 * {@link #cancel()} it, which ends the command on the node (its whole process group), not only the wait.
 * <pre>{@code
 * RunningCommand ping = ec.startExec(node, "ping -c 100 10.0.0.2",
 *         ExecOptions.defaults().onStdout(System.out::println).withoutCapture());
 * ...
 * ping.cancel();
 * }</pre>
 */
public final class RunningCommand {

    /** How long a killed command may take to be gone before its result is given up on. */
    static final Duration KILL_GRACE = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(RunningCommand.class);
    /** Kills talk to hosts (a local script, an SSH channel): never on the caller's or the node's threads. */
    private static final ExecutorService KILLERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nepi-exec-kill");
        t.setDaemon(true);
        return t;
    });

    /** Why a command was ended before its own end. */
    private enum Ending {
        TIMED_OUT,
        CANCELLED
    }

    private final String command;
    private final String node;
    private final ExecOptions options;
    private final Instant started = Instant.now();
    private final long startNanos = System.nanoTime();
    private final LineOutput stdout;
    private final LineOutput stderr;
    private final CompletableFuture<ExecResult> result = new CompletableFuture<>();
    private final AtomicReference<Ending> ending = new AtomicReference<>();
    private volatile CommandProcess process;

    private RunningCommand(String command, String node, ExecOptions options) {
        this.command = command;
        this.node = node;
        this.options = options;
        this.stdout = new LineOutput(options.stdout(), options.capture());
        this.stderr = new LineOutput(options.stderr(), options.capture());
    }

    /**
     * Starts {@code command} on {@code node}.
     *
     * @param describedNode how the node is named in results and messages
     * @throws IOException when the node cannot start it
     */
    public static RunningCommand start(CommandNode node, String describedNode, String command, ExecOptions options)
            throws IOException {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("no command to run on " + describedNode);
        }
        RunningCommand running = new RunningCommand(command, describedNode, options);
        running.process = node.startCommand(command, running.stdout, running.stderr);
        running.process.exit().whenComplete(running::ended);
        if (options.timeout() != null) {
            CompletableFuture.delayedExecutor(options.timeout().toNanos(), TimeUnit.NANOSECONDS, KILLERS)
                    .execute(() -> running.end(Ending.TIMED_OUT));
        }
        return running;
    }

    /** The command, as given. */
    public String command() {
        return command;
    }

    /** The node it runs on, e.g. {@code linux::Node #1}. */
    public String node() {
        return node;
    }

    /** When it was started. */
    public Instant started() {
        return started;
    }

    /**
     * Its result, once it ended and its output was handed over: completes exceptionally with
     * {@link ExecTimeoutException} when it ran out of time, {@link CancellationException} when cancelled, or the
     * node's {@link IOException} when the node lost track of it.
     */
    public CompletableFuture<ExecResult> result() {
        return result.copy();
    }

    /** Whether it ended (by itself, killed or cancelled). */
    public boolean isDone() {
        return result.isDone();
    }

    /**
     * Ends the command on the node (its whole process group) and waits for that, at most a few seconds.
     *
     * @return whether it was still running
     */
    public boolean cancel() {
        if (!end(Ending.CANCELLED)) {
            return false;
        }
        try {
            result.get(KILL_GRACE.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | CancellationException | TimeoutException e) {
            // Cancelled is the expected ending; the others were logged where they happened.
        }
        return true;
    }

    /**
     * Waits for the result. An interrupt of the waiting thread cancels the command (it is ended on the node) and is
     * thrown on.
     *
     * @throws ExecTimeoutException when it ran out of time (it was killed)
     * @throws CancellationException when it was cancelled
     * @throws IOException when the node lost track of it
     * @throws InterruptedException when the waiting thread was interrupted (the command was ended)
     */
    public ExecResult await() throws IOException, InterruptedException {
        try {
            return result.get();
        } catch (InterruptedException e) {
            cancel();
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    /** Ends the command for {@code why}, unless it ended already; returns whether it did. */
    private boolean end(Ending why) {
        if (result.isDone() || !ending.compareAndSet(null, why)) {
            return false;
        }
        CompletableFuture.runAsync(this::kill, KILLERS);
        return true;
    }

    private void kill() {
        CommandProcess p = process;
        try {
            p.kill();
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not end '{}' on {}: {}", firstLine(command), node, e.getMessage());
        }
        // The result comes when the process is gone and its output read (ended below); a node that lost it gives up.
        try {
            p.exit().get(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn(
                    "'{}' on {} was still there {} after it was killed",
                    firstLine(command),
                    node,
                    describe(KILL_GRACE));
            ended(null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | CancellationException e) {
            // Reported by ended().
        }
    }

    private void ended(Integer code, Throwable failure) {
        stdout.finish();
        stderr.finish();
        Ending why = ending.get();
        if (why == Ending.TIMED_OUT) {
            result.completeExceptionally(new ExecTimeoutException(command, node, options.timeout()));
        } else if (why == Ending.CANCELLED) {
            result.completeExceptionally(new CancellationException(
                    "'" + firstLine(command) + "' on " + node + " was cancelled (ended on the node)"));
        } else if (failure != null) {
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            result.completeExceptionally(
                    cause instanceof IOException
                            ? cause
                            : new IOException(
                                    "'" + firstLine(command) + "' on " + node + " failed: " + cause.getMessage(),
                                    cause));
        } else {
            Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
            result.complete(new ExecResult(command, node, code, stdout.text(), stderr.text(), duration));
        }
    }

    @Override
    public String toString() {
        return "'" + firstLine(command) + "' on " + node + (result.isDone() ? " (ended)" : " (running)");
    }

    /** The first line of a command, shortened, for messages. */
    static String firstLine(String command) {
        String line = command.strip().lines().findFirst().orElse("");
        boolean more = command.strip().lines().count() > 1;
        return line.length() > 100 ? line.substring(0, 100) + "..." : more ? line + " ..." : line;
    }

    /** 2 s, 250 ms, 1.5 s. */
    static String describe(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
