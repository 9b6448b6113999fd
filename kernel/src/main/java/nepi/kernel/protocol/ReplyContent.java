package nepi.kernel.protocol;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import nepi.kernel.jshell.ErrorReport;

/** The contents of the replies on the shell and control channels. */
sealed interface ReplyContent extends MessageContent {

    /** The {@code status} of every reply. */
    enum Status {
        OK,
        ERROR,
        ABORTED;

        @JsonValue
        String wireName() {
            return name().toLowerCase();
        }
    }

    /** The answer to any request that failed or was refused: {@code status: error} and the error. */
    record Error(Status status, String ename, String evalue, List<String> traceback) implements ReplyContent {
        static Error of(ErrorReport report) {
            return new Error(Status.ERROR, report.name(), report.value(), report.traceback());
        }
    }

    /**
     * {@code kernel_info_reply}.
     *
     * @param debugger whether the kernel implements the debug messages (it does not)
     */
    record KernelInfo(
            Status status,
            String protocolVersion,
            String implementation,
            String implementationVersion,
            String banner,
            boolean debugger,
            LanguageInfo languageInfo,
            List<HelpLink> helpLinks)
            implements ReplyContent {}

    /** The language part of {@code kernel_info_reply}. */
    record LanguageInfo(
            String name,
            String version,
            String mimetype,
            String fileExtension,
            String pygmentsLexer,
            String codemirrorMode) {}

    /** A link the front end lists in its help menu. */
    record HelpLink(String text, String url) {}

    /**
     * {@code execute_reply}: {@code payload} and {@code user_expressions} come with {@code ok}, the error fields
     * with {@code error}, and only the execution count with {@code aborted}.
     */
    record Execute(
            Status status,
            int executionCount,
            List<Object> payload,
            Map<String, Object> userExpressions,
            String ename,
            String evalue,
            List<String> traceback)
            implements ReplyContent {

        static Execute ok(int executionCount) {
            return new Execute(Status.OK, executionCount, List.of(), Map.of(), null, null, null);
        }

        static Execute failed(int executionCount, ErrorReport error) {
            return new Execute(
                    Status.ERROR, executionCount, null, null, error.name(), error.value(), error.traceback());
        }

        /** A cell not run because an earlier one failed. */
        static Execute aborted(int executionCount) {
            return new Execute(Status.ABORTED, executionCount, null, null, null, null, null);
        }
    }

    /** {@code complete_reply}: the matches replace the code between the two cursor positions. */
    record Complete(Status status, List<String> matches, int cursorStart, int cursorEnd, Map<String, Object> metadata)
            implements ReplyContent {}

    /**
     * {@code inspect_reply}; {@code data} and {@code metadata} are a MIME bundle (empty objects when nothing was
     * found), written as they are.
     */
    record Inspect(Status status, boolean found, JsonNode data, JsonNode metadata) implements ReplyContent {}

    /** {@code is_complete_reply}; {@code indent} only comes with {@code incomplete}. */
    record IsComplete(String status, String indent) implements ReplyContent {}

    /** {@code history_reply}. */
    record History(Status status, List<HistoryEntry> history) implements ReplyContent {}

    /**
     * One entry of {@code history_reply}, written as the array {@code [session, line, input]}, or
     * {@code [session, line, [input, output]]} when the output was asked for.
     *
     * @param input the input, or the list {@code [input, output]} (output may be null)
     */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    record HistoryEntry(int session, int line, Object input) {
        static HistoryEntry of(int session, int line, String input, String output, boolean withOutput) {
            // Arrays.asList, not List.of: the output of a cell without a result is null.
            return new HistoryEntry(session, line, withOutput ? Arrays.asList(input, output) : input);
        }
    }

    /** {@code comm_info_reply}: the open comms by id (this kernel has none). */
    record CommInfo(Status status, Map<String, Object> comms) implements ReplyContent {}

    /** {@code interrupt_reply}. */
    record Interrupt(Status status) implements ReplyContent {}

    /** {@code shutdown_reply}. */
    record Shutdown(Status status, boolean restart) implements ReplyContent {}
}
