package nepi.kernel.nepi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import nepi.core.EcState;
import nepi.core.ExperimentController;
import nepi.kernel.session.InProcessSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NEPI extension: what it adds to a session and the experiment controller's lifecycle it owns. */
public class NepiExtensionTest {

    /** Where a cell hands the controller in {@code ec} to the test. */
    public static volatile ExperimentController seen;

    @Test
    void theSessionStartsWithAnExperimentInEcAndTheNepiImports(@TempDir Path runs) {
        System.setProperty("nepi.localDir", runs.toString());
        try (InProcessSession nb = InProcessSession.with(new NepiExtension())) {
            assertThat(nb.run("ec.getExpId()").result()).startsWith("exp-");
            assertThat(nb.run("NEW").result()).isEqualTo("NEW");
            assertThat(nb.run("ResourceFactory.getType(\"dummy::Node\") != null")
                            .result())
                    .isEqualTo("true");
            assertThat(nb.run("ec").outcome().result().orElseThrow().data()).containsKey("text/html");
        } finally {
            System.clearProperty("nepi.localDir");
        }
    }

    @Test
    void closingTheSessionReleasesTheExperimentTheKernelPutInEc(@TempDir Path runs) {
        System.setProperty("nepi.localDir", runs.toString());
        ExperimentController initial;
        ExperimentController replacement;
        try (InProcessSession nb = InProcessSession.with(new NepiExtension())) {
            nb.ok("nepi.kernel.nepi.NepiExtensionTest.seen = ec;");
            initial = seen;
            nb.ok("ec.registerResource(\"dummy::Node\"); ec.deploy();");
            nb.ok("%new replacement");
            assertThat(initial.getEcState()).as("replaced by %new").isEqualTo(EcState.TERMINATED);
            nb.ok("nepi.kernel.nepi.NepiExtensionTest.seen = ec;");
            replacement = seen;
            assertThat(replacement.getEcState()).isEqualTo(EcState.RUNNING);
        } finally {
            System.clearProperty("nepi.localDir");
        }
        assertThat(replacement.getEcState())
                .as("released when the session closed")
                .isEqualTo(EcState.TERMINATED);
    }
}
