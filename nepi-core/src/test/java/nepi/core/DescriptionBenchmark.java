package nepi.core;

import static nepi.core.resource.ResourceAction.START;
import static nepi.core.resource.ResourceState.STARTED;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Saves and loads a description of about 100,000 RMs (1,000 nodes with an interface on a
 * shared link and 98 applications each, every application with a non-default attribute,
 * one start condition per node), and prints the times and the file size.
 *
 * <p>Run: {@code mvn -q -pl nepi-core test-compile exec:exec@description-benchmark}.
 */
public final class DescriptionBenchmark {

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int apps = args.length > 1 ? Integer.parseInt(args[1]) : 98;
        Path dir = Files.createTempDirectory("nepi-description-benchmark");
        Path file = dir.resolve("experiment.json");
        try (ExperimentController ec = new ExperimentController("description-benchmark")) {
            for (int node : BenchmarkTopology.nodesOnALink(ec, nodes)) {
                int first = 0;
                for (int a = 0; a < apps; a++) {
                    int app = ec.registerResource("dummy::Application", Map.of("duration", 1.0 + a));
                    ec.registerConnection(app, node);
                    if (a == 0) {
                        first = app;
                    } else if (a == 1) {
                        ec.registerCondition(app, START, first, STARTED, "2s");
                    }
                }
            }
            int rms = ec.getResources().size();
            for (int round = 0; round < 4; round++) {
                long t0 = System.nanoTime();
                ec.save(file);
                long t1 = System.nanoTime();
                try (ExperimentController loaded = ExperimentController.load(file)) {
                    long t2 = System.nanoTime();
                    if (loaded.getResources().size() != rms) {
                        throw new IllegalStateException(
                                "loaded " + loaded.getResources().size() + " of " + rms + " RMs");
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "%s%d RMs: save %.3f s, load %.3f s, file %.1f MB%n",
                            round == 0 ? "(warm-up) " : "",
                            rms,
                            (t1 - t0) / 1e9,
                            (t2 - t1) / 1e9,
                            Files.size(file) / 1e6);
                }
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private DescriptionBenchmark() {}
}
