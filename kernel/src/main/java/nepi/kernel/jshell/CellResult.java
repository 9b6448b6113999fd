package nepi.kernel.jshell;

/** What evaluating Java code produced: a value (or none), or an error to show. */
public sealed interface CellResult {

    /** The code ran; {@code value} is the trailing expression's value when {@code hasValue}. */
    record Success(boolean hasValue, Object value) implements CellResult {
        public static final Success NO_VALUE = new Success(false, null);
    }

    /** The code did not compile, threw, or was interrupted. */
    record Failure(ErrorReport error) implements CellResult {}
}
