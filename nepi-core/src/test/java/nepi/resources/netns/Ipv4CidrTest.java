package nepi.resources.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4CidrTest {

    @Test
    void parsesAndPrintsAddresses() {
        Ipv4Cidr c = Ipv4Cidr.parse("198.18.0.1/24");
        assertThat(c.address()).isEqualTo(Ipv4Address.parse("198.18.0.1"));
        assertThat(c.prefixLength()).isEqualTo(24);
        assertThat(c.toString()).isEqualTo("198.18.0.1/24");
        assertThat(c.network().toString()).isEqualTo("198.18.0.0/24");
        assertThat(Ipv4Address.parse("255.255.255.255").toString()).isEqualTo("255.255.255.255");
    }

    @Test
    void tellsNetworksAndBroadcasts() {
        assertThat(Ipv4Cidr.parse("198.18.0.0/24").isNetwork()).isTrue();
        assertThat(Ipv4Cidr.parse("198.18.0.1/24").isNetwork()).isFalse();
        assertThat(Ipv4Cidr.parse("198.18.0.255/24").isBroadcast()).isTrue();
        assertThat(Ipv4Cidr.parse("198.18.0.1/31").isBroadcast()).isFalse();
        assertThat(Ipv4Cidr.parse("0.0.0.0/0").isNetwork()).isTrue();
    }

    @Test
    void containsAndOverlaps() {
        Ipv4Cidr c = Ipv4Cidr.parse("198.18.1.1/24");
        assertThat(c.contains(Ipv4Address.parse("198.18.1.200"))).isTrue();
        assertThat(c.contains(Ipv4Address.parse("198.18.2.1"))).isFalse();
        assertThat(c.overlaps(Ipv4Cidr.parse("198.18.1.130/25"))).isTrue();
        assertThat(c.overlaps(Ipv4Cidr.parse("198.18.0.1/16"))).isTrue();
        assertThat(c.overlaps(Ipv4Cidr.parse("198.18.2.1/24"))).isFalse();
        assertThat(Ipv4Cidr.parse("198.18.0.1/30").overlaps(Ipv4Cidr.parse("198.18.0.5/30")))
                .isFalse();
        assertThat(Ipv4Cidr.parse("0.0.0.0/0").contains(Ipv4Address.parse("8.8.8.8")))
                .isTrue();
        assertThat(Ipv4Cidr.parse("198.18.0.1/32").contains(Ipv4Address.parse("198.18.0.1")))
                .isTrue();
        assertThat(Ipv4Cidr.parse("198.18.0.1/32").contains(Ipv4Address.parse("198.18.0.2")))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "198.18.0.1",
                "198.18.0.1/",
                "198.18.0.1/33",
                "198.18.0/24",
                "198.18.0.256/24",
                "198.18.0.1/2a",
                "a.b.c.d/8",
                "198.18..1/24",
                "198.18.0.1/24/1",
                " /24"
            })
    void refusesMalformedText(String text) {
        assertThatThrownBy(() -> Ipv4Cidr.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text)
                .hasMessageContaining("e.g. 198.18.0.1/24");
    }
}
