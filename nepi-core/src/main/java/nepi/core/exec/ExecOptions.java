package nepi.core.exec;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to run a command on a node: a time-out, what to do with each line of output as it comes, and whether to keep
 * the output for the {@link ExecResult}. Start from {@link #defaults()}:
 * <pre>{@code
 * ExecOptions.defaults()
 *         .withTimeout(Duration.ofSeconds(30))
 *         .onStdout(line -> System.out.println(line))
 *         .onStderr(line -> System.err.println(line))
 *         .withoutCapture();   // a long run: do not keep its output in memory
 * }</pre>
 *
 * @param timeout how long the command may take before it is killed (null: no limit)
 * @param stdout  called with each line of standard output, without its line end, on a thread of the node's (must
 *                return quickly); a last line without a line end comes at the command's end
 * @param stderr  the same for standard error
 * @param capture whether the output is kept for {@link ExecResult#stdout()} and {@link ExecResult#stderr()}
 */
public record ExecOptions(Duration timeout, Consumer<String> stdout, Consumer<String> stderr, boolean capture) {

    private static final Consumer<String> NOTHING = line -> {};

    /** Checks the time-out. */
    public ExecOptions {
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new IllegalArgumentException("a time-out must be more than 0, not " + timeout);
        }
        stdout = stdout == null ? NOTHING : stdout;
        stderr = stderr == null ? NOTHING : stderr;
    }

    /** No time-out, output captured, no line callbacks. */
    public static ExecOptions defaults() {
        return new ExecOptions(null, NOTHING, NOTHING, true);
    }

    /** These options with a time-out (null: none). */
    public ExecOptions withTimeout(Duration limit) {
        return new ExecOptions(limit, stdout, stderr, capture);
    }

    /** These options, calling {@code lines} with each line of standard output as it comes. */
    public ExecOptions onStdout(Consumer<String> lines) {
        return new ExecOptions(timeout, Objects.requireNonNull(lines, "lines"), stderr, capture);
    }

    /** These options, calling {@code lines} with each line of standard error as it comes. */
    public ExecOptions onStderr(Consumer<String> lines) {
        return new ExecOptions(timeout, stdout, Objects.requireNonNull(lines, "lines"), capture);
    }

    /** These options, not keeping the output (the callbacks still see it): for long or verbose commands. */
    public ExecOptions withoutCapture() {
        return new ExecOptions(timeout, stdout, stderr, false);
    }
}
