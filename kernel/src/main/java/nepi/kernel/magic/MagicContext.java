package nepi.kernel.magic;

import java.io.PrintStream;
import java.util.Optional;

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
}
