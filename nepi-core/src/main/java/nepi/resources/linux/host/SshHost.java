package nepi.resources.linux.host;

import static nepi.resources.linux.host.ShellWords.quote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import nepi.core.exec.CommandProcess;
import nepi.core.resource.TraceSource;
import org.apache.sshd.client.channel.ChannelExec;

/**
 * A host reached over SSH. Commands run in the one shell of the {@link SshConnection} shared by
 * every user of the same target; files are written by shell commands, several in one round trip;
 * detached commands report their end through an {@link ExitWatcher}; traces are read in
 * ranges ({@code tail -c +N | head -c L}), never whole.
 */
public final class SshHost implements Host {

    private static final Duration QUICK = Duration.ofMinutes(2);
    /** How long a kill waits for a just-started command to say its process group. */
    private static final Duration GROUP_ID_WAIT = Duration.ofSeconds(15);
    /**
     * Start requests on their way at once, over all hosts: every start makes its host fork the wrappers and
     * their commands, and on a fleet of hosts that share the controller's machine (a testbed) or its network a
     * thousand applications started at the same instant are a storm that starves everything, keepalives
     * included. As many as connections being opened ({@link SshConnection#CONNECT_CONCURRENCY}).
     */
    public static final int START_CONCURRENCY = SshConnection.CONNECT_CONCURRENCY;

    private static final Semaphore STARTS_IN_FLIGHT = new Semaphore(START_CONCURRENCY);

    /** Sends the queued starts of every host (see writeAndStartAsync); threads made as needed, gone when idle. */
    private static final ExecutorService SENDS = HostThreads.unbounded("nepi-ssh-starts");

    private final SshConnection connection;
    private final String homeOverride;
    private volatile String home;
    private volatile ExitWatcher watcher;
    private volatile String exitEvents;
    private boolean closed;
    /** Lock of the start queue below (see writeAndStart). */
    private final Object starts = new Object();

    private final List<StartBatch.Order> queuedStarts = new ArrayList<>();
    private boolean startSending;

    /**
     * A host object for {@code target}; nothing is connected until first used.
     *
     * @param home the home directory to use instead of the user's (null: the user's)
     */
    public SshHost(SshTarget target, String home) {
        this.connection = SshConnection.acquire(target);
        this.homeOverride = home;
    }

    /** How many requests this JVM has sent to hosts' shells so far (benchmarks divide it per application). */
    public static long requestsSent() {
        return ShellAgent.REQUESTS_SENT.get();
    }

    /** The connection this host uses (shared with the other hosts of the same target). */
    public SshConnection connection() {
        return connection;
    }

    /**
     * Makes sure the host can be reached now: its connection and shell open (connecting again if they were lost),
     * within the connect timeout for a host that does not answer.
     *
     * @throws HostUnreachableException (or another IOException) saying why it cannot
     */
    public void reach() throws IOException {
        connection.agent();
    }

    @Override
    public String name() {
        return connection.target().describe();
    }

    @Override
    public boolean isLocal() {
        return false;
    }

    @Override
    public String home() throws IOException {
        if (homeOverride != null) {
            return homeOverride;
        }
        if (home == null) {
            String printed = connection.hello().home().strip();
            if (printed.isEmpty()) {
                throw new IOException("$HOME is not set for " + name() + "; set the node's 'home' attribute");
            }
            home = printed;
        }
        return home;
    }

    @Override
    public CommandResult run(String command, byte[] stdin, Duration timeout) throws IOException {
        return connection.exec(command, stdin, timeout);
    }

    /** Runs a command of ours that prints a few short lines at most (see {@link ShellAgent}). */
    private CommandResult runShort(String command, Duration timeout) throws IOException {
        return connection.exec(command, null, 0, timeout, true);
    }

    /**
     * What a node checks first, as the host's shell said when it started (no request of its own): the user's
     * uid, the system's name ({@code uname -s}) and the user's home directory.
     */
    public record Probe(int uid, String os, String home) {}

    /** The {@link Probe} of this host, connecting first if needed. */
    public Probe probe() throws IOException {
        ShellAgent.Hello h = connection.hello();
        return new Probe(h.uid(), h.os(), h.home());
    }

    /**
     * A channel running {@code command} in a new session and process group whose id the command's first line of
     * standard error gives ({@link GroupIdFilter} takes it out): the shell sshd starts leads a session, so
     * {@code setsid} would fork under it; started as a background job (no group leader) it does not, and
     * {@code wait} gives the exit code (128 + n for signal n) as a local process has it.
     */
    @Override
    public CommandProcess start(String command, OutputStream out, OutputStream err) throws IOException {
        String wrapped = "setsid sh -c 'echo \"" + GroupIdFilter.MARK + "$$\" >&2; exec sh -c \"$1\"' nepi-exec "
                + quote(command) + " </dev/null &\n"
                + "wait $!\n";
        GroupIdFilter filter = new GroupIdFilter(err);
        ChannelExec channel = connection.openLongRunning(wrapped, out, filter);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        channel.addCloseFutureListener(closed -> {
            try {
                filter.finish();
                exit.complete(connection.exitStatus(channel, command));
            } catch (IOException e) {
                exit.completeExceptionally(e);
            }
        });
        return new CommandProcess() {
            @Override
            public CompletableFuture<Integer> exit() {
                return exit;
            }

            @Override
            public void kill() throws IOException {
                if (exit.isDone()) {
                    return;
                }
                Integer pgid = groupId(filter);
                if (pgid != null) {
                    killGroup(pgid, false);
                } else {
                    // No group id came (setsid missing, say): closing the channel is all that can be done.
                    channel.close(true);
                }
            }

            @Override
            public String toString() {
                return "'" + LocalHost.firstLine(command) + "' on " + name();
            }
        };
    }

    /**
     * The process group id the wrapper prints first, waiting for it a while: a command killed as soon as it was
     * started (an interrupt, a short time-out) has not always printed it yet.
     */
    private Integer groupId(GroupIdFilter filter) throws IOException {
        try {
            return filter.groupId().get(GROUP_ID_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while ending a command on " + name(), e);
        }
    }

    /**
     * Makes detached commands report their end through {@code eventsFile}, followed by one
     * watcher channel. Called once, when the node is provisioned.
     */
    public synchronized void watchExits(String eventsFile) throws IOException {
        if (watcher != null) {
            return;
        }
        ExitWatcher w = new ExitWatcher(connection, eventsFile);
        w.start();
        exitEvents = eventsFile;
        watcher = w;
    }

    @Override
    public void mkdirs(List<String> dirs) throws IOException {
        if (!dirs.isEmpty()) {
            // Run by the agent's subshell itself (no setsid and sh processes): every node makes one at deploy.
            String what = "creating directories " + dirs + " on " + name();
            await(connection.execAsync("mkdir -p -- " + ShellWords.join(dirs), DEFAULT_TIMEOUT), what)
                    .orThrow(what);
        }
    }

    @Override
    public void writeFiles(List<FileContent> files) throws IOException {
        if (files.isEmpty()) {
            return;
        }
        runShort(writeCommand(files), QUICK).orThrow("writing " + files.size() + " file(s) on " + name());
    }

    /**
     * One command writing every file: text with {@code printf}, a built-in of every {@code sh}
     * (each extra process costs milliseconds on a loaded host, and a fleet host writes these for
     * every application); other bytes base64-encoded in a here-document, which no content can
     * break out of. One {@code mkdir} and one {@code chmod} for all.
     */
    private static String writeCommand(List<FileContent> files) {
        Set<String> dirs = new LinkedHashSet<>();
        List<String> executables = new ArrayList<>();
        for (FileContent f : files) {
            dirs.add(parent(f.path()));
            if (f.executable()) {
                executables.add(f.path());
            }
        }
        StringBuilder command = new StringBuilder("set -e\nmkdir -p -- ")
                .append(ShellWords.join(dirs))
                .append('\n');
        for (FileContent f : files) {
            command.append(writeOne(f)).append('\n');
        }
        if (!executables.isEmpty()) {
            command.append("chmod +x -- ").append(ShellWords.join(executables)).append('\n');
        }
        return command.toString();
    }

    /** One line writing {@code f} (no newline after it, so that {@code ||} may follow). */
    static String writeOne(FileContent f) {
        String text = plainText(f.content());
        if (text != null) {
            return "printf %s " + (text.isEmpty() ? "''" : quote(text)) + " > " + quote(f.path());
        }
        // Other bytes (rare: these are scripts and inputs) through base64, which a word carries intact.
        return "printf %s " + Base64.getEncoder().encodeToString(f.content()) + " | base64 -d > " + quote(f.path());
    }

    /** The content as text when a shell word can carry it unchanged (valid UTF-8, no NUL); else null. */
    private static String plainText(byte[] content) {
        for (byte b : content) {
            if (b == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public void upload(Path localFile, String remotePath) throws IOException {
        String command = "mkdir -p -- " + quote(parent(remotePath)) + " && cat > " + quote(remotePath);
        long size = Files.size(localFile);
        try (InputStream in = Files.newInputStream(localFile)) {
            connection
                    .exec(command, in, size, DEFAULT_TIMEOUT)
                    .orThrow("uploading " + localFile + " to " + remotePath + " on " + name());
        }
        if (Files.isExecutable(localFile)) {
            run("chmod +x " + quote(remotePath)).orThrow("making " + remotePath + " executable on " + name());
        }
    }

    @Override
    public String wrapperText(ProcessFiles files, boolean sudo) {
        if (exitEvents == null) {
            throw new IllegalStateException("the exit watcher of " + name() + " is not started");
        }
        return files.wrapperText(sudo, exitEvents);
    }

    @Override
    public DetachedProcess startDetached(ProcessFiles files) throws IOException {
        return writeAndStart(List.of(), files);
    }

    /** Waits for {@link #writeAndStartAsync}. */
    @Override
    public DetachedProcess writeAndStart(List<FileContent> before, ProcessFiles files) throws IOException {
        // If interrupted while on its way, the release kills what it started.
        return await(writeAndStartAsync(before, files), "starting " + files.wrapperScript() + " on " + name());
    }

    /** The value of {@code future}, waited for; {@code what} names the wait in the message of an interrupt. */
    private static <T> T await(CompletableFuture<T> future, String what) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + what, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /**
     * One request for both, and for the starts of other applications on this host asked for
     * meanwhile: while one such request is on its way, the next ones queue and go together as
     * the next request ({@link StartBatch}: one answer for all of them). On a
     * fleet host every request costs a round trip and processes; an experiment starts its
     * applications together. No thread waits for the host's answer: the caller (a worker of the
     * controller) is free at once, so that a fleet's starts are all on their way together, not a
     * worker pool's worth at a time.
     */
    @Override
    public CompletableFuture<DetachedProcess> writeAndStartAsync(List<FileContent> before, ProcessFiles files) {
        ExitWatcher w = watcher;
        if (w == null) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("the exit watcher of " + name() + " is not started"));
        }
        StartBatch.Order mine = new StartBatch.Order(before, files, new CompletableFuture<>());
        boolean send;
        synchronized (starts) {
            queuedStarts.add(mine);
            send = !startSending;
            startSending = true;
        }
        if (send) {
            // Sent from another thread: the starts of this host asked for meanwhile (the workers
            // start a host's applications one after the other) go with it.
            SENDS.execute(this::sendQueued);
        }
        return mine.pid().thenApply(pid -> new DetachedProcess(pid, w.register(pid)));
    }

    /** Sends the queued starts as one request; once it is answered, the ones queued meanwhile. */
    private void sendQueued() {
        List<StartBatch.Order> batch;
        synchronized (starts) {
            if (queuedStarts.isEmpty()) {
                startSending = false;
                return;
            }
            batch = new ArrayList<>(queuedStarts);
            queuedStarts.clear();
        }
        CompletableFuture<CommandResult> sent;
        STARTS_IN_FLIGHT.acquireUninterruptibly();
        try {
            sent = connection.execAsync(
                    StartBatch.script(batch, exitEvents, connection.hello().waits()), QUICK);
        } catch (IOException | RuntimeException e) {
            STARTS_IN_FLIGHT.release();
            batch.forEach(o -> o.pid().completeExceptionally(e));
            SENDS.execute(this::sendQueued);
            return;
        }
        sent.whenComplete((result, error) -> {
            STARTS_IN_FLIGHT.release();
            try {
                settle(batch, result, error);
            } finally {
                // Not on this thread (the connection's I/O thread): a send may wait for the channel's window.
                SENDS.execute(this::sendQueued);
            }
        });
    }

    /** Completes each order of {@code batch} with its pid, or with why it did not start. */
    private void settle(List<StartBatch.Order> batch, CommandResult result, Throwable error) {
        if (error != null) {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            batch.forEach(o -> o.pid().completeExceptionally(cause));
            return;
        }
        Map<Integer, Integer> pids = new HashMap<>();
        for (String line : result.stdout().split("\n")) {
            String[] parts = line.strip().split(" ");
            if (parts.length == 2 && parts[0].matches("\\d+") && parts[1].matches("\\d+")) {
                pids.put(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            StartBatch.Order o = batch.get(i);
            Integer pid = pids.get(i);
            if (pid != null) {
                o.pid().complete(pid);
            } else {
                o.pid()
                        .completeExceptionally(new IOException((o.before().isEmpty()
                                        ? "starting "
                                        : "writing " + o.before().size() + " file(s) and starting ")
                                + o.files().wrapperScript() + " on " + name() + " failed"
                                + (batch.size() > 1 ? " (sent with " + (batch.size() - 1) + " other starts)" : "")
                                + ": " + result.outputTail(300)));
            }
        }
    }

    @Override
    public TraceSource file(String path) {
        return new RemoteFile(path);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (watcher != null) {
            watcher.close();
        }
        connection.release();
    }

    @Override
    public String toString() {
        return name();
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** A file on the host, read in ranges so that a huge trace is never transferred whole. */
    private final class RemoteFile implements TraceSource {
        private final String path;

        RemoteFile(String path) {
            this.path = path;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public long size() throws IOException {
            String out = runShort("stat -c %s -- " + quote(path) + " 2>/dev/null || echo 0", QUICK)
                    .stdout()
                    .strip();
            try {
                return Long.parseLong(out);
            } catch (NumberFormatException e) {
                throw new IOException("cannot read the size of " + path + " on " + name() + ": " + out, e);
            }
        }

        @Override
        public byte[] read(long position, int length) throws IOException {
            if (length <= 0) {
                return new byte[0];
            }
            String command = "[ -f " + quote(path) + " ] || exit 0\n" + "tail -c +" + (position + 1) + " -- "
                    + quote(path) + " | head -c " + length;
            // Bytes, not text: the range may split a character. base64 keeps them intact.
            CommandResult result = connection.exec("{ " + command + "; } | base64 -w0", null, QUICK);
            if (result.exitCode() != 0 && result.stdout().isEmpty()) {
                throw new IOException("cannot read " + path + " on " + name() + ": " + result.stderr());
            }
            byte[] out = Base64.getDecoder().decode(result.stdout().strip());
            return out;
        }
    }
}
