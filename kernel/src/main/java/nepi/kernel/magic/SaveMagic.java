package nepi.kernel.magic;

import java.nio.file.Path;
import nepi.core.ExperimentController;

/** {@code %save PATH}: writes the experiment description of {@code ec} to PATH as JSON. */
public final class SaveMagic implements NepiMagic {

    private static final MagicSyntax SYNTAX = MagicSyntax.of("save", "%save PATH",
            "save the experiment description of ec as JSON (%load reads it back)");

    private final ExperimentSlot slot;

    /** @param slot where the session's {@code ec} is */
    public SaveMagic(ExperimentSlot slot) {
        this.slot = slot;
    }

    @Override
    public MagicSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public Object run(String args, MagicContext context) throws Exception {
        Path file = PathArgument.single(MagicArguments.parse(args, SYNTAX), SYNTAX);
        ExperimentController ec = slot.current();
        ec.save(file);
        return "saved experiment " + ec.getExpId() + " (" + ec.getResources().size() + " RMs) to "
                + file.toAbsolutePath();
    }
}
