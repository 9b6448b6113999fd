package nepi.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MessageTypeTest {

    @Test
    void everyRequestIsAnsweredByTheReplyOfTheSameName() {
        Arrays.stream(MessageType.values())
                .filter(type -> MessageType.isRequestName(type.wireName()))
                .forEach(request -> assertThat(request.reply())
                        .as(request.wireName())
                        .hasValueSatisfying(reply ->
                                assertThat(reply.wireName()).isEqualTo(MessageType.replyName(request.wireName()))));
    }

    @Test
    void onlyRequestsHaveAReply() {
        assertThat(MessageType.STREAM.reply()).isEmpty();
        assertThat(MessageType.EXECUTE_REPLY.reply()).isEmpty();
        assertThat(MessageType.INPUT_REQUEST.reply())
                .as("answered by the client")
                .contains(MessageType.INPUT_REPLY);
        assertThat(MessageType.SHUTDOWN_REQUEST.reply()).contains(MessageType.SHUTDOWN_REPLY);
    }

    @Test
    void wireNamesAreTheProtocolsAndLookUpTheirType() {
        assertThat(MessageType.IS_COMPLETE_REQUEST.wireName()).isEqualTo("is_complete_request");
        assertThat(MessageType.UPDATE_DISPLAY_DATA.wireName()).isEqualTo("update_display_data");
        for (MessageType type : MessageType.values()) {
            assertThat(MessageType.fromWireName(type.wireName())).contains(type);
        }
        assertThat(MessageType.fromWireName("debug_request")).isEmpty();
        assertThat(MessageType.fromWireName("EXECUTE_REQUEST"))
                .as("wire names, not constant names")
                .isEmpty();
    }

    @Test
    void unknownRequestsStillHaveAReplyName() {
        assertThat(MessageType.replyName("debug_request")).isEqualTo("debug_reply");
        assertThatThrownBy(() -> MessageType.replyName("status"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("status is not a request type");
    }
}
