package nepi.kernel.nepi.magic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WaitAndTraceArgumentsTest {

    @Test
    void waitTakesAStateGuidsAndATimeout() throws Exception {
        assertThat(WaitMagic.SPEC.parse("--timeout 10").get(WaitMagic.TIMEOUT)).contains(Duration.ofSeconds(10));
        assertThat(WaitMagic.SPEC.parse("--timeout=250ms").get(WaitMagic.TIMEOUT))
                .contains(Duration.ofMillis(250));
        assertThat(WaitMagic.SPEC.parse("--timeout 1.5s").get(WaitMagic.TIMEOUT))
                .contains(Duration.ofMillis(1500));
        assertThat(WaitMagic.SPEC.parse("").get(WaitMagic.TIMEOUT)).isEmpty();
        assertThatThrownBy(() -> WaitMagic.SPEC.parse("--timeout soon"))
                .hasMessageStartingWith("%wait: --timeout takes a duration above 0")
                .hasMessageContaining("not 'soon'");
        assertThatThrownBy(() -> WaitMagic.SPEC.parse("--timeout 0")).hasMessageContaining("not '0'");
        var deployed = WaitMagic.SPEC.parse("Deployed node 3");
        assertThat(deployed.find(WaitMagic.GOAL)).contains(WaitMagic.Goal.DEPLOYED);
        assertThat(deployed.all(GuidArguments.GUIDS)).containsExactly("node", "3");
        var guidsOnly = WaitMagic.SPEC.parse("node");
        assertThat(guidsOnly.find(WaitMagic.GOAL)).isEmpty();
        assertThat(guidsOnly.all(GuidArguments.GUIDS)).containsExactly("node");
    }

    @Test
    void traceTakesAGuidANameAndOneWayToShowIt() throws Exception {
        var tail = TraceMagic.SPEC.parse("ping stdout --tail 3");
        assertThat(tail.get(GuidArguments.GUID)).isEqualTo("ping");
        assertThat(tail.get(TraceMagic.TRACE)).isEqualTo("stdout");
        assertThat(tail.get(TraceMagic.TAIL)).contains(3);
        assertThatThrownBy(() -> TraceMagic.SPEC.parse("ping stdout --tail 0"))
                .hasMessageStartingWith("%trace: --tail takes a number of lines above 0, not '0'");
        assertThatThrownBy(() -> TraceMagic.SPEC.parse("ping")).hasMessageStartingWith("%trace: missing NAME");
        assertThatThrownBy(() -> TraceMagic.SPEC.parse("ping stdout --size --plot"))
                .hasMessageStartingWith("%trace: give at most one of --tail, --head, --size, --path, --plot, --table");
        assertThat(TraceMagic.humanSize(1L << 30)).isEqualTo("1.0 GiB");
    }
}
