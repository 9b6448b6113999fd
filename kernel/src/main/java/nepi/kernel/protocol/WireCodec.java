package nepi.kernel.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns ZeroMQ frames into {@link Message}s and back:
 * {@code [identities..., <IDS|MSG>, signature, header, parent_header, metadata, content, buffers...]}.
 * Decoding never throws: every failure is a {@link Decoded.Rejected} that says why.
 */
public final class WireCodec {

    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper json = new ObjectMapper();
    private final MessageSigner signer;
    private final long maxMessageBytes;
    private final SignatureHistory signatures = new SignatureHistory(SignatureHistory.DEFAULT_CAPACITY);

    /**
     * @param maxMessageBytes larger signed messages are rejected, with an answer, before their JSON is parsed
     */
    public WireCodec(MessageSigner signer, long maxMessageBytes) {
        this.signer = signer;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** The limit of a message's size; receivers keep no more than this (plus one frame) of a message. */
    long maxMessageBytes() {
        return maxMessageBytes;
    }

    /** The outcome of decoding: a message, or the reason it was refused. */
    public sealed interface Decoded {
        /** A well-formed, correctly signed message. */
        record Accepted(Message message) implements Decoded {}

        /**
         * A refused message. {@code answerable} holds the sender's identities and header when the message was
         * correctly signed and its header could be read, so the kernel may send an error reply; otherwise it is
         * only logged.
         */
        record Rejected(Rejection reason, String detail, Message answerable) implements Decoded {}
    }

    /** Why a message was refused. */
    public enum Rejection {
        MALFORMED,
        BAD_SIGNATURE,
        TOO_LARGE,
        /** Correctly signed, but its signature was seen before: a captured message sent again. */
        REPLAYED
    }

    /**
     * Decodes a message received whole. A correctly signed message is accepted once: the same signature again is
     * a replay, rejected with {@link Rejection#REPLAYED}.
     */
    public Decoded decode(List<byte[]> frames) {
        return decode(Frames.Multipart.of(frames));
    }

    /** Decodes a message whose frames past the size limit may have been thrown away while receiving. */
    Decoded decode(Frames.Multipart received) {
        List<byte[]> frames = received.frames();
        int delimiter = indexOfDelimiter(frames);
        if (received.truncated() && (delimiter < 0 || frames.size() < delimiter + 6)) {
            return new Decoded.Rejected(Rejection.TOO_LARGE, tooLarge(received), null);
        }
        if (delimiter < 0) {
            return new Decoded.Rejected(Rejection.MALFORMED, "no <IDS|MSG> delimiter frame", null);
        }
        if (frames.size() < delimiter + 6) {
            return new Decoded.Rejected(
                    Rejection.MALFORMED,
                    "expected signature, header, parent_header, metadata and content after the delimiter, got "
                            + (frames.size() - delimiter - 1) + " frame(s)",
                    null);
        }
        List<byte[]> identities = List.copyOf(frames.subList(0, delimiter));
        byte[] signature = frames.get(delimiter + 1);
        byte[] header = frames.get(delimiter + 2);
        byte[] parent = frames.get(delimiter + 3);
        byte[] metadata = frames.get(delimiter + 4);
        byte[] content = frames.get(delimiter + 5);
        if (!signer.verify(signature, header, parent, metadata, content)) {
            return new Decoded.Rejected(Rejection.BAD_SIGNATURE, "HMAC signature does not match", null);
        }
        if (signer.enabled() && !signatures.firstSeen(signature)) {
            return new Decoded.Rejected(Rejection.REPLAYED, "a message with this signature was received before", null);
        }
        Header parsedHeader;
        ObjectNode headerJson;
        try {
            headerJson = object(header, "header");
            parsedHeader = Header.fromJson(headerJson);
        } catch (MalformedMessageException e) {
            return new Decoded.Rejected(Rejection.MALFORMED, e.getMessage(), null);
        }
        Message headerOnly = new Message(
                identities,
                parsedHeader,
                headerJson,
                Message.emptyObject(),
                Message.emptyObject(),
                Message.emptyObject(),
                List.of());
        if (received.bytes() > maxMessageBytes || received.truncated()) {
            return new Decoded.Rejected(Rejection.TOO_LARGE, tooLarge(received), headerOnly);
        }
        try {
            List<byte[]> buffers = List.copyOf(frames.subList(delimiter + 6, frames.size()));
            return new Decoded.Accepted(new Message(
                    identities,
                    parsedHeader,
                    headerJson,
                    object(parent, "parent_header"),
                    object(metadata, "metadata"),
                    object(content, "content"),
                    buffers));
        } catch (MalformedMessageException e) {
            return new Decoded.Rejected(Rejection.MALFORMED, e.getMessage(), headerOnly);
        }
    }

    private String tooLarge(Frames.Multipart received) {
        if (received.bytes() <= maxMessageBytes) {
            return "message of " + received.frameCount() + " frames has more than the limit of "
                    + Frames.MAX_KEPT_FRAMES + " frames";
        }
        return "message of " + received.bytes() + " bytes is larger than the limit of " + maxMessageBytes + " bytes";
    }

    public List<byte[]> encode(Message message) {
        try {
            byte[] header = json.writeValueAsBytes(message.headerJson());
            byte[] parent = json.writeValueAsBytes(message.parentHeader());
            byte[] metadata = json.writeValueAsBytes(message.metadata());
            byte[] content = json.writeValueAsBytes(message.content());
            List<byte[]> frames = new ArrayList<>(
                    message.identities().size() + 6 + message.buffers().size());
            frames.addAll(message.identities());
            frames.add(DELIMITER);
            frames.add(signer.sign(header, parent, metadata, content));
            frames.add(header);
            frames.add(parent);
            frames.add(metadata);
            frames.add(content);
            frames.addAll(message.buffers());
            return frames;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a " + message.type() + " message", e);
        }
    }

    private ObjectNode object(byte[] bytes, String what) throws MalformedMessageException {
        JsonNode node;
        try {
            node = json.readTree(bytes);
        } catch (IOException e) {
            throw new MalformedMessageException(what + " is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedMessageException(what + " is not a JSON object");
        }
        return (ObjectNode) node;
    }

    private static int indexOfDelimiter(List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                return i;
            }
        }
        return -1;
    }
}
