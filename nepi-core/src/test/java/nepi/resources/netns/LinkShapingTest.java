package nepi.resources.netns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinkShapingTest {

    @Test
    void aRateAloneIsATokenBucket() {
        LinkShaping s = new LinkShaping(Rate.parse("10mbit"), null, null);
        assertThat(s.needsNetem()).isFalse();
        assertThat(String.join(" ", s.tcArguments("eth0", 1)))
                .isEqualTo("qdisc replace dev eth0 root handle 1: tbf rate 10mbit burst 16384 latency 50ms");
        assertThat(s.describe()).isEqualTo("rate 10mbit");
    }

    @Test
    void theBucketHoldsTenMillisecondsOfAFastLink() {
        assertThat(LinkShaping.burstBytes(Rate.parse("1gbit"))).isEqualTo(1_250_000);
        assertThat(LinkShaping.burstBytes(Rate.parse("1mbit"))).isEqualTo(16 * 1024);
    }

    @Test
    void delayOrLossIsNetemWhichAlsoTakesTheRate() {
        LinkShaping s = new LinkShaping(Rate.parse("1mbit"), 20.0, 0.5);
        assertThat(s.needsNetem()).isTrue();
        assertThat(String.join(" ", s.tcArguments("eth1", 1)))
                .isEqualTo("qdisc replace dev eth1 root netem delay 20ms loss 0.5% rate 1mbit");
        assertThat(new LinkShaping(null, null, 1.0).tcArguments("e", 1)).containsSequence("netem", "loss", "1%");
    }

    @Test
    void zeroOrNothingRemovesTheShaping() {
        LinkShaping none = new LinkShaping(null, 0.0, 0.0);
        assertThat(none.isNone()).isTrue();
        assertThat(String.join(" ", none.tcArguments("eth0", 1))).isEqualTo("qdisc del dev eth0 root");
        assertThat(none.describe()).isEqualTo("none");
    }
}
