package nepi.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {

    private final MessageSigner signer = new MessageSigner("hmac-sha256", "secret");
    private final WireCodec codec = new WireCodec(signer, 4096);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<byte[]> signed(String header, String content) {
        List<byte[]> frames = new ArrayList<>();
        frames.add(b("client-identity"));
        frames.add(WireCodec.DELIMITER);
        frames.add(signer.sign(b(header), b("{}"), b("{}"), b(content)));
        frames.add(b(header));
        frames.add(b("{}"));
        frames.add(b("{}"));
        frames.add(b(content));
        return frames;
    }

    private static final String HEADER =
            "{\"msg_id\":\"m1\",\"session\":\"s\",\"username\":\"u\",\"date\":\"d\",\"msg_type\":\"execute_request\","
                    + "\"version\":\"5.3\",\"extra\":\"kept\"}";

    @Test
    void decodesASignedMessageAndKeepsTheRawHeaderForReplies() {
        WireCodec.Decoded decoded = codec.decode(signed(HEADER, "{\"code\":\"1+1\"}"));
        assertThat(decoded).isInstanceOf(WireCodec.Decoded.Accepted.class);
        Message message = ((WireCodec.Decoded.Accepted) decoded).message();
        assertThat(message.type()).isEqualTo("execute_request");
        assertThat(message.content().get("code").asText()).isEqualTo("1+1");
        assertThat(message.identities()).hasSize(1);
        assertThat(new String(message.identities().get(0), StandardCharsets.UTF_8))
                .isEqualTo("client-identity");

        Message reply = Message.create(message, "execute_reply", "kernel-session", Message.emptyObject());
        assertThat(reply.parentHeader().get("extra").asText()).isEqualTo("kept");
        assertThat(reply.identities()).isEqualTo(message.identities());
    }

    @Test
    void encodedMessagesDecodeToTheSameContent() {
        ObjectNode content = Message.emptyObject().put("text", "héllo ✓");
        Message message = Message.create(null, "stream", "kernel-session", content);
        List<byte[]> frames = new ArrayList<>(codec.encode(message));
        frames.add(0, b("id"));
        Message back = ((WireCodec.Decoded.Accepted) codec.decode(frames)).message();
        assertThat(back.content()).isEqualTo(content);
        assertThat(back.header().version()).isEqualTo("5.3");
        assertThat(back.header().msgId()).isEqualTo(message.header().msgId());
    }

    @Test
    void rejectsABadSignatureWithoutAnswering() {
        List<byte[]> frames = signed(HEADER, "{\"code\":\"System.exit(0)\"}");
        frames.set(6, b("{\"code\":\"tampered\"}"));
        WireCodec.Decoded decoded = codec.decode(frames);
        assertThat(decoded).isInstanceOfSatisfying(WireCodec.Decoded.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(WireCodec.Rejection.BAD_SIGNATURE);
            assertThat(rejected.answerable()).isNull();
        });
    }

    @Test
    void rejectsFramesThatAreNotAMessage() {
        assertThat(codec.decode(List.of(b("garbage"))))
                .isInstanceOfSatisfying(WireCodec.Decoded.Rejected.class, r -> assertThat(r.reason())
                        .isEqualTo(WireCodec.Rejection.MALFORMED));
        assertThat(codec.decode(List.of(WireCodec.DELIMITER, b("sig"))))
                .isInstanceOfSatisfying(WireCodec.Decoded.Rejected.class, r -> assertThat(r.detail())
                        .contains("got 1 frame"));
        assertThat(codec.decode(signed("{\"msg_id\":\"x\"}", "{}")))
                .isInstanceOfSatisfying(WireCodec.Decoded.Rejected.class, r -> assertThat(r.detail())
                        .contains("msg_type"));
    }

    @Test
    void answersASignedMessageWhoseContentIsNotAnObject() {
        assertThat(codec.decode(signed(HEADER, "[1, 2")))
                .isInstanceOfSatisfying(WireCodec.Decoded.Rejected.class, r -> {
                    assertThat(r.reason()).isEqualTo(WireCodec.Rejection.MALFORMED);
                    assertThat(r.answerable()).isNotNull();
                    assertThat(r.answerable().type()).isEqualTo("execute_request");
                });
    }

    @Test
    void answersAnOversizedSignedMessage() {
        assertThat(codec.decode(signed(HEADER, "{\"code\":\"" + "x".repeat(5000) + "\"}")))
                .isInstanceOfSatisfying(WireCodec.Decoded.Rejected.class, r -> {
                    assertThat(r.reason()).isEqualTo(WireCodec.Rejection.TOO_LARGE);
                    assertThat(r.answerable()).isNotNull();
                    assertThat(r.detail()).contains("4096");
                });
    }

    @Test
    void aReplayedSignedMessageIsRejectedWithoutAnAnswer() {
        List<byte[]> frames = signed(HEADER, "{\"code\":\"1+1\"}");
        assertThat(codec.decode(frames)).isInstanceOf(WireCodec.Decoded.Accepted.class);
        assertThat(codec.decode(frames)).isInstanceOfSatisfying(WireCodec.Decoded.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(WireCodec.Rejection.REPLAYED);
            assertThat(rejected.answerable()).isNull();
        });
        String otherHeader = HEADER.replace("\"m1\"", "\"m2\"");
        assertThat(codec.decode(signed(otherHeader, "{\"code\":\"1+1\"}")))
                .isInstanceOf(WireCodec.Decoded.Accepted.class);
    }

    @Test
    void aMessageTruncatedWhileReceivedIsTooLarge() {
        List<byte[]> frames = signed(HEADER, "{}");
        // The whole message had 10 more frames of 1 MB that the receiver threw away.
        Frames.Multipart truncated = new Frames.Multipart(frames, 10_000_000L, frames.size() + 10);
        assertThat(codec.decode(truncated)).isInstanceOfSatisfying(WireCodec.Decoded.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(WireCodec.Rejection.TOO_LARGE);
            assertThat(rejected.detail()).contains("10000000 bytes");
            assertThat(rejected.answerable()).isNotNull();
        });
        Frames.Multipart headless = new Frames.Multipart(List.of(b("garbage")), 10_000_000L, 12);
        assertThat(codec.decode(headless))
                .isInstanceOfSatisfying(WireCodec.Decoded.Rejected.class, rejected -> assertThat(rejected.reason())
                        .isEqualTo(WireCodec.Rejection.TOO_LARGE));
    }
}
