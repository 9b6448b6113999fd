package nepi.kernel.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One Jupyter message.
 *
 * @param identities   ZeroMQ routing identities (who to answer), or the topic for iopub
 * @param header       the parsed header
 * @param headerJson   the header as received (or as sent), echoed verbatim as the parent of answers
 * @param parentHeader the parent header, verbatim
 */
public record Message(
        List<byte[]> identities,
        Header header,
        ObjectNode headerJson,
        ObjectNode parentHeader,
        ObjectNode metadata,
        ObjectNode content,
        List<byte[]> buffers) {

    public String type() {
        return header.msgType();
    }

    /** A new message sent by this kernel, answering or caused by {@code parent} (may be null). */
    public static Message create(Message parent, String msgType, String session, ObjectNode content) {
        Header header = Header.create(msgType, session);
        return new Message(
                parent == null ? List.of() : parent.identities(),
                header,
                header.toJson(),
                parent == null ? emptyObject() : parent.headerJson(),
                emptyObject(),
                content,
                List.of());
    }

    /** A new message of a known type whose content is a record, mapped by {@link MessageJson}. */
    static Message create(Message parent, MessageType type, String session, MessageContent content) {
        return create(parent, type.wireName(), session, MessageJson.toContent(content));
    }

    public static ObjectNode emptyObject() {
        return JsonNodeFactory.instance.objectNode();
    }
}
