package nepi.kernel.magic;

/**
 * Where a piece of code comes from, so that its errors point at the right place: a compile error or a stack frame
 * says {@code <label>, line <firstLine + n>}.
 *
 * @param label     how errors name the source, e.g. {@code Cell In[3]} or a file's path
 * @param firstLine the 0-based line of the source on which the code's first line is
 */
public record CodeOrigin(String label, int firstLine) {

    /** Checks the values. */
    public CodeOrigin {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("a code origin needs a label");
        }
        if (firstLine < 0) {
            throw new IllegalArgumentException("a first line is 0 or more, not " + firstLine);
        }
    }
}
