package nepi.resources.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A testbed of SSH hosts made by {@code install/testbed.sh} (root): N network namespaces with
 * their own sshd, reached from this machine's namespace. {@link #close()} runs
 * {@code testbed.sh down}, which leaves no sshd, namespace, bridge or file behind.
 */
public final class Testbed implements AutoCloseable {

    /** The script, found from the module directory (the tests' working directory) or the root. */
    public static Path script() {
        for (Path p : List.of(Path.of("../install/testbed.sh"), Path.of("install/testbed.sh"))) {
            if (Files.isExecutable(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException(
                "install/testbed.sh not found from " + Path.of("").toAbsolutePath());
    }

    private final Path dir;
    private final String name;
    private final List<String> addresses;
    private final List<Integer> sshdPids;

    private Testbed(Path dir, String name, List<String> addresses, List<Integer> sshdPids) {
        this.dir = dir;
        this.name = name;
        this.addresses = addresses;
        this.sshdPids = sshdPids;
    }

    /**
     * Builds a testbed of {@code count} hosts.
     *
     * @param name the prefix of its namespaces and bridge (one per test class, so that classes
     *             running one after the other never share one)
     * @param prefix its IPv4 prefix, in 198.18.0.0/15
     * @param slowRc seconds of CPU each host's ~/.bashrc burns (0: none)
     */
    public static Testbed up(int count, String name, String prefix, double slowRc, String... extra)
            throws IOException, InterruptedException {
        Path dir = Path.of("target", "testbed-" + name).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(
                script().toString(),
                "up",
                Integer.toString(count),
                "--dir",
                dir.toString(),
                "--name",
                name,
                "--prefix",
                prefix));
        if (slowRc > 0) {
            command.add("--slow-rc");
            command.add(Double.toString(slowRc));
        }
        command.addAll(List.of(extra));
        run(command);
        List<String> addresses = Files.readAllLines(dir.resolve("hosts"));
        List<Integer> pids = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("hosts.tsv"))) {
            pids.add(Integer.parseInt(line.split("\t")[3]));
        }
        return new Testbed(dir, name, addresses, pids);
    }

    /** Runs {@code testbed.sh down} for {@code name}, whatever state it is in. */
    public static void down(String name) throws IOException, InterruptedException {
        Path dir = Path.of("target", "testbed-" + name).toAbsolutePath();
        run(List.of(script().toString(), "down", "--dir", dir.toString(), "--name", name));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    public List<String> addresses() {
        return addresses;
    }

    public Path identity() {
        return dir.resolve("id_ed25519");
    }

    public Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    public Path dir() {
        return dir;
    }

    /** The pid of the sshd of host {@code index} (0-based). */
    public int sshdPid(int index) {
        return sshdPids.get(index);
    }

    /** The network namespace of host {@code index} (0-based). */
    public String namespace(int index) {
        return name + "-" + (index + 1);
    }

    /**
     * Kills every sshd of host {@code index} (0-based): the daemon and the sessions, as a crash
     * of the host's sshd would; the processes those sessions started go on running.
     *
     * @return how many sshd processes were killed
     */
    public int killSshd(int index) throws IOException, InterruptedException {
        // The daemon first: a session killed while it still listens could be replaced at once.
        int killed = 0;
        if (Files.exists(Path.of("/proc", Integer.toString(sshdPid(index)), "comm"))
                && Files.readString(Path.of("/proc", Integer.toString(sshdPid(index)), "comm"))
                        .strip()
                        .equals("sshd")) {
            run(List.of("kill", "-KILL", Integer.toString(sshdPid(index))));
            killed++;
        }
        for (String pid : run(List.of("ip", "netns", "pids", namespace(index))).split("\\s+")) {
            if (pid.isBlank()) {
                continue;
            }
            Path comm = Path.of("/proc", pid, "comm");
            try {
                if (Files.readString(comm).strip().equals("sshd")) {
                    run(List.of("kill", "-KILL", pid));
                    killed++;
                }
            } catch (IOException e) {
                // Gone meanwhile (a session that ended): nothing to kill.
            }
        }
        return killed;
    }

    /** Starts the sshd of host {@code index} (0-based) again, as {@code testbed.sh up} started it. */
    public void startSshd(int index) throws IOException, InterruptedException {
        Path h = dir.resolve("host-" + (index + 1));
        Files.deleteIfExists(h.resolve("sshd.pid"));
        run(List.of(
                "ip",
                "netns",
                "exec",
                namespace(index),
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "sh",
                "-c",
                "mount --bind '" + h.resolve("home")
                        + "' \"$(getent passwd root | cut -d: -f6)\" && exec /usr/sbin/sshd" + " -f '"
                        + h.resolve("sshd_config") + "' -E '" + h.resolve("sshd.log") + "'"));
        // sshd writes its pid file once it is a daemon, a moment after the command returned.
        Path pidFile = h.resolve("sshd.pid");
        for (int tries = 0; !Files.exists(pidFile) || Files.size(pidFile) == 0; tries++) {
            if (tries > 500) {
                throw new IOException(
                        "the sshd of " + namespace(index) + " did not start; see " + h.resolve("sshd.log"));
            }
            Thread.sleep(10);
        }
        sshdPids.set(index, Integer.parseInt(Files.readString(pidFile).strip()));
    }

    /** Takes the link of host {@code index} (0-based) down or up: while down, its packets vanish. */
    public void link(int index, boolean up) throws IOException, InterruptedException {
        run(List.of("ip", "-n", namespace(index), "link", "set", "eth0", up ? "up" : "down"));
    }

    /** The attributes of a linux::Node for host {@code index} (0-based). */
    public Map<String, Object> node(int index) {
        Map<String, Object> attrs = new HashMap<>();
        attrs.put("hostname", addresses.get(index));
        attrs.put("username", "root");
        attrs.put("identity", identity().toString());
        attrs.put("knownHosts", knownHosts().toString());
        return attrs;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        down(name);
    }
}
