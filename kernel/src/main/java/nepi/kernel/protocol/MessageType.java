package nepi.kernel.protocol;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The message types of the Jupyter messaging protocol (5.3) this kernel reads or writes, by their wire names
 * ({@code msg_type}). A request knows the type of its reply.
 */
enum MessageType {
    // Replies come first: a request constant names its reply, which must already be declared.
    KERNEL_INFO_REPLY("kernel_info_reply"),
    EXECUTE_REPLY("execute_reply"),
    COMPLETE_REPLY("complete_reply"),
    INSPECT_REPLY("inspect_reply"),
    IS_COMPLETE_REPLY("is_complete_reply"),
    HISTORY_REPLY("history_reply"),
    COMM_INFO_REPLY("comm_info_reply"),
    INTERRUPT_REPLY("interrupt_reply"),
    SHUTDOWN_REPLY("shutdown_reply"),

    KERNEL_INFO_REQUEST("kernel_info_request", KERNEL_INFO_REPLY),
    EXECUTE_REQUEST("execute_request", EXECUTE_REPLY),
    COMPLETE_REQUEST("complete_request", COMPLETE_REPLY),
    INSPECT_REQUEST("inspect_request", INSPECT_REPLY),
    IS_COMPLETE_REQUEST("is_complete_request", IS_COMPLETE_REPLY),
    HISTORY_REQUEST("history_request", HISTORY_REPLY),
    COMM_INFO_REQUEST("comm_info_request", COMM_INFO_REPLY),
    INTERRUPT_REQUEST("interrupt_request", INTERRUPT_REPLY),
    SHUTDOWN_REQUEST("shutdown_request", SHUTDOWN_REPLY),

    // iopub
    STATUS("status"),
    STREAM("stream"),
    DISPLAY_DATA("display_data"),
    UPDATE_DISPLAY_DATA("update_display_data"),
    EXECUTE_INPUT("execute_input"),
    EXECUTE_RESULT("execute_result"),
    ERROR("error"),
    CLEAR_OUTPUT("clear_output"),

    // stdin: the kernel asks, the client answers
    INPUT_REPLY("input_reply"),
    INPUT_REQUEST("input_request", INPUT_REPLY),

    // Comms: this kernel has no comm targets, so it ignores them.
    COMM_OPEN("comm_open"),
    COMM_MSG("comm_msg"),
    COMM_CLOSE("comm_close");

    private static final String REQUEST_SUFFIX = "_request";
    private static final Map<String, MessageType> BY_WIRE_NAME = new HashMap<>();

    static {
        for (MessageType type : values()) {
            BY_WIRE_NAME.put(type.wireName, type);
        }
    }

    private final String wireName;
    private final MessageType reply;

    MessageType(String wireName) {
        this(wireName, null);
    }

    MessageType(String wireName, MessageType reply) {
        this.wireName = wireName;
        this.reply = reply;
    }

    /** The {@code msg_type} on the wire. */
    String wireName() {
        return wireName;
    }

    /** The type of the answer to this request; empty when this type is not a request. */
    Optional<MessageType> reply() {
        return Optional.ofNullable(reply);
    }

    /** The known type called {@code wireName}; empty for types this kernel does not know. */
    static Optional<MessageType> fromWireName(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    /** Whether a wire name follows the protocol's request naming (a client expects an answer to it). */
    static boolean isRequestName(String wireName) {
        return wireName.endsWith(REQUEST_SUFFIX);
    }

    /**
     * The wire name of the reply to a request, known or not ({@code foo_request} is answered by {@code foo_reply}).
     *
     * @throws IllegalArgumentException when {@code requestName} is not a request name
     */
    static String replyName(String requestName) {
        if (!isRequestName(requestName)) {
            throw new IllegalArgumentException(
                    requestName + " is not a request type (no '" + REQUEST_SUFFIX + "' suffix)");
        }
        return requestName.substring(0, requestName.length() - REQUEST_SUFFIX.length()) + "_reply";
    }
}
