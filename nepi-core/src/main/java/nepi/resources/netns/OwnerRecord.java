package nepi.resources.netns;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Who owns the namespaces of one run tag: the process (pid and start time, so that a reused
 * pid is not mistaken for the owner) and the experiment. Kept in
 * {@code /run/nepi-netns/<tag>} (tmpfs: it goes away at reboot, as namespaces do) from before
 * the run creates its first namespace until it has removed its last. A record whose owner is
 * dead marks leftovers of a crashed run.
 *
 * @param pid the owning JVM's pid
 * @param startTicks when that process started, in clock ticks since boot (/proc/pid/stat field 22)
 * @param expId the experiment
 * @param runId the run
 * @param boot the boot id of the owner's machine ({@code /proc/sys/kernel/random/boot_id}): a
 *     host of the design may be another machine than the controller's, and only the
 *     controller's machine can tell whether the owner lives
 */
record OwnerRecord(long pid, long startTicks, String expId, String runId, String boot) {

    /** Where the records live, on every host that has netns pieces of a run. */
    static final Path DIR = Path.of("/run/nepi-netns");

    /** The boot id of this machine, or "?" when it cannot be read. */
    static final String BOOT = bootId();

    /** A record of a process of this machine. */
    OwnerRecord(long pid, long startTicks, String expId, String runId) {
        this(pid, startTicks, expId, runId, BOOT);
    }

    /** The record of this JVM for a run of an experiment. */
    static OwnerRecord current(String expId, String runId) {
        long pid = ProcessHandle.current().pid();
        return new OwnerRecord(pid, startTicks(pid).orElse(-1L), expId, runId);
    }

    /** Whether the owner is a process of this machine (in this boot), whose life this JVM can check. */
    boolean isOfThisMachine() {
        return boot.equals(BOOT);
    }

    /** Whether the owner is still running (the same process, not a later one with its pid). */
    boolean isAlive() {
        return isOfThisMachine()
                && startTicks(pid).map(ticks -> ticks == startTicks).orElse(false);
    }

    /** The text of the record, as written to its file. */
    String text() {
        return "pid=" + pid + "\nstart=" + startTicks + "\nexpId=" + expId + "\nrunId=" + runId + "\nboot=" + boot
                + "\n";
    }

    /** Parses the text of a record; empty when it is not one. */
    static Optional<OwnerRecord> parse(String text) {
        try {
            Map<String, String> fields = text.lines()
                    .filter(l -> l.indexOf('=') > 0)
                    .collect(Collectors.toMap(
                            l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1), (a, b) -> b));
            return Optional.of(new OwnerRecord(
                    Long.parseLong(fields.get("pid")),
                    Long.parseLong(fields.get("start")),
                    fields.getOrDefault("expId", "?"),
                    fields.getOrDefault("runId", "?"),
                    // Records written before the field existed were of this machine.
                    fields.getOrDefault("boot", BOOT)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Writes the record of {@code tag}, atomically, so that a reader never sees half of it. */
    void write(RunTag tag) throws IOException {
        Files.createDirectories(DIR);
        Path temp = DIR.resolve("." + tag.value() + "." + pid);
        Files.writeString(temp, text());
        try {
            Files.move(
                    temp,
                    DIR.resolve(tag.value()),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, DIR.resolve(tag.value()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The record of {@code tag}, or empty when there is none (or it cannot be read). */
    static Optional<OwnerRecord> read(RunTag tag) {
        try {
            return parse(Files.readString(DIR.resolve(tag.value())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Removes the record of {@code tag}; a missing one is not an error. */
    static void delete(RunTag tag) throws IOException {
        Files.deleteIfExists(DIR.resolve(tag.value()));
    }

    /** The tags that have a record. */
    static List<RunTag> recordedTags() throws IOException {
        List<RunTag> tags = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(DIR)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.matches("[a-z0-9]{6}")) {
                    tags.add(new RunTag(name));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return tags;
    }

    private static String bootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    /** The start time of process {@code pid} in clock ticks since boot, or empty when it does not exist. */
    static Optional<Long> startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) may hold spaces and parentheses: count fields after its end.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(fields[19]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
