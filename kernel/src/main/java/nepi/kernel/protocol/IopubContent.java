package nepi.kernel.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import nepi.kernel.jshell.ErrorReport;

/**
 * The contents of the messages broadcast on iopub. MIME bundles ({@code data}, {@code metadata}) are user data:
 * they are held as JSON trees written with Jackson's defaults (see {@link MessageJson#bundleTree}), never renamed.
 */
sealed interface IopubContent extends MessageContent {

    /** The kernel's state, as {@code status} messages announce it. */
    enum ExecutionState {
        STARTING,
        BUSY,
        IDLE;

        @JsonValue
        String wireName() {
            return name().toLowerCase();
        }
    }

    /** {@code status}. */
    record Status(ExecutionState executionState) implements IopubContent {}

    /** {@code stream}: text printed on {@code stdout} or {@code stderr}. */
    record Stream(String name, String text) implements IopubContent {}

    /**
     * {@code display_data} and {@code update_display_data}.
     *
     * @param transientPart {@code transient} on the wire (a Java keyword); always present, empty without a display id
     */
    record DisplayData(JsonNode data, JsonNode metadata, @JsonProperty("transient") Transient transientPart)
            implements IopubContent {}

    /** What a front end must not store with an output: the id that later updates replace it by. */
    record Transient(String displayId) {}

    /** {@code execute_input}: the code of the cell being run. */
    record ExecuteInput(String code, int executionCount) implements IopubContent {}

    /** {@code execute_result}: the value of the cell's trailing expression. */
    record ExecuteResult(JsonNode data, JsonNode metadata, int executionCount) implements IopubContent {}

    /** {@code error}: a failed cell or refused request. */
    record Error(String ename, String evalue, List<String> traceback) implements IopubContent {
        static Error of(ErrorReport report) {
            return new Error(report.name(), report.value(), report.traceback());
        }
    }

    /**
     * {@code clear_output}.
     *
     * @param waitForNext {@code wait} on the wire (a name records may not use): clear when the next output arrives
     */
    record ClearOutput(@JsonProperty("wait") boolean waitForNext) implements IopubContent {}
}
