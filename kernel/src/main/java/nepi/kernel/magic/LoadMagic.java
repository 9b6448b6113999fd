package nepi.kernel.magic;

import java.nio.file.Files;
import java.nio.file.Path;
import nepi.core.ExperimentController;

/**
 * {@code %load PATH}: reads an experiment description and puts its experiment in {@code ec}, ready to deploy; the
 * previous experiment is shut down. A file that cannot be loaded leaves {@code ec} as it was.
 */
public final class LoadMagic implements NepiMagic {

    private static final MagicSyntax SYNTAX = MagicSyntax.of("load", "%load PATH",
            "load an experiment description (written by %save) into ec, replacing (and shutting down) the current");

    private final ExperimentSlot slot;

    /** @param slot where the session's {@code ec} is */
    public LoadMagic(ExperimentSlot slot) {
        this.slot = slot;
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
        return ExperimentSwap.swap(slot, next, "experiment " + next.getExpId() + " loaded from "
                + file.toAbsolutePath());
    }
}
