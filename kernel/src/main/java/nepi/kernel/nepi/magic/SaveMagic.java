package nepi.kernel.nepi.magic;

import java.nio.file.Path;
import nepi.core.ExperimentController;
import nepi.kernel.magic.DescribedMagic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSyntax;
import nepi.kernel.nepi.EcVariable;

/** {@code %save PATH}: writes the experiment description of {@code ec} to PATH as JSON. */
public final class SaveMagic implements DescribedMagic {

    private static final MagicSyntax SYNTAX = MagicSyntax.of("save", "%save PATH",
            "save the experiment description of ec as JSON (%load reads it back)");

    private final EcVariable ecVariable;

    /** @param ecVariable the session's {@code ec} variable */
    public SaveMagic(EcVariable ecVariable) {
        this.ecVariable = ecVariable;
    }

    @Override
    public MagicSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public Object run(String args, MagicContext context) throws Exception {
        Path file = PathArgument.single(MagicArguments.parse(args, SYNTAX), SYNTAX);
        ExperimentController ec = ecVariable.current();
        ec.save(file);
        return "saved experiment " + ec.getExpId() + " (" + ec.getResources().size() + " RMs) to "
                + file.toAbsolutePath();
    }
}
