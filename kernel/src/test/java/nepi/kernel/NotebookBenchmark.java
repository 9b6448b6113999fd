package nepi.kernel;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import nepi.core.ExperimentController;
import nepi.core.ExperimentListener;
import nepi.core.resource.ResourceState;
import nepi.core.resource.StateChange;
import nepi.core.resource.TraceSource;
import nepi.kernel.display.Display;
import nepi.kernel.display.DisplayTarget;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.display.Renderers;
import nepi.kernel.nepi.display.LiveTable;
import nepi.kernel.nepi.display.NepiRenderers;
import nepi.kernel.nepi.display.ResourceTable;
import nepi.kernel.nepi.magic.TraceWindow;

/**
 * The notebook's performance targets, measured: the {@code %state} and {@code %deploy} tables of 10,000 RMs
 * (built and rendered as HTML and text), the live table's update rate while 10,000 RMs deploy, and
 * {@code %trace --tail 100} of a 1 GB trace. Prints numbers; asserts nothing.
 * <pre>{@code
 * mvn -q -pl kernel -am package -DskipTests
 * java -cp kernel/target/nepi-kernel.jar:kernel/target/test-classes nepi.kernel.NotebookBenchmark
 * }</pre>
 */
public final class NotebookBenchmark {

    private static final int RMS = 10_000;

    private NotebookBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        tables();
        liveTable();
        traceTail();
    }

    private static void tables() {
        ExperimentController ec = new ExperimentController("notebook-benchmark");
        try {
            for (int i = 0; i < RMS; i++) {
                ec.registerResource(
                        i % 10 == 0 ? "dummy::Node" : "dummy::Application",
                        i % 10 == 0 ? java.util.Map.of() : java.util.Map.of("duration", 1.5));
            }
            List<Integer> guids = ec.getResources();
            for (ResourceTable.Layout layout : ResourceTable.Layout.values()) {
                long[] millis = new long[15];
                int htmlBytes = 0;
                for (int run = 0; run < millis.length; run++) {
                    long start = System.nanoTime();
                    MimeBundle bundle = ResourceTable.of(ec, guids, layout, "benchmark", Instant.now())
                            .bundle();
                    millis[run] = (System.nanoTime() - start) / 1_000_000;
                    htmlBytes = ((String) bundle.data().get("text/html")).length();
                }
                System.out.printf(
                        Locale.ROOT,
                        "%-8s table of %d RMs (HTML %d kB + text): first %d ms, median of"
                                + " the next %d %d ms, max %d ms (target < 500 ms)%n",
                        layout == ResourceTable.Layout.STATE ? "%state" : "%deploy",
                        RMS,
                        htmlBytes / 1024,
                        millis[0],
                        millis.length - 1,
                        median(Arrays.copyOfRange(millis, 1, millis.length)),
                        Arrays.stream(millis).max().orElse(0));
            }
        } finally {
            ec.shutdown();
        }
    }

    /**
     * 10,000 dummy applications deploy and run for 0 to 2.9 s each (each passes DISCOVERED, PROVISIONED, READY,
     * STARTED, STOPPED) under a live table.
     */
    private static void liveTable() throws Exception {
        List<Long> updates = new CopyOnWriteArrayList<>();
        Renderers renderers = Renderers.withDefaults();
        NepiRenderers.registerAll(renderers);
        Display.install(renderers, new DisplayTarget() {
            @Override
            public void show(MimeBundle bundle, String displayId) {}

            @Override
            public void update(MimeBundle bundle, String displayId) {
                updates.add(System.nanoTime());
            }

            @Override
            public void clear(boolean wait) {}
        });
        ExperimentController ec = new ExperimentController("notebook-benchmark-live");
        AtomicInteger changes = new AtomicInteger();
        ec.addListener(new ExperimentListener() {
            @Override
            public void stateChanged(StateChange change) {
                changes.incrementAndGet();
            }
        });
        try {
            for (int i = 0; i < RMS; i++) {
                ec.registerResource("dummy::Application", java.util.Map.of("duration", (i % 30) / 10.0));
            }
            List<Integer> guids = ec.getResources();
            long start = System.nanoTime();
            try (LiveTable table = LiveTable.show(ec, guids, ResourceTable.Layout.PROGRESS, "deploying")) {
                ec.deploy(guids);
                ec.wait(guids, ResourceState.STOPPED, Duration.ofMinutes(5));
                table.retitle("done");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int maxInOneSecond = 0;
            long minGap = Long.MAX_VALUE;
            for (int i = 0; i < updates.size(); i++) {
                int j = i;
                while (j < updates.size() && updates.get(j) - updates.get(i) < 1_000_000_000L) {
                    j++;
                }
                maxInOneSecond = Math.max(maxInOneSecond, j - i);
                if (i > 0) {
                    minGap = Math.min(minGap, updates.get(i) - updates.get(i - 1));
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "live table: %d state changes of %d RMs in %.1f s gave %d updates; at most"
                            + " %d in any 1 s window; smallest gap %d ms (target <= 10 updates/s)%n",
                    changes.get(),
                    RMS,
                    seconds,
                    updates.size(),
                    maxInOneSecond,
                    minGap == Long.MAX_VALUE ? 0 : minGap / 1_000_000);
        } finally {
            ec.shutdown();
        }
    }

    private static void traceTail() throws IOException {
        Path file = Files.createTempFile("nepi-benchmark-trace-", ".txt");
        try {
            long target = 1L << 30;
            long written = 0;
            long line = 0;
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                while (written < target) {
                    String text = "64 bytes from 127.0.0.1: icmp_seq=" + line++ + " ttl=64 time=0.045 ms\n";
                    out.write(text);
                    written += text.length();
                }
            }
            TraceSource source = TraceSource.ofFile(file);
            long[] micros = new long[20];
            String tail = "";
            for (int run = 0; run < micros.length; run++) {
                long start = System.nanoTime();
                tail = TraceWindow.tail(source, 100);
                micros[run] = (System.nanoTime() - start) / 1000;
            }
            System.out.printf(
                    Locale.ROOT,
                    "%%trace --tail 100 of a %.2f GB trace (%d lines): first %.1f ms, median"
                            + " %.1f ms, max %.1f ms, %d lines returned (target < 200 ms)%n",
                    Files.size(file) / 1e9,
                    line,
                    micros[0] / 1000.0,
                    median(micros) / 1000.0,
                    Arrays.stream(micros).max().orElse(0) / 1000.0,
                    tail.lines().count());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
