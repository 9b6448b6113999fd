package nepi.kernel.jshell;

/** The answer to {@code is_complete_request}. */
public enum CodeCompleteness {
    COMPLETE,
    INCOMPLETE,
    INVALID
}
