package nepi.kernel.magic;

import nepi.kernel.jshell.CellResult;

/**
 * {@code %%time}: runs the rest of the cell as any cell (declarations stay visible to later cells, errors point at
 * the cell's lines, line magics work) and prints its wall time and CPU time ({@link CellTimes}). The cell's result is
 * its trailing expression's; its error ends the cell, after the times.
 */
public final class TimeCellMagic implements CellMagic {

    static final MagicSpec SPEC = MagicSpec.cell("time")
            .help("runs the cell and prints its CPU time (user, sys) and wall time")
            .body("Java code and line magics, run as any cell")
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, String body, MagicContext context) {
        CellTimes.Stopwatch stopwatch = CellTimes.start();
        CellResult result = context.run(body, context.origin());
        context.out().print(stopwatch.stop().text());
        return result;
    }
}
