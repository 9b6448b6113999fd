package nepi.resources.netns;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import nepi.resources.linux.host.CommandResult;

/**
 * The {@code ip} and {@code tc} programs of iproute2 (Debian package {@code iproute2}), run
 * from this JVM's own network namespace, without a shell. Every change the netns family makes
 * to the kernel's network configuration goes through here.
 */
final class Iproute2 {

    private static final long TIMEOUT_SECONDS = 60;
    private static final List<String> SEARCH_PATH = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");
    /** Reads standard error; blocking reads must not run on the (tiny, on two cores) common pool. */
    private static final ExecutorService STDERR_READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nepi-netns-stderr");
        t.setDaemon(true);
        return t;
    });

    private Iproute2() {}

    /** The absolute path of {@code ip}, or null when iproute2 is not installed. */
    static String ipPath() {
        return find("ip");
    }

    /**
     * Runs {@code ip args...}.
     *
     * @throws IOException with {@code what} and ip's error message when it fails
     */
    static CommandResult ip(String what, String... args) throws IOException {
        return orThrow(what, runLocal(program("ip"), List.of(args), null));
    }

    /** Runs {@code ip args...} and returns how it went, failed or not. */
    static CommandResult tryIp(String... args) throws IOException {
        return runLocal(program("ip"), List.of(args), null);
    }

    /** Runs {@code tc args...} and returns how it went, failed or not. */
    static CommandResult tryTc(String... args) throws IOException {
        return runLocal(program("tc"), List.of(args), null);
    }

    private static CommandResult orThrow(String what, CommandResult result) throws IOException {
        if (!result.succeeded()) {
            throw new IOException(what + " failed: " + result.outputTail(600));
        }
        return result;
    }

    static String program(String name) throws IOException {
        String path = find(name);
        if (path == null) {
            throw new IOException("the '" + name + "' program is not installed (Debian package iproute2); netns"
                    + " resources need it");
        }
        return path;
    }

    private static String find(String name) {
        List<String> dirs = new ArrayList<>(SEARCH_PATH);
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        for (String dir : dirs) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    /** Runs {@code program args...} on this machine, without a shell, {@code stdin} on its input. */
    static CommandResult runLocal(String program, List<String> args, byte[] stdin) throws IOException {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add(program);
        command.addAll(args);
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<byte[]> err =
                CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), STDERR_READERS);
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        byte[] out = readAll(process.getInputStream());
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not end within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
        return new CommandResult(
                process.exitValue(),
                new String(out, StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream stream) {
        try (InputStream in = stream) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
