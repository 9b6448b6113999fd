package nepi.kernel.session;

import java.io.IOException;
import nepi.kernel.display.MimeBundle;

/**
 * What the session needs from the notebook front end, whatever carries it (the wire layer implements it).
 * Calls may come from any session thread; they may block while the front end catches up.
 */
public interface Frontend {

    /** Text printed on a stream. */
    void stream(StreamName stream, String text) throws InterruptedException;

    /** A rich output; with {@code update}, replaces the outputs shown under {@code displayId}. */
    void display(MimeBundle bundle, String displayId, boolean update) throws InterruptedException;

    /** Clears the output of the running cell. */
    void clearOutput(boolean wait) throws InterruptedException;

    /**
     * Asks the user for one line of input.
     *
     * @throws IOException when the front end cannot answer (it does not accept input)
     */
    String readLine(String prompt, boolean password) throws InterruptedException, IOException;
}
