package nepi.kernel.protocol;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The contents of the requests of the shell and control channels. A field the client leaves out (or sends as
 * {@code null}) takes the default the protocol gives it; fields this kernel does not use are ignored.
 */
sealed interface RequestContent extends MessageContent {

    /** {@code kernel_info_request}: no fields. */
    record KernelInfo() implements RequestContent {}

    /**
     * {@code execute_request}. A silent cell is never stored in the history, whatever {@code store_history} says.
     *
     * @param storeHistory defaults to {@code !silent}
     * @param allowStdin   defaults to true
     * @param stopOnError  defaults to true
     */
    record Execute(String code, Boolean silent, Boolean storeHistory, Boolean allowStdin, Boolean stopOnError)
            implements RequestContent {
        public Execute {
            code = code == null ? "" : code;
            silent = silent != null && silent;
            storeHistory = (storeHistory == null ? !silent : storeHistory) && !silent;
            allowStdin = allowStdin == null || allowStdin;
            stopOnError = stopOnError == null || stopOnError;
        }
    }

    /** {@code complete_request}; the cursor defaults to the end of the code and is kept inside it. */
    record Complete(String code, Integer cursorPos) implements RequestContent {
        public Complete {
            code = code == null ? "" : code;
            cursorPos = clampCursor(code, cursorPos);
        }
    }

    /** {@code inspect_request}; the cursor defaults to the end of the code and is kept inside it. */
    record Inspect(String code, Integer cursorPos, Integer detailLevel) implements RequestContent {
        public Inspect {
            code = code == null ? "" : code;
            cursorPos = clampCursor(code, cursorPos);
            detailLevel = detailLevel == null ? 0 : detailLevel;
        }
    }

    /** {@code is_complete_request}. */
    record IsComplete(String code) implements RequestContent {
        public IsComplete {
            code = code == null ? "" : code;
        }
    }

    /** How a {@code history_request} selects entries; an unknown value reads as {@link #TAIL}. */
    enum HistAccessType {
        @JsonProperty("range")
        RANGE,
        @JsonProperty("tail")
        @JsonEnumDefaultValue
        TAIL,
        @JsonProperty("search")
        SEARCH
    }

    /**
     * {@code history_request}.
     *
     * @param output whether entries carry their output too
     * @param start  first line of a range (default 0)
     * @param stop   end of a range, exclusive; 0 (the default) means up to the last line
     * @param n      how many entries: default 10 for {@code tail}, 0 (all) for {@code search}
     * @param pattern glob of a search, default {@code *}
     * @param unique whether a search lists each input once
     */
    record History(
            Boolean output,
            HistAccessType histAccessType,
            Integer start,
            Integer stop,
            Integer n,
            String pattern,
            Boolean unique)
            implements RequestContent {
        public History {
            output = output != null && output;
            histAccessType = histAccessType == null ? HistAccessType.TAIL : histAccessType;
            start = start == null ? 0 : start;
            stop = stop == null ? 0 : stop;
            n = n != null ? n : histAccessType == HistAccessType.SEARCH ? 0 : 10;
            pattern = pattern == null ? "*" : pattern;
            unique = unique != null && unique;
        }
    }

    /** {@code comm_info_request}; this kernel has no comms, whatever the target. */
    record CommInfo(String targetName) implements RequestContent {}

    /** {@code interrupt_request}: no fields. */
    record Interrupt() implements RequestContent {}

    /** {@code shutdown_request}; {@code restart} defaults to false. */
    record Shutdown(Boolean restart) implements RequestContent {
        public Shutdown {
            restart = restart != null && restart;
        }
    }

    private static int clampCursor(String code, Integer cursor) {
        return Math.max(0, Math.min(code.length(), cursor == null ? code.length() : cursor));
    }
}
