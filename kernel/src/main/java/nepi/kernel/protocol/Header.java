package nepi.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** A message header (messaging protocol 5.3). */
public record Header(String msgId, String session, String username, String date, String msgType, String version) {

    public static final String PROTOCOL_VERSION = "5.3";

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** A fresh header for a message this kernel sends. */
    public static Header create(String msgType, String session) {
        return new Header(
                UUID.randomUUID().toString(), session, "kernel", DATE.format(Instant.now()), msgType, PROTOCOL_VERSION);
    }

    /**
     * Reads a received header; msg_id and msg_type are required, the rest is filled in when a client omits it.
     *
     * @throws MalformedMessageException when the JSON is not a usable header
     */
    public static Header fromJson(JsonNode json) throws MalformedMessageException {
        if (json == null || !json.isObject()) {
            throw new MalformedMessageException("header is not a JSON object");
        }
        String msgId = requiredText(json, "msg_id");
        String msgType = requiredText(json, "msg_type");
        return new Header(
                msgId,
                optionalText(json, "session"),
                optionalText(json, "username"),
                optionalText(json, "date"),
                msgType,
                optionalText(json, "version"));
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("msg_id", msgId);
        node.put("session", session);
        node.put("username", username);
        node.put("date", date);
        node.put("msg_type", msgType);
        node.put("version", version);
        return node;
    }

    private static String requiredText(JsonNode json, String field) throws MalformedMessageException {
        JsonNode node = json.get(field);
        if (node == null || !node.isTextual() || node.asText().isEmpty()) {
            throw new MalformedMessageException("header has no '" + field + "' string");
        }
        return node.asText();
    }

    private static String optionalText(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node != null && node.isTextual() ? node.asText() : "";
    }
}
