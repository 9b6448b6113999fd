package nepi.resources.netns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A JVM started by a test with the test's class path, running one of the test mains. */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader output;
    private final List<String> seen = new ArrayList<>();

    private ChildJvm(Process process) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code mainClass} with {@code args}, behind {@code prefix} (e.g. setpriv ...) when given. */
    static ChildJvm start(List<String> prefix, Class<?> mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return new ChildJvm(
                new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** The first line of output that starts with {@code start}, waiting at most {@code timeout}. */
    String awaitLine(String start, Duration timeout) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l = output.readLine(); l != null; l = output.readLine()) {
                    synchronized (seen) {
                        seen.add(l);
                    }
                    if (l.startsWith(start)) {
                        return l;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String found = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (found == null) {
                throw new AssertionError("the child JVM ended without printing '" + start + "': " + seen());
            }
            return found;
        } catch (TimeoutException e) {
            throw new AssertionError("the child JVM did not print '" + start + "' within " + timeout + ": " + seen());
        }
    }

    /** Kills the JVM with SIGKILL, as a crash would, and waits for its end. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private String seen() {
        synchronized (seen) {
            return String.join("\n", seen);
        }
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
