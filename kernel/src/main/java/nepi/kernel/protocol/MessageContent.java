package nepi.kernel.protocol;

/**
 * The {@code content} of a message, as a record per message type. {@link MessageJson} maps the records to the
 * wire's JSON and back: component names in snake_case, {@code null} components left out.
 */
sealed interface MessageContent permits RequestContent, ReplyContent, IopubContent, StdinContent {}
