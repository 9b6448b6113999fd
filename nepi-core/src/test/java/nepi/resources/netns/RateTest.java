package nepi.resources.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RateTest {

    @ParameterizedTest
    @CsvSource({
        "10mbit, 10000000, 10mbit",
        "10M, 10000000, 10mbit",
        "2.5mbit, 2500000, 2500kbit",
        "500kbit, 500000, 500kbit",
        "1Gbit, 1000000000, 1gbit",
        "64000, 64000, 64kbit",
        "1500bit, 1500, 1500bit",
        "10 mbit/s, 10000000, 10mbit"
    })
    void parsesDecimalUnitsAndPrintsWhatTcReads(String text, long bits, String printed) {
        Rate rate = Rate.parse(text);
        assertThat(rate.bitsPerSecond()).isEqualTo(bits);
        assertThat(rate.toString()).isEqualTo(printed);
    }

    @Test
    void refusesBytesPerSecondAsAmbiguous() {
        assertThatThrownBy(() -> Rate.parse("10mbps")).hasMessageContaining("bytes per second");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "10 parsecs", "-1mbit", "999bit", "0", ""})
    void refusesWhatIsNotARate(String text) {
        assertThatThrownBy(() -> Rate.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("e.g. 10mbit");
    }
}
