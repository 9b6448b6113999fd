package nepi.core.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nepi.core.ExperimentController;
import nepi.core.FailureLevel;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.core.resource.Trace;
import nepi.core.resource.TraceSource;

/**
 * A run kept on disk, under {@code <localDir>/<expId>/<runId>/}: the experiment
 * description ({@code description.json}), when every RM entered each state, the failure
 * level and reasons ({@code timeline.json}), and a copy of every collected trace
 * ({@code traces/<guid>/<name>}), so that a finished run can be inspected, plotted and
 * compared later without the hosts.
 */
public final class RunArchive {

    /** The description file in a run directory. */
    public static final String DESCRIPTION = "description.json";
    /** The timeline file in a run directory. */
    public static final String TIMELINE = "timeline.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /**
     * What became of one RM in the run.
     *
     * @param guid the RM
     * @param type its type name
     * @param state the state it ended the run in
     * @param times when it entered each state it went through
     * @param failure why it failed, or null
     * @param traces the archived traces, by name, as paths relative to the run directory
     */
    public record ResourceRecord(
            int guid,
            String type,
            ResourceState state,
            Map<ResourceState, Instant> times,
            String failure,
            Map<String, String> traces) {}

    /** The content of {@code timeline.json}. */
    public record Timeline(
            String expId,
            String runId,
            Instant archivedAt,
            FailureLevel failureLevel,
            List<ResourceRecord> resources) {}

    private final Path dir;
    private final Timeline timeline;

    private RunArchive(Path dir, Timeline timeline) {
        this.dir = dir;
        this.timeline = timeline;
    }

    /**
     * Writes (or brings up to date) the archive of {@code ec}'s run in its run directory,
     * copying every enabled trace. Can be called during a run and again after it.
     *
     * @throws UncheckedIOException naming the directory when it cannot be written
     */
    public static RunArchive write(ExperimentController ec) {
        Path dir = ec.getRunDir();
        try {
            Files.createDirectories(dir);
            ec.save(dir.resolve(DESCRIPTION));
            List<ResourceRecord> records = new ArrayList<>();
            for (int guid : ec.getResources()) {
                records.add(record(ec.getResource(guid), dir));
            }
            Timeline timeline =
                    new Timeline(ec.getExpId(), ec.getRunId(), Instant.now(), ec.getFailureLevel(), records);
            JSON.writeValue(dir.resolve(TIMELINE).toFile(), timeline);
            return new RunArchive(dir, timeline);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot archive run " + ec.getRunId() + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ResourceRecord record(ResourceManager rm, Path dir) throws IOException {
        Map<ResourceState, Instant> times = new EnumMap<>(ResourceState.class);
        for (ResourceState s : ResourceState.values()) {
            if (rm.getStateTime(s) != null) {
                times.put(s, rm.getStateTime(s));
            }
        }
        Map<String, String> traces = new LinkedHashMap<>();
        for (Trace trace : rm.getTraces()) {
            TraceSource source = rm.traceEnabled(trace.name()) ? rm.traceSource(trace.name()) : null;
            if (source != null) {
                String relative = "traces/" + rm.getGuid() + "/" + trace.name();
                copy(source, dir.resolve(relative));
                traces.put(trace.name(), relative);
            }
        }
        return new ResourceRecord(
                rm.getGuid(),
                rm.getRtype(),
                rm.getState(),
                times,
                rm.getFailureReason().orElse(null),
                traces);
    }

    private static void copy(TraceSource source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target)) {
            long position = 0;
            for (byte[] chunk = source.read(0, 1 << 20); chunk.length > 0; chunk = source.read(position, 1 << 20)) {
                out.write(chunk);
                position += chunk.length;
            }
        }
    }

    /**
     * Opens the archive of a run.
     *
     * @throws IllegalArgumentException naming the directory when it holds no readable archive
     */
    public static RunArchive open(Path runDir) {
        Path file = runDir.resolve(TIMELINE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(runDir + " holds no archived run (no " + TIMELINE + ")");
        }
        try {
            return new RunArchive(runDir, JSON.readValue(file.toFile(), Timeline.class));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a readable run timeline: " + e.getMessage(), e);
        }
    }

    /** The archived runs of experiment {@code expId} under {@code localDir}, newest first. */
    public static List<RunArchive> list(Path localDir, String expId) {
        Path expDir = localDir.resolve(expId);
        if (!Files.isDirectory(expDir)) {
            return List.of();
        }
        try (Stream<Path> runs = Files.list(expDir)) {
            return runs.filter(run -> Files.isRegularFile(run.resolve(TIMELINE)))
                    .map(RunArchive::open)
                    .sorted(Comparator.comparing((RunArchive r) -> r.timeline.runId())
                            .reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the runs in " + expDir + ": " + e.getMessage(), e);
        }
    }

    /** The run directory. */
    public Path dir() {
        return dir;
    }

    public String expId() {
        return timeline.expId();
    }

    public String runId() {
        return timeline.runId();
    }

    /** When the archive was last written. */
    public Instant archivedAt() {
        return timeline.archivedAt();
    }

    public FailureLevel failureLevel() {
        return timeline.failureLevel();
    }

    /** What became of every RM. */
    public List<ResourceRecord> resources() {
        return timeline.resources();
    }

    /**
     * The archived content of trace {@code name} of RM {@code guid}.
     *
     * @throws IllegalArgumentException when the run has no such archived trace
     */
    public String trace(int guid, String name) {
        try {
            return Files.readString(tracePath(guid, name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tracePath(guid, name) + ": " + e.getMessage(), e);
        }
    }

    /** Where the archived trace {@code name} of RM {@code guid} is. */
    public Path tracePath(int guid, String name) {
        for (ResourceRecord r : timeline.resources()) {
            if (r.guid() == guid && r.traces().containsKey(name)) {
                return dir.resolve(r.traces().get(name));
            }
        }
        throw new IllegalArgumentException(
                "run " + runId() + " has no archived trace '" + name + "' of resource " + guid);
    }

    /** A new controller with this run's experiment, ready to run it again. */
    public ExperimentController reload() {
        return ExperimentController.load(
                dir.resolve(DESCRIPTION), dir.getParent().getParent());
    }

    @Override
    public String toString() {
        return "run " + runId() + " of " + expId() + " (" + failureLevel() + ", "
                + resources().size() + " resources)";
    }
}
