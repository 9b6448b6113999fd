package nepi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class TimeSpecTest {

    @Test
    void relativeTimesUnderstandEveryUnit() {
        assertThat(TimeSpec.parseDuration("0s")).isEqualTo(Duration.ZERO);
        assertThat(TimeSpec.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(TimeSpec.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(TimeSpec.parseDuration("10us")).isEqualTo(Duration.ofNanos(10_000));
        assertThat(TimeSpec.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(TimeSpec.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void absoluteDatesAreTwentyDigitsOfLocalTime() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        assertThat(TimeSpec.parseDate(TimeSpec.format(now), Instant.EPOCH)).isEqualTo(now);
    }

    @Test
    void relativeDatesCountFromNow() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(TimeSpec.parseDate("3s", now)).isEqualTo(now.plusSeconds(3));
    }

    @Test
    void malformedTimesAreRefusedWithWhatIsAccepted() {
        assertThatThrownBy(() -> TimeSpec.parseDuration("5 seconds"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"5 seconds\"")
                .hasMessageContaining("250ms");
        assertThatThrownBy(() -> TimeSpec.parseDuration("-1s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeSpec.parseDuration("1d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeSpec.parseDate("20261301000000000000", Instant.now()))
                .hasMessageContaining("malformed date");
    }

    @Test
    void wholeNumbersReadWithoutTheGeneralParserMeanTheSameAsWithIt() {
        assertThat(TimeSpec.parseDuration("0s")).isEqualTo(Duration.ZERO);
        assertThat(TimeSpec.parseDuration("0ms")).isEqualTo(Duration.ZERO);
        assertThat(TimeSpec.parseDuration("007us")).isEqualTo(Duration.ofNanos(7_000));
        assertThat(TimeSpec.parseDuration("15ms")).isEqualTo(Duration.ofMillis(15));
        assertThat(TimeSpec.parseDuration("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(TimeSpec.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(TimeSpec.parseDuration(" 2s ")).isEqualTo(Duration.ofSeconds(2));
        assertThat(TimeSpec.parseDuration("1.25ms")).isEqualTo(Duration.ofNanos(1_250_000));
        assertThat(TimeSpec.parseDuration("123456789012345us")).isEqualTo(Duration.ofNanos(123_456_789_012_345_000L));
        assertThatThrownBy(() -> TimeSpec.parseDuration("5")).hasMessageContaining("\"5\"");
        assertThatThrownBy(() -> TimeSpec.parseDuration("5mss")).hasMessageContaining("\"5mss\"");
        assertThatThrownBy(() -> TimeSpec.parseDuration("s")).hasMessageContaining("\"s\"");
    }

    @Test
    void theDelayUntilATimeIsTheRelativeTimeOrWhatIsLeftUntilTheDate() {
        assertThat(TimeSpec.delayUntil("250ms")).isEqualTo(Duration.ofMillis(250));
        Instant inAMinute = Instant.now().plusSeconds(60);
        Duration left = TimeSpec.delayUntil(TimeSpec.format(inAMinute));
        assertThat(left).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(61));
        assertThat(TimeSpec.delayUntil(TimeSpec.format(Instant.now().minusSeconds(60))))
                .isNegative();
    }

    @Test
    void aDateBeyondWhatTheSchedulerCanCountIsRefusedAsOutOfRange() {
        assertThatThrownBy(() -> TimeSpec.parseDate("99991231235959999999", Instant.now()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("99991231235959999999")
                .hasMessageContaining("out of range")
                .hasMessageContaining("at most " + TimeSpec.format(TimeSpec.MAX_DELAY) + " (about 292 years) ahead");
    }

    @Test
    void aTimeTooLargeIsRefusedAsTooLargeWithTheMaximum() {
        assertThatThrownBy(() -> TimeSpec.parseDuration("9223372036854775807s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large")
                .hasMessageContaining("at most 9223372036s (about 292 years)");
        assertThat(TimeSpec.parseDuration("9223372036s")).isEqualTo(TimeSpec.MAX_DELAY);
        assertThatThrownBy(() -> TimeSpec.parseDuration("9223372036.5s")).hasMessageContaining("too large");
    }
}
