package nepi.resources.linux.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-lived shell on an SSH host that runs every command of the nodes and applications
 * on it, so that the user's shell start-up (rc files running {@code pyenv init}, {@code conda
 * init}: seconds of CPU on many research machines) is paid once per connection, not once per
 * command as with one {@code exec} channel per command.
 *
 * <p>It is one exec channel whose command is {@link #BOOT}: the user's shell reads its
 * rc files once, then a POSIX {@code sh} loop (run by bash where there is one) reads requests on its standard input and answers on
 * its standard output and error. Requests: {@code X id cmdLen stdinLen slot [1]} followed by the command and
 * its input, or {@code L id cmdLines stdinLen slot [1]} with the command as that many lines (read
 * with built-ins: no process), each run in the background, several at once, with files named by
 * {@code slot} (which the controller reuses once the request was answered; without it, the id), a final
 * {@code 1} saying that the command answers a few short lines at most, {@code 2} that it also is a short script of
 * ours that the agent's subshell runs itself;
 * {@code K id 0 0 slot} (kill a request that timed out); {@code F id pathLen 0} followed by a
 * path and a newline (follow that file, as {@code tail -F} does). Answers: {@code H uid os waits home} once started
 * (the probe a node needs, read from {@code /proc} on Linux, and {@link Hello#waits}); on standard output, written under {@code flock} so
 * that they never interleave, {@code R id code outLen errLen} followed by the output; on standard error, each in
 * one short write that no other write splits, {@code A id code lines unterminated} followed by that many lines
 * (an answer with no output, or a short one to a request marked so) and {@code E id line} for a followed file.
 * The host needs GNU {@code head} (it reads exact byte counts from a pipe) and, to run
 * commands concurrently, {@code flock} (util-linux); without it commands run one at a time.
 */
final class ShellAgent {

    private static final Logger LOG = LoggerFactory.getLogger(ShellAgent.class);

    /** The agent loop; no single quote in it (it is passed quoted to the user's shell). */
    static final String SCRIPT = String.join(
            "\n",
            // The directory's name holds the agent's pid, for the sweep below.
            "tmp=${TMPDIR:-/tmp}",
            "d=$(mktemp -d \"$tmp/nepi-agent.$$.XXXXXX\") || exit 1",
            // sh runs an EXIT trap on exit, not when a signal ends it (sshd gone: HUP): exit on those too.
            "trap \"rm -rf $d\" EXIT; trap \"exit 129\" HUP; trap \"exit 130\" INT; trap \"exit 143\" TERM",
            "me=$$",
            // The directories of this user's agents that ended without their EXIT trap (killed; or a last request's
            // files written while the trap removed them): those whose pid no longer runs. Built-ins, but for rm.
            "for o in \"$tmp\"/nepi-agent.*.*; do",
            "  p=${o##*/nepi-agent.}; p=${p%%.*}",
            "  case $p in \"\"|*[!0-9]*) continue ;; esac",
            "  if [ \"$o\" != \"$d\" ] && [ -O \"$o\" ] 2>/dev/null && ! kill -0 \"$p\" 2>/dev/null; then rm -rf \"$o\"; fi",
            "done",
            "if command -v flock >/dev/null 2>&1; then bg=1; else bg=; fi",
            // Every process costs milliseconds on a loaded host, and a fleet host answers one request
            // per application. Answers are framed on stdout under flock (several runone write at once), except the
            // short ones: an answer with no output, or, when the controller marked the request as
            // answering a few short lines (a start's pids, a size), those lines read with the built-in
            // read, go to stderr as one write of under 1 kB, which no other write splits (as the E
            // lines): no flock, wc or cat process. Only marked requests are read so: the built-in
            // reads a byte per system call, and a trace read answers one long line.
            "reply() {",
            "  f=$d/$3",
            "  if [ ! -s \"$f.e\" ]; then",
            "    if [ ! -s \"$f.o\" ]; then printf \"A %s %s 0 0\\n\" \"$1\" \"$2\" >&2; return; fi",
            "    if [ -n \"$4\" ]; then",
            "      n=0; t=; l=",
            "      while IFS= read -r l; do",
            "        n=$((n + 1)); t=\"$t$l",
            "\"; l=",
            "        if [ $n -ge 64 ] || [ ${#t} -ge 900 ]; then n=-1; break; fi",
            "      done < \"$f.o\"",
            "      if [ $n -ge 0 ]; then",
            "        u=0; if [ -n \"$l\" ]; then n=$((n + 1)); u=1; t=\"$t$l",
            "\"; fi",
            "        printf \"A %s %s %s %s\\n%s\" \"$1\" \"$2\" $n $u \"$t\" >&2; return",
            "      fi",
            "    fi",
            "  fi",
            "  { [ -z \"$bg\" ] || flock 9",
            "    set -- \"$1\" \"$2\" $(wc -c \"$f.o\" \"$f.e\")",
            "    printf \"R %s %s %s %s\\n\" \"$1\" \"$2\" \"$3\" \"$5\"",
            "    cat \"$f.o\" \"$f.e\"; } 9>>\"$d/lock\"",
            "}",
            // Each command in a session and process group of its own (a background job of a
            // non-interactive shell is no group leader, so setsid does not fork and $! is the
            // group id), so that K kills all of it. Its files are named by slot, which the
            // controller reuses once answered: overwritten, never removed (one rm less each).
            // Mark 2: a short script of the controller's own (a start batch: built-ins and background
            // starts) run by this subshell itself, without the setsid and sh processes; K spares it
            // (no group of its own), its time-out only fails it on the controller.
            "runone() {",
            "  f=$d/$2",
            "  if [ \"$3\" = 2 ]; then",
            "    echo \"- $1\" > \"$f.p\"",
            // In a subshell (bg), redirected for good rather than for the one command: a redirected built-in keeps
            // copies of the agent's output, which the jobs of a start batch would inherit and hold open. Fds 6 and
            // 7 keep the agent's output and error for a start batch that goes on waiting for what it started: it
            // answers through them (see StartBatch), and closes them.
            "    if [ -n \"$bg\" ]; then",
            "      exec 6>&1 7>&2 < \"$f.i\" > \"$f.o\" 2> \"$f.e\"; . \"$f.c\"; c=$?; exec >&6 2>&7 6>&- 7>&-",
            "    else . \"$f.c\" < \"$f.i\" > \"$f.o\" 2> \"$f.e\"; c=$?; fi",
            "    reply \"$1\" $c \"$2\" \"$3\"; return",
            "  fi",
            "  setsid sh \"$f.c\" < \"$f.i\" > \"$f.o\" 2> \"$f.e\" & echo \"$! $1\" > \"$f.p\"",
            "  wait $!; reply \"$1\" $? \"$2\" \"$3\"",
            "}",
            // Lines of followed files go to stderr, where nothing else is framed: each is one short
            // write, which no other write splits, so no flock process per line (per ended command).
            // In bash the loop runs in this (background) subshell itself (lastpipe): one process less per host.
            "follow() {",
            "  [ -z \"$BASH_VERSION\" ] || shopt -s lastpipe",
            "  tail -n +1 -F --pid=$me \"$2\" 2>/dev/null | while IFS= read -r l; do",
            "    printf \"E %s %s\\n\" \"$1\" \"$l\" >&2",
            "  done",
            "}",
            // The node's probe (uid, system, home) in the first line, read with built-ins from /proc
            // where there is one (id and uname are two processes more per host).
            "u=; os=",
            "if [ -r /proc/self/status ]; then while read -r k r e x; do if [ \"$k\" = Uid: ]; then u=$e; break; fi; done < /proc/self/status; fi",
            "case $u in \"\"|*[!0-9]*) u=$(id -u) ;; esac",
            "if [ -r /proc/sys/kernel/ostype ]; then read -r os < /proc/sys/kernel/ostype; fi",
            "[ -n \"$os\" ] || os=$(uname -s)",
            // w: this shell can wait for the applications it starts and record their ends (bash 5.1: wait -n -p),
            // in a subshell of its own (bg).
            "w=0; [ -z \"$bg\" ] || case $BASH_VERSION in 5.[1-9]*|[6-9].*|[1-9][0-9]*) w=1 ;; esac",
            "printf \"H %s %s %s %s\\n\" \"$u\" \"$os\" \"$w\" \"$HOME\"",
            // m: the request answers a few short lines (see reply).
            "while read -r op id a b s m; do",
            "  [ -n \"$s\" ] || s=$id",
            "  case $op in",
            // L: the command as $a lines, read with the built-in read (no head process).
            "  X|L) if [ \"$op\" = X ]; then head -c \"$a\" > \"$d/$s.c\"",
            "       else i=0; while [ $i -lt \"$a\" ]; do IFS= read -r l; printf \"%s\\n\" \"$l\"; i=$((i + 1)); done > \"$d/$s.c\"; fi",
            "     if [ \"$b\" = 0 ]; then : > \"$d/$s.i\"; else head -c \"$b\" > \"$d/$s.i\"; fi",
            "     if [ -n \"$bg\" ]; then runone \"$id\" \"$s\" \"$m\" & else runone \"$id\" \"$s\" \"$m\"; fi ;;",
            // Only the request named: its slot may already serve a later one.
            "  K) if [ -f \"$d/$s.p\" ]; then read -r g k < \"$d/$s.p\"; [ \"$k\" != \"$id\" ] || [ \"$g\" = - ] || kill -TERM -\"$g\" 2>/dev/null; fi ;;",
            // F: the path on the next line; created with a built-in (no touch process).
            "  F) IFS= read -r f; { true >> \"$f\"; } 2>/dev/null && follow \"$id\" \"$f\" & ;;",
            "  esac",
            "done");

    /**
     * What the agent said when it started: the probe every node needs, and whether the agent is a bash that can
     * wait for the applications it starts ({@code wait -n -p}, bash 5.1), which lets a start batch run them
     * without a wrapper process each (see {@link StartBatch}).
     */
    record Hello(int uid, String os, String home, boolean waits) {}

    /**
     * The command of the agent's channel, for the user's shell, whichever it is: a POSIX {@code sh} that runs
     * the agent in bash where there is one (without rc files: the user's shell has read them), else itself.
     */
    static final String BOOT = "exec sh -c "
            + ShellWords.quote("if command -v bash >/dev/null 2>&1; then exec bash --norc --noprofile -c \"$1\" "
                    + "nepi-agent; fi; eval \"$1\"")
            + " nepi-agent " + ShellWords.quote(SCRIPT);

    private record Pending(String command, CompletableFuture<CommandResult> result) {}

    /** Commands longer than this go as bytes ({@code X}): the built-in read takes a byte per system call. */
    private static final int MAX_LINE_MODE_BYTES = 16 * 1024;

    /** Times out the requests of {@link #runAsync}: one thread for every agent, gone when idle. */
    private static final ScheduledExecutorService TIMEOUTS = HostThreads.timer("nepi-ssh-request-timeouts");

    /** Requests sent by every agent of this JVM (benchmarks print it per application). */
    static final AtomicLong REQUESTS_SENT = new AtomicLong();

    private final String who;
    private final ChannelExec channel;
    /** The agent's input, known once the channel is open; also the lock of request writing. */
    private OutputStream requests;

    private final Object writing = new Object();
    private final CompletableFuture<Hello> hello = new CompletableFuture<>();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Map<Long, Consumer<String>> follows = new ConcurrentHashMap<>();
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    /** The slot (agent file names) of each request sent and not answered yet, even when timed out. */
    private final Map<Long, Integer> slotOf = new ConcurrentHashMap<>();

    private final BitSet slotsInUse = new BitSet();
    private volatile String lost;

    private ShellAgent(String who, ChannelExec channel) {
        this.who = who;
        this.channel = channel;
    }

    /**
     * Starts an agent on {@code session} and waits for its first line. The wait has no fixed
     * limit as long as the session is alive (the heartbeats of {@link SshConnection} close a
     * session whose host stops answering): a host whose rc files take a minute is slow, not
     * dead. {@code startLimit} only bounds a shell that never starts at all.
     */
    static ShellAgent start(ClientSession session, String who, Duration openTimeout, Duration startLimit)
            throws IOException {
        ChannelExec channel = session.createExecChannel(BOOT);
        Parser parser = new Parser();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        channel.setOut(parser);
        ShellAgent agent = new ShellAgent(who, channel);
        ErrorLines errors = new ErrorLines(agent, new BoundedBuffer(err, 8192));
        channel.setErr(errors);
        parser.agent = agent;
        try {
            channel.open().verify(openTimeout);
        } catch (IOException | RuntimeException e) {
            channel.close(true);
            throw e;
        }
        agent.requests = channel.getInvertedIn();
        channel.addCloseFutureListener(f -> {
            errors.flushPartialLine();
            agent.closed(err);
        });
        long deadline = System.nanoTime() + startLimit.toNanos();
        while (true) {
            try {
                agent.hello.get(1, TimeUnit.SECONDS);
                return agent;
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    agent.close();
                    throw new IOException("the shell on " + who + " did not start within " + startLimit
                            + " (its rc files, e.g. ~/.bashrc, may be stuck)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                agent.close();
                throw new IOException("interrupted while starting the shell on " + who, e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        }
    }

    Hello hello() {
        return hello.join();
    }

    boolean isOpen() {
        return lost == null && channel.isOpen() && !channel.isClosing();
    }

    void onClose(Runnable listener) {
        closeListeners.add(listener);
    }

    /**
     * Runs {@code command} with {@code sh} in the agent and waits for its end.
     *
     * @param stdin its input (null: none), whose length must be known: {@code stdinLength}
     */
    CommandResult run(String command, InputStream stdin, long stdinLength, Duration timeout) throws IOException {
        return run(command, stdin, stdinLength, timeout, false);
    }

    /**
     * Like {@link #run(String, InputStream, long, Duration)}; {@code shortAnswer} says that the command prints a
     * few short lines at most (pids, a size), which the agent then sends back without starting a process (its
     * built-in read takes a byte per system call, so a long answer, a trace read, must not be marked).
     */
    CommandResult run(String command, InputStream stdin, long stdinLength, Duration timeout, boolean shortAnswer)
            throws IOException {
        Pending p = new Pending(command, new CompletableFuture<>());
        long id = send(p, stdin, stdinLength, shortAnswer ? " 1" : "");
        try {
            return p.result().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.remove(id);
            kill(id);
            throw new IOException(
                    "command on " + who + " did not end within " + timeout + ": " + LocalHost.firstLine(command));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.remove(id);
            kill(id);
            throw new IOException("interrupted while running on " + who + ": " + LocalHost.firstLine(command), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /**
     * Sends {@code command} (no input) and returns at once: the future gives its result, or fails when it did not
     * end within {@code timeout} or the shell was lost. No thread waits meanwhile, so that a fleet's starts do not
     * hold one each while their hosts answer. The command must be a short script of ours that prints a few short
     * lines (a start batch, a node's {@code mkdir}): the agent runs it in its own subshell, without a process group
     * of its own (two processes fewer), so a time-out cannot kill it there. A start batch may answer through the
     * agent's output (fds 6 and 7) before it ends, and go on waiting for what it started (see {@link StartBatch}).
     *
     * @throws IOException when it could not be sent ({@link SshConnection.NotSentException}: not at all)
     */
    CompletableFuture<CommandResult> runAsync(String command, Duration timeout) throws IOException {
        Pending p = new Pending(command, new CompletableFuture<>());
        long id = send(p, null, 0, " 2");
        CompletableFuture<CommandResult> result = new CompletableFuture<>();
        ScheduledFuture<?> timer = TIMEOUTS.schedule(
                () -> {
                    if (pending.remove(id) != null) {
                        kill(id);
                        result.completeExceptionally(new IOException("command on " + who + " did not end within "
                                + timeout + ": " + LocalHost.firstLine(command)));
                    }
                },
                timeout.toNanos(),
                TimeUnit.NANOSECONDS);
        p.result().whenComplete((r, e) -> {
            timer.cancel(false);
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(r);
            }
        });
        return result;
    }

    /** Writes the request of {@code p} to the agent with {@code mark} (see {@link #SCRIPT}); returns its id. */
    private long send(Pending p, InputStream stdin, long stdinLength, String mark) throws IOException {
        String command = p.command();
        long id = ids.incrementAndGet();
        REQUESTS_SENT.incrementAndGet();
        pending.put(id, p);
        boolean lines = command.length() <= MAX_LINE_MODE_BYTES && command.indexOf('\0') < 0;
        byte[] body = (lines && !command.endsWith("\n") ? command + "\n" : command).getBytes(StandardCharsets.UTF_8);
        long length = stdin == null ? 0 : stdinLength;
        int slot = takeSlot(id);
        try {
            synchronized (writing) {
                checkOpen(command);
                requests.write(((lines ? "L " : "X ") + id + " " + (lines ? newlines(body) : body.length) + " " + length
                                + " " + slot + mark + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
                requests.write(body);
                if (stdin != null) {
                    long copied = copy(stdin, requests, length);
                    if (copied < length) {
                        // The agent waits for the announced number of bytes: pad, the command
                        // will see a truncated input, which the caller hears of below.
                        requests.write(new byte[(int) Math.min(length - copied, Integer.MAX_VALUE)]);
                        throw new IOException("the input of " + LocalHost.firstLine(command) + " was shorter than "
                                + length + " bytes");
                    }
                }
                requests.flush();
            }
        } catch (SshConnection.NotSentException e) {
            pending.remove(id);
            releaseSlot(id);
            throw e;
        } catch (IOException e) {
            pending.remove(id);
            if (lost != null || !channel.isOpen()) {
                throw lostWhile(command, e);
            }
            throw e;
        }
        return id;
    }

    /** Follows {@code path} from its first line (creating it), giving each line to {@code lines}. */
    void follow(String path, Consumer<String> lines) throws IOException {
        if (path.indexOf('\n') >= 0) {
            throw new IOException("cannot follow a file whose name has a newline: " + path);
        }
        long id = ids.incrementAndGet();
        follows.put(id, lines);
        byte[] body = (path + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (writing) {
            checkOpen("following " + path);
            requests.write(("F " + id + " " + body.length + " 0\n").getBytes(StandardCharsets.US_ASCII));
            requests.write(body);
            requests.flush();
        }
    }

    /** Ends the agent: its loop reads the end of its input and exits, its followers with it. */
    void close() {
        try {
            synchronized (writing) {
                if (requests != null) {
                    requests.close();
                }
            }
        } catch (IOException e) {
            LOG.debug("closing the agent's input on {}: {}", who, e.toString());
        }
        channel.close(false);
    }

    private int takeSlot(long id) {
        synchronized (slotsInUse) {
            int slot = slotsInUse.nextClearBit(0);
            slotsInUse.set(slot);
            slotOf.put(id, slot);
            return slot;
        }
    }

    /** Frees the slot of request {@code id}: answered, so its files on the host are no longer read. */
    private void releaseSlot(long id) {
        synchronized (slotsInUse) {
            Integer slot = slotOf.remove(id);
            if (slot != null) {
                slotsInUse.clear(slot);
            }
        }
    }

    private static int newlines(byte[] body) {
        int n = 0;
        for (byte b : body) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    private void kill(long id) {
        Integer slot = slotOf.get(id);
        if (slot == null) {
            return; // answered meanwhile
        }
        try {
            synchronized (writing) {
                if (isOpen()) {
                    requests.write(("K " + id + " 0 0 " + slot + "\n").getBytes(StandardCharsets.US_ASCII));
                    requests.flush();
                }
            }
        } catch (IOException e) {
            LOG.debug("could not kill request {} on {}: {}", id, who, e.toString());
        }
    }

    private void checkOpen(String command) throws IOException {
        if (!isOpen()) {
            IOException lostNow = lostWhile(command, null);
            throw new SshConnection.NotSentException(lostNow.getMessage(), null);
        }
    }

    private IOException lostWhile(String command, Throwable cause) {
        String why = lost != null ? lost : "the channel is closed";
        return new IOException(
                "lost the SSH connection to " + who + " while running: " + LocalHost.firstLine(command) + " (" + why
                        + ")",
                cause);
    }

    private void closed(ByteArrayOutputStream err) {
        String text = err.toString(StandardCharsets.UTF_8).strip();
        lost = channel.getSession().isOpen()
                ? "the shell ended" + (text.isEmpty() ? "" : ": " + tail(text))
                : "connection closed";
        if (!hello.isDone()) {
            hello.completeExceptionally(new IOException(
                    "the shell on " + who + " ended before starting" + (text.isEmpty() ? "" : ": " + tail(text))));
        }
        for (Long id : new ArrayList<>(pending.keySet())) {
            Pending p = pending.remove(id);
            if (p != null) {
                p.result().completeExceptionally(lostWhile(p.command(), null));
            }
        }
        closeListeners.forEach(Runnable::run);
    }

    private static String tail(String text) {
        return text.length() <= 500 ? text : "..." + text.substring(text.length() - 500);
    }

    private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[32 * 1024];
        long total = 0;
        while (total < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private void onHeader(String line) {
        if (line.startsWith("H ")) {
            String[] parts = line.split(" ", 5);
            try {
                hello.complete(new Hello(
                        Integer.parseInt(parts[1]), parts[2], parts.length > 4 ? parts[4] : "", parts[3].equals("1")));
            } catch (RuntimeException e) {
                hello.completeExceptionally(new IOException("the shell on " + who + " said: " + line));
            }
        } else if (line.startsWith("E ")) {
            int space = line.indexOf(' ', 2);
            if (space > 0) {
                Consumer<String> c = follows.get(parseLong(line.substring(2, space)));
                if (c != null) {
                    c.accept(line.substring(space + 1));
                }
            }
        } else if (!line.isEmpty()) {
            // Something an rc file printed before the agent started: not ours.
            LOG.debug("{} printed: {}", who, line);
        }
    }

    private void onReply(long id, int code, byte[] out, byte[] err) {
        releaseSlot(id);
        Pending p = pending.remove(id);
        if (p != null) {
            p.result()
                    .complete(new CommandResult(
                            code, new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8)));
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Reads the agent's answers: header lines, each {@code R} line followed by its output. */
    private static final class Parser extends OutputStream {
        private ShellAgent agent;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private long id;
        private int code;
        private int outLength;
        private ByteArrayOutputStream body;
        private long bodyLeft;

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int i = off;
            int end = off + len;
            while (i < end) {
                if (body != null) {
                    int n = (int) Math.min(bodyLeft, end - i);
                    body.write(b, i, n);
                    i += n;
                    bodyLeft -= n;
                    if (bodyLeft == 0) {
                        finishReply();
                    }
                    continue;
                }
                byte c = b[i++];
                if (c != '\n') {
                    line.write(c);
                    continue;
                }
                String header = line.toString(StandardCharsets.UTF_8);
                line.reset();
                if (header.startsWith("R ")) {
                    String[] parts = header.split(" ");
                    if (parts.length == 5) {
                        id = parseLong(parts[1]);
                        code = (int) parseLong(parts[2]);
                        outLength = (int) parseLong(parts[3]);
                        bodyLeft = outLength + parseLong(parts[4]);
                        body = new ByteArrayOutputStream((int) Math.min(bodyLeft, 1 << 16));
                        if (bodyLeft == 0) {
                            finishReply();
                        }
                        continue;
                    }
                }
                agent.onHeader(header);
            }
        }

        private void finishReply() {
            byte[] all = body.toByteArray();
            body = null;
            byte[] out = java.util.Arrays.copyOfRange(all, 0, Math.min(outLength, all.length));
            byte[] err = java.util.Arrays.copyOfRange(all, Math.min(outLength, all.length), all.length);
            agent.onReply(id, code, out, err);
        }
    }

    /**
     * The agent's standard error: short answers ({@code A id code lines unterminated} and that many lines, all
     * in one write) and lines of followed files go to the agent, the rest to {@code rest}.
     */
    private static final class ErrorLines extends OutputStream {
        private final ShellAgent agent;
        private final OutputStream rest;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        /** The short answer being read: its id, code, lines still to come and text so far. */
        private long answerId;

        private int answerCode;
        private int linesLeft;
        private boolean unterminated;
        private final ByteArrayOutputStream answer = new ByteArrayOutputStream();

        ErrorLines(ShellAgent agent, OutputStream rest) {
            this.agent = agent;
            this.rest = rest;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            if (b != '\n') {
                line.write(b);
                return;
            }
            if (linesLeft > 0) {
                line.writeTo(answer);
                line.reset();
                if (--linesLeft > 0 || !unterminated) {
                    answer.write('\n');
                }
                if (linesLeft == 0) {
                    answered();
                }
                return;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.startsWith("A ")) {
                String[] parts = text.split(" ");
                if (parts.length == 5) {
                    answerId = parseLong(parts[1]);
                    answerCode = (int) parseLong(parts[2]);
                    linesLeft = (int) parseLong(parts[3]);
                    unterminated = parts[4].equals("1");
                    answer.reset();
                    if (linesLeft <= 0) {
                        linesLeft = 0;
                        answered();
                    }
                    return;
                }
            }
            if (text.startsWith("E ")) {
                agent.onHeader(text);
            } else {
                rest.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }

        private void answered() {
            agent.onReply(answerId, answerCode, answer.toByteArray(), new byte[0]);
            answer.reset();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        /** Keeps what the shell wrote last without a newline (its dying words, say). */
        synchronized void flushPartialLine() {
            try {
                line.writeTo(rest);
            } catch (IOException e) {
                LOG.debug("keeping the shell's last words: {}", e.toString());
            }
            line.reset();
        }
    }

    /** Keeps the first {@code limit} bytes written (the agent's own stderr, for messages). */
    private static final class BoundedBuffer extends OutputStream {
        private final ByteArrayOutputStream target;
        private final int limit;

        BoundedBuffer(ByteArrayOutputStream target, int limit) {
            this.target = target;
            this.limit = limit;
        }

        @Override
        public synchronized void write(int b) {
            if (target.size() < limit) {
                target.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            target.write(b, off, Math.max(0, Math.min(len, limit - target.size())));
        }
    }
}
