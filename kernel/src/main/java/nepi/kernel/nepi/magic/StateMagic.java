package nepi.kernel.nepi.magic;

import java.time.Instant;
import java.util.List;
import nepi.core.ExperimentController;
import nepi.kernel.magic.DescribedMagic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSyntax;
import nepi.kernel.nepi.EcVariable;
import nepi.kernel.nepi.display.ResourceTable;

/** {@code %state [guids]}: the table of the RMs (all when none is given): type, state, times, attributes, failures. */
public final class StateMagic implements DescribedMagic {

    private static final MagicSyntax SYNTAX = MagicSyntax.of("state", "%state [guids]",
            "table of the RMs (all when none is given): guid, type, state, since, attributes set, failure");

    private final EcVariable ecVariable;

    /** @param ecVariable the session's {@code ec} variable */
    public StateMagic(EcVariable ecVariable) {
        this.ecVariable = ecVariable;
    }

    @Override
    public MagicSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public Object run(String args, MagicContext context) throws Exception {
        MagicArguments arguments = MagicArguments.parse(args, SYNTAX);
        ExperimentController ec = ecVariable.current();
        List<Integer> guids = arguments.positional().isEmpty() ? ec.getResources()
                : GuidArguments.resolve(arguments.positional(), context, ec, SYNTAX);
        return ResourceTable.of(ec, guids, ResourceTable.Layout.STATE, "experiment " + ec.getExpId() + " ("
                + ec.getEcState() + ", " + ec.getFailureLevel() + ")", Instant.now());
    }
}
