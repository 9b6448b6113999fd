package nepi.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KernelVersionTest {

    @Test
    void theVersionIsTheOneOfTheMavenBuild() {
        String built = System.getProperty("nepi.kernel.version");
        assertThat(built).as("surefire passes the project's version").isNotBlank();
        assertThat(KernelVersion.implementation()).isEqualTo(built);
    }

    @Test
    void anUnfilteredOrMissingResourceIsRefusedWithTheReason() {
        assertThatThrownBy(() -> KernelVersion.read(null)).hasMessageContaining("missing from the class path");
        assertThatThrownBy(() -> KernelVersion.read(stream("version=${project.version}\n")))
                .hasMessageContaining("holds no version ('${project.version}')");
        assertThat(KernelVersion.read(stream("version = 1.2.3 \n"))).isEqualTo("1.2.3");
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
