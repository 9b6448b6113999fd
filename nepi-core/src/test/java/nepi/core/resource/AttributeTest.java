package nepi.core.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AttributeTest {

    @Test
    void integersAcceptWholeNumbersInAnyForm() {
        Attribute<Integer> count = Attribute.ofInteger("count", "How many").withRange(0, 100);
        assertThat(count.convert(5)).isEqualTo(5);
        assertThat(count.convert(5L)).isEqualTo(5);
        assertThat(count.convert(5.0)).isEqualTo(5);
        assertThat(count.convert(" 42 ")).isEqualTo(42);
        assertThat(count.convert(null)).isNull();
        assertThatThrownBy(() -> count.convert(5.5)).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> count.convert(101)).hasMessageContaining("from 0 to 100");
        assertThatThrownBy(() -> count.convert(true)).hasMessageContaining("true (Boolean)");
    }

    @Test
    void doublesAcceptNumbersAndNumericText() {
        Attribute<Double> rate = Attribute.ofDouble("rate", "Rate");
        assertThat(rate.convert(1)).isEqualTo(1.0);
        assertThat(rate.convert("2.5e3")).isEqualTo(2500.0);
        assertThatThrownBy(() -> rate.convert("NaN")).hasMessageContaining("not a number");
    }

    @Test
    void booleansAcceptOnlyTrueAndFalse() {
        Attribute<Boolean> flag = Attribute.ofBoolean("flag", "A flag");
        assertThat(flag.getDefault()).isFalse();
        assertThat(flag.convert("True")).isTrue();
        assertThat(flag.convert(false)).isFalse();
        assertThatThrownBy(() -> flag.convert("yes")).hasMessageContaining("accepted: true or false");
        assertThatThrownBy(() -> flag.convert(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void enumsAcceptTheirValuesIgnoringCase() {
        Attribute<String> proto = Attribute.ofEnum("proto", "Protocol", "tcp", "udp");
        assertThat(proto.getDefault()).isEqualTo("tcp");
        assertThat(proto.convert("UDP")).isEqualTo("udp");
        assertThatThrownBy(() -> proto.convert("icmp")).hasMessageContaining("one of [tcp, udp]");
    }

    @Test
    void credentialAndFilterImplyDesignAndSecretsAreNeverShown() {
        Attribute<String> secret = Attribute.ofString("password", "Secret").withFlags(Attribute.Flag.CREDENTIAL);
        assertThat(secret.hasFlag(Attribute.Flag.DESIGN)).isTrue();
        assertThat(Attribute.ofString("f", "").withFlags(Attribute.Flag.FILTER).hasFlag(Attribute.Flag.DESIGN))
                .isTrue();
        assertThat(secret.display("hunter2")).isEqualTo("********");
        assertThatThrownBy(() -> secret.convert(new Object()))
                .hasMessageNotContaining("Object@")
                .hasMessageContaining("a secret value");
    }

    @Test
    void aDefaultMustBeAnAcceptedValue() {
        assertThatThrownBy(() ->
                        Attribute.ofInteger("port", "Port").withRange(1, 10).withDefault(0))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> Attribute.ofString("s", "").withRange(1, 2)).hasMessageContaining("only numbers");
    }
}
