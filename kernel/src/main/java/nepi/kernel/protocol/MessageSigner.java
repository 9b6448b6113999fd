package nepi.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies messages with the connection file's HMAC key.
 * Thread-safe: every thread gets its own {@link Mac}.
 */
public final class MessageSigner {

    private static final HexFormat HEX = HexFormat.of();

    private final boolean enabled;
    private final ThreadLocal<Mac> mac;

    /**
     * @param scheme the connection file's {@code signature_scheme}; only {@code hmac-sha256} is accepted
     * @param key    the key; an empty key disables signing, as the protocol says
     */
    public MessageSigner(String scheme, String key) {
        this.enabled = !key.isEmpty();
        if (enabled && !"hmac-sha256".equals(scheme)) {
            throw new IllegalArgumentException(
                    "unsupported signature_scheme '" + scheme + "': only hmac-sha256 is accepted");
        }
        SecretKeySpec spec = enabled ? new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256") : null;
        this.mac = ThreadLocal.withInitial(() -> newMac(spec));
    }

    public boolean enabled() {
        return enabled;
    }

    /** The hex signature of the four signed frames, or an empty array when signing is off. */
    public byte[] sign(byte[] header, byte[] parentHeader, byte[] metadata, byte[] content) {
        if (!enabled) {
            return new byte[0];
        }
        Mac m = mac.get();
        m.update(header);
        m.update(parentHeader);
        m.update(metadata);
        m.update(content);
        return HEX.formatHex(m.doFinal()).getBytes(StandardCharsets.US_ASCII);
    }

    /** Constant-time comparison, so that a forger learns nothing from timing. */
    public boolean verify(byte[] signature, byte[] header, byte[] parentHeader, byte[] metadata, byte[] content) {
        if (!enabled) {
            return true;
        }
        return MessageDigest.isEqual(signature, sign(header, parentHeader, metadata, content));
    }

    private static Mac newMac(SecretKeySpec spec) {
        if (spec == null) {
            return null;
        }
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(spec);
            return m;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
