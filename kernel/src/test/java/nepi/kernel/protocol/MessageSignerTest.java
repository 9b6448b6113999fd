package nepi.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageSignerTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void signsTheFourFramesWithHmacSha256InHex() {
        MessageSigner signer = new MessageSigner("hmac-sha256", "key");
        // Python: hmac.new(b"key", b"abcd", hashlib.sha256).hexdigest()
        assertThat(new String(signer.sign(b("a"), b("b"), b("c"), b("d")), StandardCharsets.US_ASCII))
                .isEqualTo("2a31ec0ee8d878c9eece9fb0df79b3b90b2256240163aa5ee50d176d3d1121f8");
        assertThat(signer.verify(signer.sign(b("h"), b("p"), b("m"), b("c")), b("h"), b("p"), b("m"), b("c")))
                .isTrue();
    }

    @Test
    void rejectsAWrongSignatureOrTamperedContent() {
        MessageSigner signer = new MessageSigner("hmac-sha256", "secret");
        byte[] signature = signer.sign(b("h"), b("p"), b("m"), b("{\"code\":\"1\"}"));
        assertThat(signer.verify(signature, b("h"), b("p"), b("m"), b("{\"code\":\"2\"}")))
                .isFalse();
        byte[] forged = new MessageSigner("hmac-sha256", "other").sign(b("h"), b("p"), b("m"), b("c"));
        assertThat(signer.verify(forged, b("h"), b("p"), b("m"), b("c"))).isFalse();
        assertThat(signer.verify(new byte[0], b("h"), b("p"), b("m"), b("c"))).isFalse();
    }

    @Test
    void anEmptyKeyMeansNoSigning() {
        MessageSigner signer = new MessageSigner("hmac-sha256", "");
        assertThat(signer.enabled()).isFalse();
        assertThat(signer.sign(b("h"), b("p"), b("m"), b("c"))).isEmpty();
        assertThat(signer.verify(new byte[0], b("h"), b("p"), b("m"), b("c"))).isTrue();
    }

    @Test
    void refusesOtherSchemes() {
        assertThatThrownBy(() -> new MessageSigner("hmac-md5", "key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hmac-md5")
                .hasMessageContaining("hmac-sha256");
    }
}
