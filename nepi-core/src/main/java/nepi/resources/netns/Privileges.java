package nepi.resources.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this JVM may create network namespaces, veth links and bridges: that takes
 * CAP_NET_ADMIN, and CAP_SYS_ADMIN for the mounts that name namespaces ({@code ip netns add}),
 * which in practice means root.
 */
public final class Privileges {

    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;

    private Privileges() {}

    /**
     * Why this JVM cannot build netns topologies, or empty when it can. Tests use it to skip
     * with that reason.
     */
    public static Optional<String> missing() {
        String status;
        try {
            status = Files.readString(Path.of("/proc/self/status"));
        } catch (IOException e) {
            return Optional.of("netns resources need Linux network namespaces, and /proc/self/status cannot be read"
                    + " (" + e.getMessage() + ")");
        }
        Optional<String> capabilities = missing(status);
        if (capabilities.isPresent()) {
            return capabilities;
        }
        if (Iproute2.ipPath() == null) {
            return Optional.of(
                    "netns resources need the 'ip' program (Debian package iproute2), which is not" + " installed");
        }
        return Optional.empty();
    }

    /**
     * Why a process whose {@code /proc/<pid>/status} reads {@code status} cannot build netns
     * topologies, or empty when it can.
     */
    static Optional<String> missing(String status) {
        String uid = field(status, "Uid:").map(v -> v.split("\\s+")[0]).orElse("?");
        long effective = field(status, "CapEff:")
                .map(v -> Long.parseUnsignedLong(v.strip(), 16))
                .orElse(0L);
        boolean netAdmin = (effective & (1L << CAP_NET_ADMIN)) != 0;
        boolean sysAdmin = (effective & (1L << CAP_SYS_ADMIN)) != 0;
        if (netAdmin && sysAdmin) {
            return Optional.empty();
        }
        String lacking = !netAdmin && !sysAdmin
                ? "CAP_NET_ADMIN and CAP_SYS_ADMIN"
                : !netAdmin ? "CAP_NET_ADMIN" : "CAP_SYS_ADMIN";
        return Optional.of("netns resources need root (CAP_NET_ADMIN, and CAP_SYS_ADMIN for 'ip netns add') to"
                + " create network namespaces, veth links and bridges; this JVM runs as uid " + uid + " without "
                + lacking + ". Run NEPI as root (e.g. with sudo), or in a container started with --cap-add NET_ADMIN"
                + " --cap-add SYS_ADMIN");
    }

    /**
     * Fails when this JVM cannot build netns topologies.
     *
     * @throws IllegalStateException saying what is missing
     */
    static void require() {
        missing().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
    }

    private static Optional<String> field(String status, String name) {
        return status.lines().filter(l -> l.startsWith(name)).findFirst().map(l -> l.substring(name.length())
                .strip());
    }
}
