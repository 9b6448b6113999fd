package nepi.kernel.magic;

import java.io.PrintStream;
import java.util.Optional;
import nepi.kernel.jshell.CellResult;

/** What a magic can use of the session it runs in. */
public interface MagicContext {

    /** Shows a value in the cell's output with its richest representation. */
    void display(Object value);

    /** The cell's standard output. */
    PrintStream out();

    /** The cell's standard error (shown apart from its output by front ends). */
    default PrintStream err() {
        return System.err;
    }

    /** The value of a Java expression in the session (e.g. a variable named in the magic's arguments). */
    Optional<Object> valueOf(String expression);

    /** The registry, for magics that list or explain magics. */
    MagicRegistry magics();

    /**
     * Where the magic's own text is: for a line magic, the cell and the magic's line; for a cell magic, the cell and
     * the first line of its body. Pass it to {@link #run} so that errors point at the cell's lines.
     */
    default CodeOrigin origin() {
        throw new UnsupportedOperationException("this context is not a session's");
    }

    /**
     * Runs {@code code} in the session as a cell runs it: Java snippets (declarations stay visible to later cells),
     * line magics, and a cell magic on its first line; it stops at the first error. Interrupting the cell stops it.
     * A magic that returns the result ends the cell as the code ended.
     *
     * @param origin where the code comes from, for its errors (e.g. {@link #origin()}, or a file)
     * @return the value of the code's trailing expression (if any), or its error
     */
    default CellResult run(String code, CodeOrigin origin) {
        throw new UnsupportedOperationException("this context runs no code");
    }
}
