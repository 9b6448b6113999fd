package nepi.resources.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import nepi.core.ExperimentController;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed with SIGKILL in the middle of an experiment is cleaned up by the next run. */
class CrashRecoveryIT {

    @TempDir
    Path home;

    @Test
    void theNextRunRemovesWhatAKilledRunLeft() throws Exception {
        assumeTrue(Privileges.missing().isEmpty(), () -> Privileges.missing().orElse(""));
        String prefix = null;
        try {
            long sleeperPid;
            try (ChildJvm child = ChildJvm.start(List.of(), AbandonedExperiment.class, home.toString())) {
                String[] deployed =
                        child.awaitLine("DEPLOYED ", Duration.ofSeconds(90)).split(" ");
                prefix = deployed[1];
                sleeperPid = Long.parseLong(deployed[2]);
                assertThat(Kernel.namespaces(prefix)).hasSize(3);
                child.kill();
            }
            RunTag tag = RunTag.ofNamespace(prefix + "-n1").orElseThrow();
            assertThat(Kernel.namespaces(prefix))
                    .as("a killed JVM releases nothing")
                    .hasSize(3);
            assertThat(OwnerRecord.read(tag))
                    .hasValueSatisfying(r -> assertThat(r.isAlive()).isFalse());
            assertThat(ProcessHandle.of(sleeperPid))
                    .as("the application outlives its JVM")
                    .isPresent();

            try (ExperimentController next = new ExperimentController("netns-next", home.resolve("local"))) {
                int node = new Topology(next, home).node();
                next.deploy();
                assertThat(next.waitDeployed(List.of(node), Duration.ofSeconds(60)))
                        .isTrue();
                assertThat(next.getResource(node).getFailureReason()).isEmpty();

                assertThat(Kernel.namespaces(prefix))
                        .as("what the killed run left")
                        .isEmpty();
                assertThat(OwnerRecord.read(tag)).isEmpty();
                assertThat(ProcessHandle.of(sleeperPid)
                                .map(ProcessHandle::isAlive)
                                .orElse(false))
                        .isFalse();
            }
        } finally {
            if (prefix != null && !Kernel.namespaces(prefix).isEmpty()) {
                LeftoverSweep.removeDeadRuns();
            }
        }
    }
}
