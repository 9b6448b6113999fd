package nepi.kernel;

/** The answer to {@code is_complete_request}. */
public enum CodeCompleteness { COMPLETE, INCOMPLETE, INVALID }
