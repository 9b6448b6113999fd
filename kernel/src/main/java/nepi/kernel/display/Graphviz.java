package nepi.kernel.display;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Graphviz's layout programs ({@code dot}, {@code neato}; Debian package {@code graphviz}) run as subprocesses. Each
 * run has a time limit, after which the program is killed: a huge graph must not hang a cell, and no Graphviz
 * process outlives the call that started it.
 *
 * @param directory where the programs are, or null when Graphviz is not installed
 * @param timeLimit how long one run may take before it is killed
 */
public record Graphviz(Path directory, Duration timeLimit) {

    /** How long one run may take, by default. */
    public static final Duration TIME_LIMIT = Duration.ofSeconds(20);

    /** Graphviz in {@code directory} (null: not installed), with the default time limit. */
    public Graphviz(Path directory) {
        this(directory, TIME_LIMIT);
    }

    /** The layout programs used. */
    public enum Engine {
        /** Layered (hierarchical) layout: for trees and ordered graphs of up to a few hundred vertices. */
        DOT,
        /** Spring model layout: for big, loosely ordered graphs. */
        NEATO;

        /** The program's file name. */
        public String program() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Graphviz as found on {@code PATH}, or a Graphviz with no directory when {@code dot} is not there. */
    public static Graphviz onPath() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "dot"))) {
                    return new Graphviz(Path.of(dir));
                }
            }
        }
        return new Graphviz(null);
    }

    /** Whether Graphviz was found. */
    public boolean available() {
        return directory != null;
    }

    /**
     * Runs {@code engine} on {@code dotText} with output format {@code format} ({@code plain}, {@code png},
     * {@code svg}...).
     *
     * @return the program's output
     * @throws IOException          when Graphviz is not installed, fails (its message is given), or takes longer than
     *                              {@link #timeLimit} (it is killed)
     * @throws InterruptedException when interrupted while waiting (it is killed)
     */
    public byte[] run(Engine engine, String format, String dotText) throws IOException, InterruptedException {
        if (directory == null) {
            throw new IOException("Graphviz is not installed (Debian package graphviz)");
        }
        // Files, not pipes: no thread is needed to feed or drain the process, whatever the sizes.
        Path input = Files.createTempFile("nepi-graph-", ".dot");
        Path output = Files.createTempFile("nepi-graph-", "." + format);
        Path errors = Files.createTempFile("nepi-graph-", ".err");
        Process process = null;
        try {
            Files.writeString(input, dotText, StandardCharsets.UTF_8);
            process = new ProcessBuilder(
                            List.of(directory.resolve(engine.program()).toString(), "-T" + format, input.toString()))
                    .redirectOutput(output.toFile())
                    .redirectError(errors.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(timeLimit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(engine.program() + " took more than " + TimeText.duration(timeLimit));
            }
            if (process.exitValue() != 0) {
                String message =
                        Files.readString(errors, StandardCharsets.UTF_8).strip();
                throw new IOException(engine.program() + " failed (exit code " + process.exitValue() + ")"
                        + (message.isEmpty() ? "" : ": " + firstLine(message)));
            }
            return Files.readAllBytes(output);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(input);
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
