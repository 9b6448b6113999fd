package nepi.kernel.nepi.magic;

import java.time.Duration;
import nepi.kernel.magic.CellMagic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.nepi.EcVariable;

/**
 * {@code %%exec NODE [--timeout T]}: runs the rest of the cell as a shell script ({@code sh}) on a node, as
 * {@code %exec} runs one line: output streamed into the cell, a non-zero exit code fails the cell, an interrupt or the
 * time-out ends the script on the node.
 *
 * @param ecVariable the session's {@code ec} variable
 */
public record ExecCellMagic(EcVariable ecVariable) implements CellMagic {

    static final MagicSpec SPEC = MagicSpec.cell("exec")
            .help("run the cell as a shell script on a node, its output shown as it comes; an interrupt ends it there")
            .argument(ExecMagic.NODE)
            .option(ExecMagic.TIMEOUT)
            .body("a shell script, run by sh on the node")
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, String body, MagicContext context) throws Exception {
        if (body.isBlank()) {
            throw SPEC.usageError("the cell has no script below its first line");
        }
        Duration timeout = arguments.get(ExecMagic.TIMEOUT).orElse(null);
        return ExecMagic.execute(ecVariable, SPEC, arguments.get(ExecMagic.NODE), body, timeout, context);
    }
}
