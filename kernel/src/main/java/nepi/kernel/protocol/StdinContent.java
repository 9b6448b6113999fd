package nepi.kernel.protocol;

/** The contents of the stdin channel's messages. */
sealed interface StdinContent extends MessageContent {

    /** {@code input_request}: the kernel asks the user for a line. */
    record InputRequest(String prompt, boolean password) implements StdinContent {}

    /** {@code input_reply}: the user's line, empty when the client leaves it out. */
    record InputReply(String value) implements StdinContent {
        public InputReply {
            value = value == null ? "" : value;
        }
    }
}
