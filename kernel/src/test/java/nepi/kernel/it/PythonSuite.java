package nepi.kernel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs one of the Python test modules (a real jupyter_client against the built jar) and checks that it passed and
 * left no kernel process behind. Python or its Debian packages missing is a failure with a clear message, not a skip.
 */
final class PythonSuite {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    /** What a kernel logs of the experiment it starts with. */
    private static final Pattern KERNEL_EXPERIMENT = Pattern.compile("experiment (exp-[0-9a-f]{16}) in ec");

    private PythonSuite() {}

    static void run(String module, long timeoutMinutes) throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            fail(PYTHON + " is missing: install Debian's python3, python3-jupyter-client, "
                    + "python3-jupyter-kernel-test and python3-nbclient");
        }
        Path jar = Path.of(System.getProperty("nepi.kernel.jar", "target/nepi-kernel.jar"))
                .toAbsolutePath();
        Path scripts = Path.of(System.getProperty("nepi.kernel.python.dir", "src/test/python"))
                .toAbsolutePath();
        assertThat(jar)
                .as("the shaded kernel jar (run the package phase first)")
                .exists();
        // The suite's temporary files and its kernels' run archives go in a directory of its own (TMPDIR,
        // NEPI_LOCAL_DIR), removed here even when the suite failed or was killed on its time-out, which gives its
        // clean-up no chance to run.
        Path scratch = Files.createTempDirectory("nepi-it-" + module + "-");
        try {
            Path runtime = Files.createDirectory(scratch.resolve("runtime"));
            Path tmp = Files.createDirectory(scratch.resolve("tmp"));
            Path log = scratch.resolve("suite.log");
            ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), "-u", "-m", "unittest", "-v", module)
                    .directory(scripts.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("NEPI_KERNEL_JAR", jar.toString());
            builder.environment().put("NEPI_TEST_RUNTIME_DIR", runtime.toString());
            builder.environment().put("TMPDIR", tmp.toString());
            // The kernels archive their runs there too: where the tests look for them (Python's temp dir).
            builder.environment().put("NEPI_LOCAL_DIR", tmp.toString());
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            Process process = builder.start();
            boolean finished = process.waitFor(timeoutMinutes, TimeUnit.MINUTES);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            System.out.println(output);
            assertThat(finished)
                    .as("python suite %s finished within %d min", module, timeoutMinutes)
                    .isTrue();
            assertThat(process.exitValue())
                    .as("python suite %s failed:%n%s", module, output)
                    .isZero();
            assertThat(output).as("the suite ran tests").containsPattern("Ran [1-9]\\d* tests?");
            assertNoKernelLeft(runtime);
        } finally {
            removeExperimentFiles(scratch.resolve("suite.log"));
            deleteTree(scratch);
        }
    }

    /**
     * The suite's kernels ran their experiments on this machine, whose files stay in {@code ~/.nepi/nepi-exp/<expId>}
     * as on any node; each kernel logs its experiment's id ({@code NepiExtension}), and those are removed. (Tests
     * that make experiments of their own with {@code %new} remove theirs.)
     */
    private static void removeExperimentFiles(Path log) throws IOException {
        if (!Files.isRegularFile(log)) {
            return;
        }
        Path experiments = Path.of(System.getProperty("user.home"), ".nepi", "nepi-exp");
        Matcher ids = KERNEL_EXPERIMENT.matcher(Files.readString(log, StandardCharsets.UTF_8));
        while (ids.find()) {
            Path dir = experiments.resolve(ids.group(1));
            if (Files.isDirectory(dir)) {
                deleteTree(dir);
            }
        }
    }

    /** Removes a directory and what is in it; entries that went away meanwhile (a kernel's ending) are no error. */
    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Kernels started by the suite have their connection file in its runtime directory. */
    private static void assertNoKernelLeft(Path runtime) throws InterruptedException {
        List<ProcessHandle> left = List.of();
        for (int attempt = 0; attempt < 50; attempt++) {
            left = ProcessHandle.allProcesses()
                    .filter(p -> p.info()
                            .arguments()
                            .map(args -> String.join(" ", args))
                            .orElse("")
                            .contains(runtime.toString()))
                    .collect(Collectors.toList());
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        String commands = left.stream()
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .collect(Collectors.joining("\n"));
        left.forEach(ProcessHandle::destroyForcibly);
        fail("kernel processes were left running after the suite:\n" + commands);
    }
}
