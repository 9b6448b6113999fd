package nepi.kernel.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Maps {@link MessageContent} records to the JSON of a message's content and back. Component names become
 * snake_case ({@code executionCount} is {@code execution_count}), {@code null} components are left out (the
 * protocol's optional fields), and fields a record does not declare are ignored when reading.
 */
final class MessageJson {

    private static final ObjectMapper CONTENT = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // Absent, not null, for optional fields; values inside maps and lists are written as they are.
            .defaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .build();

    /** For user data (MIME bundles): Jackson's defaults, so that a user's own objects keep their field names. */
    private static final ObjectMapper USER_DATA = new ObjectMapper();

    private MessageJson() {}

    /** The wire JSON of a content record. */
    static ObjectNode toContent(MessageContent content) {
        return CONTENT.valueToTree(content);
    }

    /**
     * Reads a received content as {@code type}.
     *
     * @throws MalformedMessageException naming the field that does not fit and what it should be
     */
    static <C extends MessageContent> C read(JsonNode content, Class<C> type) throws MalformedMessageException {
        try {
            return CONTENT.treeToValue(content, type);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException(describe(e));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("content cannot be read: " + e.getMessage());
        }
    }

    /** A MIME bundle's {@code data} or {@code metadata} map as a JSON tree. */
    static JsonNode bundleTree(Map<String, Object> map) {
        return USER_DATA.valueToTree(map);
    }

    private static String describe(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping ? fieldPath(mapping) : "";
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null && !field.isEmpty()) {
            return "field '" + field + "' should be " + jsonKind(mismatch.getTargetType());
        }
        String what = field.isEmpty() ? "content" : "field '" + field + "'";
        return what + " cannot be read: " + e.getOriginalMessage();
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String jsonKind(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (Map.class.isAssignableFrom(type) || MessageContent.class.isAssignableFrom(type)) {
            return "an object";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            return "a string";
        }
        return "a " + type.getSimpleName();
    }
}
