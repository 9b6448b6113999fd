package nepi.kernel.nepi.magic;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WaitAndTraceArgumentsTest {

    @Test
    void waitTimeoutsAndStates() throws Exception {
        assertThat(WaitMagic.timeout("10")).isEqualTo(Duration.ofSeconds(10));
        assertThat(WaitMagic.timeout("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(WaitMagic.timeout("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> WaitMagic.timeout("soon")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> WaitMagic.timeout("0")).hasMessageContaining("more than 0");
        assertThat(WaitMagic.goalOf("Deployed")).isEqualTo(WaitMagic.Goal.DEPLOYED);
        assertThat(WaitMagic.goalOf("node")).isNull();
        assertThat(TraceMagic.lineCount("--tail", "3")).isEqualTo(3);
        assertThatThrownBy(() -> TraceMagic.lineCount("--tail", "0")).hasMessageContaining("above 0");
        assertThat(TraceMagic.humanSize(1L << 30)).isEqualTo("1.0 GiB");
    }
}
