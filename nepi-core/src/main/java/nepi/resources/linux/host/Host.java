package nepi.resources.linux.host;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import nepi.core.exec.CommandProcess;
import nepi.core.resource.TraceSource;

/**
 * A Linux host on which NEPI runs commands: this machine ({@link LocalHost}) or one reached
 * over SSH ({@link SshHost}). Every way the linux resources touch a host goes through here,
 * so that local and remote hosts behave the same.
 *
 * <p>Commands come in three shapes: {@link #run blocking} with their output;
 * {@link #startDetached detached}, with a pid file, output files and an exit code that the
 * host reports by itself; and {@link #runScript run-and-wait} for build and install steps,
 * which keeps the script and its output on the host and fails with the end of that output.
 */
public interface Host extends AutoCloseable {

    /** How long a blocking command may take unless told otherwise. */
    Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    /** How this host is named in messages, e.g. {@code localhost} or {@code root@10.0.0.1:22}. */
    String name();

    /** Whether commands run as local processes. */
    boolean isLocal();

    /** The home directory of the user commands run as. */
    String home() throws IOException;

    /**
     * Runs {@code command} with {@code sh}, waits for its end and returns its output.
     *
     * @param stdin bytes given on its standard input (null: none, end of input at once)
     * @param timeout how long it may take; after that it is killed and an IOException thrown
     */
    CommandResult run(String command, byte[] stdin, Duration timeout) throws IOException;

    /** Like {@link #run(String, byte[], Duration)} with no input and the default time-out. */
    default CommandResult run(String command) throws IOException {
        return run(command, null, DEFAULT_TIMEOUT);
    }

    /**
     * Starts {@code command} with {@code sh}, nothing on its standard input, as the leader of a new session and
     * process group, and returns at once; its output is written to {@code out} and {@code err} as it comes.
     * {@link CommandProcess#kill()} ends the whole group on the host.
     */
    CommandProcess start(String command, OutputStream out, OutputStream err) throws IOException;

    /**
     * Run-and-wait: writes {@code script} to {@code dir/name.sh}, runs it there with bash in a
     * process group of its own whose id goes to {@code dir/name.pid}, its output going to
     * {@code dir/name.out} and {@code dir/name.err}, all of which stay on the host for debugging.
     *
     * @param what what the script does, for the message ("build", "install")
     * @throws CommandFailedException when it exits non-zero, with the end of its output
     */
    default CommandResult runScript(String dir, String name, String script, String what, Duration timeout)
            throws IOException {
        writeFiles(List.of(
                FileContent.text(dir + "/" + name + ".sh", script, true),
                FileContent.text(dir + "/" + name + ".pid", "", false)));
        // In a process group of its own (a background job of a non-interactive shell is no
        // group leader, so setsid does not fork and $! is the group id, kept in name.pid) so
        // that the whole step can be killed, see LinuxApplication's release.
        String command = "cd " + ShellWords.quote(dir) + " || exit 127\n"
                + "setsid bash ./" + name + ".sh </dev/null >" + name + ".out 2>" + name + ".err &\n"
                + "echo $! > " + name + ".pid\n"
                + "wait $!\n"
                + "code=$?\n"
                + "tail -c 4000 " + name + ".out\n"
                + "tail -c 4000 " + name + ".err >&2\n"
                + "exit $code\n";
        return run(command, null, timeout).orThrow(what + " (script " + dir + "/" + name + ".sh on " + name() + ")");
    }

    /** Creates the directories (and their parents) that do not exist yet. */
    void mkdirs(List<String> dirs) throws IOException;

    /** Writes small files, creating their directories. */
    void writeFiles(List<FileContent> files) throws IOException;

    /** Copies a local file to {@code remotePath} on the host (a plain copy for the local host). */
    void upload(Path localFile, String remotePath) throws IOException;

    /** Removes files or directories, recursively; missing ones are ignored. */
    default void remove(List<String> paths) throws IOException {
        if (!paths.isEmpty()) {
            run("rm -rf -- " + ShellWords.join(paths)).orThrow("removing " + paths + " on " + name());
        }
    }

    /**
     * The wrapper text to write to {@link ProcessFiles#wrapperScript()} before
     * {@link #startDetached}: hosts that learn of ends through a shared exit-event file add it.
     */
    String wrapperText(ProcessFiles files, boolean sudo);

    /**
     * Starts the wrapper of {@code files} (written beforehand) detached, in a new session
     * and process group, and writes its pid to the pid file.
     */
    DetachedProcess startDetached(ProcessFiles files) throws IOException;

    /**
     * Writes {@code before} (as {@link #writeFiles}) then starts the wrapper of {@code files} (as
     * {@link #startDetached}), in one round trip where the host can: over SSH every request costs
     * a round trip and processes on the host, and a fleet host runs this for every application.
     */
    default DetachedProcess writeAndStart(List<FileContent> before, ProcessFiles files) throws IOException {
        writeFiles(before);
        return startDetached(files);
    }

    /**
     * Like {@link #writeAndStart}, the future completing once the host answered. Hosts that answer
     * through a connection (SSH) return at once, so that the caller's thread is not held while the
     * host answers; others start it here and return a completed future.
     */
    default CompletableFuture<DetachedProcess> writeAndStartAsync(List<FileContent> before, ProcessFiles files) {
        try {
            return CompletableFuture.completedFuture(writeAndStart(before, files));
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Kills the process group {@code pgid}: SIGTERM, then SIGKILL for what is still there after
     * a short grace period. A group that no longer exists is not an error.
     *
     * @param sudo whether the group runs as another user (root) and needs {@code sudo -n kill}
     */
    default void killGroup(int pgid, boolean sudo) throws IOException {
        // The shell's built-in "kill -SIG -PGID" reads "-PGID" as a group (dash refuses "--" there), but
        // procps-ng's kill (4.0.2, run through sudo) reads "-12345" without "--" as another option and signals
        // group -1, i.e. every process it may signal: "sudo -n kill -SIG -- -PGID".
        // A group is gone when only zombies are left: reaping them is up to their new parent
        // (init, which on some machines reaps only now and then).
        String kill = sudo ? "sudo -n kill" : "kill";
        String group = (sudo ? " -- -" : " -") + pgid;
        String script = "alive() {\n"
                + "  if command -v ps >/dev/null 2>&1; then\n"
                + "    ps -e -o pgid= -o stat= | awk -v g=" + pgid + " '$1 == g && $2 !~ /^Z/ {f = 1} END {exit !f}'\n"
                + "  else " + kill + " -0" + group + " 2>/dev/null; fi\n"
                + "}\n"
                + kill + " -TERM" + group + " 2>/dev/null || exit 0\n"
                + "i=0\n"
                + "while alive; do\n"
                + "  i=$((i+1))\n"
                + "  if [ $i -ge 40 ]; then " + kill + " -KILL" + group + " 2>/dev/null; exit 0; fi\n"
                + "  sleep 0.05\n"
                + "done\n";
        run(script).orThrow("killing process group " + pgid + " on " + name());
    }

    /** A trace source reading {@code path} on the host piece by piece, never whole. */
    TraceSource file(String path);

    /** Frees what this host object holds (connections, watchers). Processes it started are not touched. */
    @Override
    void close();
}
