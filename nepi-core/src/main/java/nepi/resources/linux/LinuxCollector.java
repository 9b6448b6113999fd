package nepi.resources.linux;

import static nepi.core.resource.ResourceState.STOPPED;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceException;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceType;
import nepi.core.resource.TraceSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers one trace ({@code traceName}) of every RM connected to it into the local run
 * directory: {@code <localDir>/<expId>/<runId>/<subDir>/<guid>.<name>} (without the run id
 * when {@code useRunId} is false; {@code name} is {@code rename} or the trace's name).
 *
 * <p>It collects once every connected RM has finished (then it is STOPPED), and, for what
 * never finished, at release: the applications release their collectors before their own
 * files go. Traces are copied piece by piece, never held whole in memory.
 */
@ResourceType(
        value = "linux::Collector",
        aliases = {"Collector"},
        help = "Copies the trace 'traceName' of every resource connected to it into the local run directory"
                + " (<localDir>/<expId>/<runId>/<subDir>/<guid>.<rename or traceName>) once they finished, or at"
                + " release.")
public class LinuxCollector extends ResourceManager {

    public static final Attribute<String> TRACE_NAME = Attribute.ofString(
                    "traceName", "Name of the trace to collect, e.g. stdout")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> SUB_DIR = Attribute.ofString(
                    "subDir", "Sub-directory of the run directory to put the files in")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> RENAME = Attribute.ofString(
                    "rename",
                    "Name for the collected files instead of the trace's name (each is prefixed by its RM's guid)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> USE_RUN_ID = Attribute.ofBoolean(
                    "useRunId",
                    "Keep the files under the run's directory <localDir>/<expId>/<runId>/; false puts them under"
                            + " <localDir>/<expId>/")
            .withDefault(true)
            .withFlags(Flag.DESIGN);

    private static final Logger LOG = LoggerFactory.getLogger(LinuxCollector.class);
    private static final int CHUNK = 1 << 20;

    private final List<Path> collected = new ArrayList<>();
    private volatile boolean done;

    public LinuxCollector(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    /** Where the files go. */
    public Path storeDir() {
        ResourceContext ec = getEc();
        Path base = get(USE_RUN_ID) ? ec.getRunDir() : ec.getLocalDir().resolve(ec.getExpId());
        String sub = get(SUB_DIR);
        return sub == null || sub.isBlank() ? base : base.resolve(sub.strip());
    }

    /** The files written so far. */
    public synchronized List<Path> collectedFiles() {
        return List.copyOf(collected);
    }

    @Override
    protected void doDeploy() throws Exception {
        String traceName = get(TRACE_NAME);
        if (traceName == null || traceName.isBlank()) {
            throw new IllegalArgumentException(
                    this + ": attribute 'traceName' is not set; name the trace to collect," + " e.g. stdout");
        }
        for (ResourceManager rm : getConnected()) {
            if (rm.getTraces().stream().noneMatch(t -> t.name().equals(traceName.strip()))) {
                throw new IllegalArgumentException(this + ": " + rm + " has no trace '" + traceName + "'; it has "
                        + rm.getTraces().stream().map(t -> t.name()).toList());
            }
        }
        if (getState() == nepi.core.resource.ResourceState.NEW) {
            discover();
            provision();
        }
        setReady();
    }

    @Override
    protected void doStart() throws Exception {
        setStarted();
        getEc().schedule(java.time.Duration.ZERO, this::stopWhenAllFinished);
    }

    /** Collects and stops once every connected RM is at least STOPPED; otherwise comes back when one changes. */
    private void stopWhenAllFinished() {
        for (ResourceManager rm : getConnected()) {
            if (rm.getState().isBefore(STOPPED)) {
                try {
                    if (deferUntil(rm, STOPPED, this::stopWhenAllFinished)) {
                        return;
                    }
                } catch (ResourceException e) {
                    // It failed or was released in between: it has finished as far as collecting goes.
                    LOG.debug("{}: {}", this, e.getMessage());
                }
            }
        }
        stop();
    }

    @Override
    protected void doStop() throws Exception {
        collect();
        super.doStop();
    }

    @Override
    protected void doRelease() throws Exception {
        if (!done) {
            try {
                collect();
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: collecting at release failed: {}", this, e.getMessage());
            }
        }
        super.doRelease();
    }

    private void collect() throws IOException {
        String traceName = get(TRACE_NAME);
        if (traceName == null || traceName.isBlank()) {
            return;
        }
        String name = get(RENAME) == null || get(RENAME).isBlank()
                ? traceName.strip()
                : get(RENAME).strip();
        Path dir = storeDir();
        Files.createDirectories(dir);
        List<String> problems = new ArrayList<>();
        for (ResourceManager rm : getConnected()) {
            TraceSource source = rm.traceSource(traceName.strip());
            if (source == null) {
                LOG.info("{}: {} has no '{}' trace yet; nothing to collect", this, rm, traceName);
                continue;
            }
            Path file = dir.resolve(rm.getGuid() + "." + name);
            try (OutputStream out = Files.newOutputStream(file)) {
                long position = 0;
                while (true) {
                    byte[] chunk = source.read(position, CHUNK);
                    if (chunk.length == 0) {
                        break;
                    }
                    out.write(chunk);
                    position += chunk.length;
                }
            } catch (IOException e) {
                problems.add(rm + ": " + e.getMessage());
                continue;
            }
            synchronized (this) {
                collected.add(file);
            }
        }
        done = true;
        if (!problems.isEmpty()) {
            throw new IOException("could not collect '" + traceName + "' of " + String.join("; ", problems));
        }
    }
}
