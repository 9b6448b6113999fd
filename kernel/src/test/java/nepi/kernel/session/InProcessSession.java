package nepi.kernel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.jshell.ErrorReport;

/** A {@link Session} driven in-process, as the wire layer drives it, with a {@link RecordingFrontend}. */
public final class InProcessSession implements AutoCloseable {

    /** What one cell did: its outcome and what it sent to the front end. */
    public record Cell(
            ExecuteOutcome outcome, String stdout, String stderr, List<RecordingFrontend.Shown> shown, int clears) {

        /** The plain text of the cell's result (its trailing expression). */
        public String result() {
            assertThat(outcome.error()).as("the cell's error").isEmpty();
            assertThat(outcome.result()).as("the cell's result").isPresent();
            return outcome.result().get().plainText();
        }

        /** The bundle the cell displayed last. */
        public MimeBundle lastShown() {
            assertThat(shown).as("the cell's displays").isNotEmpty();
            return shown.get(shown.size() - 1).bundle();
        }

        /** Everything the cell showed as text: displays' plain text, then its stdout. */
        public String text() {
            StringBuilder text = new StringBuilder();
            shown.forEach(output -> text.append(output.bundle().plainText()).append('\n'));
            return text.append(stdout).toString();
        }
    }

    private final RecordingFrontend frontend = new RecordingFrontend();
    private final Session session;

    private InProcessSession(List<SessionExtension> extensions) {
        session = new Session(frontend, new PrintStream(PrintStream.nullOutputStream()), extensions);
        session.start();
    }

    /** A started session with {@code extensions} only. */
    public static InProcessSession with(SessionExtension... extensions) {
        return new InProcessSession(List.of(extensions));
    }

    public Session session() {
        return session;
    }

    public RecordingFrontend frontend() {
        return frontend;
    }

    /** Runs {@code code} as a cell stored in the history. */
    public Cell run(String code) {
        frontend.reset();
        ExecuteOutcome outcome = session.execute(code, session.nextExecutionCount(true), true);
        return new Cell(outcome, frontend.stdout(), frontend.stderr(), frontend.shown(), frontend.clears());
    }

    /** Runs {@code code}, which must succeed. */
    public Cell ok(String code) {
        Cell cell = run(code);
        assertThat(cell.outcome().error())
                .as("error of %s", code)
                .map(ErrorReport::value)
                .isEmpty();
        return cell;
    }

    /** Runs {@code code}, which must fail with the error {@code name}; returns the error. */
    public ErrorReport error(String code, String name) {
        Optional<ErrorReport> error = run(code).outcome().error();
        assertThat(error).as("error of %s", code).isPresent();
        assertThat(error.get().name())
                .as("error name of %s (%s)", code, error.get().value())
                .isEqualTo(name);
        return error.get();
    }

    @Override
    public void close() {
        session.close();
    }
}
