package nepi.resources.linux.host;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import nepi.core.exec.CommandProcess;
import nepi.core.resource.TraceSource;

/**
 * This machine: commands are local processes and files are written with plain file I/O,
 * so nothing pays for a shell or a connection it does not need. Detached commands are
 * children of this JVM, so their end is learnt from {@link Process#onExit()}.
 */
public final class LocalHost implements Host {

    private static final File DEV_NULL = new File("/dev/null");
    /** Reads command output; blocking reads must not run on the common fork-join pool. */
    private static final ExecutorService DRAINERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nepi-local-output");
        t.setDaemon(true);
        return t;
    });

    private final String home;

    /** @param home the home directory to use (null: the user's, {@code user.home}) */
    public LocalHost(String home) {
        this.home = home != null ? home : System.getProperty("user.home");
    }

    @Override
    public String name() {
        return "localhost";
    }

    @Override
    public boolean isLocal() {
        return true;
    }

    @Override
    public String home() {
        return home;
    }

    @Override
    public CommandResult run(String command, byte[] stdin, Duration timeout) throws IOException {
        // In a session of its own, out of the JVM's process group: a front end that signals that group to stop the
        // JVM (jupyter_client does) must not kill the commands that release the experiment while they run.
        Process process = new ProcessBuilder("setsid", "sh", "-c", command).start();
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        CompletableFuture<byte[]> out = drain(process.getInputStream());
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        } catch (IOException e) {
            // The command exited without reading all its input; what it printed still tells the story.
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("command on localhost did not end within " + timeout + ": " + firstLine(command));
            }
            return new CommandResult(process.exitValue(), text(out.join()), text(err.join()));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running a command on localhost", e);
        }
    }

    @Override
    public CommandProcess start(String command, OutputStream out, OutputStream err) throws IOException {
        // setsid: the command leads a new session and process group (a child of the JVM is no group leader, so
        // setsid does not fork and its pid is the group's id), out of the JVM's group that front ends signal.
        Process process = new ProcessBuilder("setsid", "sh", "-c", command)
                .redirectInput(DEV_NULL)
                .start();
        CompletableFuture<Void> pumpedErr = pump(process.getErrorStream(), err);
        CompletableFuture<Void> pumpedOut = pump(process.getInputStream(), out);
        int pgid = (int) process.pid();
        CompletableFuture<Integer> exit =
                process.onExit().thenCombine(CompletableFuture.allOf(pumpedOut, pumpedErr), (p, v) -> p.exitValue());
        return new CommandProcess() {
            @Override
            public CompletableFuture<Integer> exit() {
                return exit;
            }

            @Override
            public void kill() throws IOException {
                if (!exit.isDone()) {
                    killGroup(pgid, false);
                }
            }

            @Override
            public String toString() {
                return "process group " + pgid + " on localhost";
            }
        };
    }

    @Override
    public void mkdirs(List<String> dirs) throws IOException {
        for (String dir : dirs) {
            Files.createDirectories(Path.of(dir));
        }
    }

    @Override
    public void writeFiles(List<FileContent> files) throws IOException {
        for (FileContent file : files) {
            Path path = Path.of(file.path());
            Files.createDirectories(path.getParent());
            Files.write(path, file.content());
            if (file.executable()) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    @Override
    public void upload(Path localFile, String remotePath) throws IOException {
        Path target = Path.of(remotePath);
        Files.createDirectories(target.getParent());
        Files.copy(localFile, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }

    @Override
    public String wrapperText(ProcessFiles files, boolean sudo) {
        return files.wrapperText(sudo, null);
    }

    @Override
    public DetachedProcess startDetached(ProcessFiles files) throws IOException {
        // setsid makes the wrapper the leader of a new session and process group (it does not
        // fork: a child of the JVM is never a group leader), so its pid is the group to kill.
        Process process = new ProcessBuilder("setsid", "sh", files.wrapperScript())
                .directory(new File(files.dir()))
                .redirectInput(DEV_NULL)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        int pid = (int) process.pid();
        Files.writeString(Path.of(files.pidFile()), pid + "\n");
        return new DetachedProcess(pid, process.onExit().thenApply(Process::exitValue));
    }

    @Override
    public TraceSource file(String path) {
        return TraceSource.ofFile(Path.of(path));
    }

    @Override
    public void close() {
        // Nothing is held for the local host.
    }

    @Override
    public String toString() {
        return name();
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (InputStream in = stream) {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        in.transferTo(out);
                        return out.toByteArray();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                DRAINERS);
    }

    /** Copies a command's output to {@code sink} as it comes; done at the end of the output. */
    static CompletableFuture<Void> pump(InputStream stream, OutputStream sink) {
        return CompletableFuture.runAsync(
                () -> {
                    byte[] buffer = new byte[8192];
                    try (InputStream in = stream) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            sink.write(buffer, 0, n);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                DRAINERS);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String firstLine(String command) {
        String line = command.strip().lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }
}
