package nepi.kernel.magic;

/**
 * {@code %time STATEMENT}: runs the rest of the line (Java, or a line magic) in the session and prints its wall time
 * and CPU time ({@link CellTimes}). The line's value is shown; its error ends the cell, after the times. It takes
 * the line as it is (no argument parsing: quotes stay Java's).
 */
public final class TimeMagic implements LineMagic {

    static final Positional<String> STATEMENT = Positional.required(
            "STATEMENT", ValueKind.TEXT, "Java code (statements or an expression) or a line magic, on the same line");
    static final MagicSpec SPEC = MagicSpec.named("time")
            .help("runs the rest of the line and prints its CPU time (user, sys) and wall time")
            .argument(STATEMENT)
            .build();

    @Override
    public Object run(String args, MagicContext context) throws MagicUsageException {
        if (args.isBlank()) {
            throw SPEC.usageError("missing STATEMENT (" + STATEMENT.help() + "); %%time times a whole cell");
        }
        CellTimes.Stopwatch stopwatch = CellTimes.start();
        var result = context.run(args, context.origin());
        context.out().print(stopwatch.stop().text());
        return result;
    }
}
