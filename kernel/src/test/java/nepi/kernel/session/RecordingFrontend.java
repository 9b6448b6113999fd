package nepi.kernel.session;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import nepi.kernel.display.MimeBundle;

/** A front end that records what a session sends (a test double: no user sees it). */
public final class RecordingFrontend implements Frontend {

    /** One rich output: a display, or with {@code update} the replacement of the outputs under {@code displayId}. */
    public record Shown(MimeBundle bundle, String displayId, boolean update) {}

    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final List<Shown> shown = new ArrayList<>();
    private final Deque<String> answers = new ArrayDeque<>();
    private int clears;

    @Override
    public synchronized void stream(StreamName stream, String text) {
        (stream == StreamName.STDOUT ? stdout : stderr).append(text);
    }

    @Override
    public synchronized void display(MimeBundle bundle, String displayId, boolean update) {
        shown.add(new Shown(bundle, displayId, update));
    }

    @Override
    public synchronized void clearOutput(boolean wait) {
        clears++;
    }

    /** The next queued answer; without one the front end refuses input, as one that does not allow stdin. */
    @Override
    public synchronized String readLine(String prompt, boolean password) throws IOException {
        stdout.append(prompt);
        if (answers.isEmpty()) {
            throw new IOException("the front end does not accept input");
        }
        return answers.removeFirst();
    }

    /** Queues the answer to the next {@code readLine}. */
    public synchronized void answer(String line) {
        answers.addLast(line);
    }

    public synchronized String stdout() {
        return stdout.toString();
    }

    public synchronized String stderr() {
        return stderr.toString();
    }

    public synchronized List<Shown> shown() {
        return List.copyOf(shown);
    }

    public synchronized int clears() {
        return clears;
    }

    /** Forgets what was recorded (between cells). */
    public synchronized void reset() {
        stdout.setLength(0);
        stderr.setLength(0);
        shown.clear();
        clears = 0;
    }
}
