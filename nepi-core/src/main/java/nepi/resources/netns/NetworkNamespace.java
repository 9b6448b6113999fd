package nepi.resources.netns;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nepi.resources.linux.host.CommandResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named Linux network namespace ({@code ip netns}), as the netns family creates and
 * removes them.
 *
 * @param name its name, as {@code ip netns list} shows it
 */
public record NetworkNamespace(String name) {

    /** Where {@code ip netns} keeps the names of namespaces. */
    static final Path NAMES = Path.of("/run/netns");

    private static final Logger LOG = LoggerFactory.getLogger(NetworkNamespace.class);
    /**
     * {@code ip netns add} and {@code del} set up and tear down mounts under /run/netns; the
     * first ones of a boot race each other when run concurrently, so this JVM runs them one at
     * a time (they take milliseconds).
     */
    private static final Object MOUNTS = new Object();

    /** The names of every namespace on this machine. */
    public static List<String> list() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(NAMES)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return names;
    }

    /** Whether the namespace exists. */
    public boolean exists() {
        return Files.exists(NAMES.resolve(name));
    }

    /**
     * Creates the namespace and brings its loopback up.
     *
     * @throws IOException when it exists already or cannot be created, with ip's message
     */
    void create() throws IOException {
        synchronized (MOUNTS) {
            Iproute2.ip("creating network namespace " + name, "netns", "add", name);
        }
        Iproute2.ip("bringing up the loopback of network namespace " + name, "-n", name, "link", "set", "lo", "up");
    }

    /**
     * Removes the namespace: kills the processes still in it (they would keep it, and its
     * links, alive), then deletes its name. A namespace that does not exist is not an error.
     */
    void delete() throws IOException {
        if (!exists()) {
            return;
        }
        killProcesses();
        synchronized (MOUNTS) {
            CommandResult r = Iproute2.tryIp("netns", "del", name);
            if (!r.succeeded() && exists()) {
                throw new IOException("removing network namespace " + name + " failed: " + r.outputTail(400));
            }
        }
    }

    private void killProcesses() throws IOException {
        CommandResult pids = Iproute2.tryIp("netns", "pids", name);
        List<ProcessHandle> victims = new ArrayList<>();
        for (String line : pids.stdout().lines().toList()) {
            try {
                ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(victims::add);
            } catch (NumberFormatException e) {
                LOG.debug("ip netns pids {} printed {}", name, line);
            }
        }
        for (ProcessHandle p : victims) {
            LOG.debug("killing pid {} left in namespace {}", p.pid(), name);
            p.destroyForcibly();
        }
        for (ProcessHandle p : victims) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("pid {} in namespace {} did not die within 5 s of SIGKILL", p.pid(), name);
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
