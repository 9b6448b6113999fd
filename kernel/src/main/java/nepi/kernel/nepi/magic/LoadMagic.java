package nepi.kernel.nepi.magic;

import java.nio.file.Files;
import java.nio.file.Path;
import nepi.core.ExperimentController;
import nepi.kernel.magic.DescribedMagic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSyntax;
import nepi.kernel.magic.MagicUsageException;
import nepi.kernel.nepi.EcVariable;

/**
 * {@code %load PATH}: reads an experiment description and puts its experiment in {@code ec}, ready to deploy; the
 * previous experiment is shut down. A file that cannot be loaded leaves {@code ec} as it was.
 */
public final class LoadMagic implements DescribedMagic {

    private static final MagicSyntax SYNTAX = MagicSyntax.of("load", "%load PATH",
            "load an experiment description (written by %save) into ec, replacing (and shutting down) the current");

    private final EcVariable ecVariable;

    /** @param ecVariable the session's {@code ec} variable */
    public LoadMagic(EcVariable ecVariable) {
        this.ecVariable = ecVariable;
    }

    @Override
    public MagicSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public Object run(String args, MagicContext context) throws Exception {
        Path file = PathArgument.single(MagicArguments.parse(args, SYNTAX), SYNTAX);
        if (!Files.isRegularFile(file)) {
            throw new MagicUsageException("%load: " + file.toAbsolutePath() + " is not a file");
        }
        ExperimentController next = ExperimentController.load(file);
        return ecVariable.replace(next, "experiment " + next.getExpId() + " loaded from "
                + file.toAbsolutePath());
    }
}
