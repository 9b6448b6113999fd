package nepi.resources.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without CAP_NET_ADMIN, deploy fails with a message that says root is needed: checked in a
 * child JVM whose capabilities setpriv removed (so it runs as root, reading the same files).
 */
class PrivilegesIT {

    @TempDir
    Path home;

    @Test
    void deployWithoutNetAdminFailsSayingRootIsNeeded() throws Exception {
        assumeTrue(
                Privileges.missing().isEmpty(),
                "dropping capabilities needs them first: "
                        + Privileges.missing().orElse(""));
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (Debian package util-linux)");
        List<String> dropped = List.of("/usr/bin/setpriv", "--inh-caps=-all", "--bounding-set=-net_admin,-sys_admin");
        try (ChildJvm child = ChildJvm.start(dropped, UnprivilegedDeploy.class, home.toString())) {
            assertThat(child.awaitLine("STATE ", Duration.ofSeconds(60))).isEqualTo("STATE FAILED");
            assertThat(child.awaitLine("REASON ", Duration.ofSeconds(10)))
                    .contains("need root")
                    .contains("without CAP_NET_ADMIN and CAP_SYS_ADMIN");
        }
    }
}
