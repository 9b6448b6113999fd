package nepi.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import nepi.kernel.display.Table;

/** {@code %lsmagic}: the table of the line magics with their usage and what they do. */
public final class LsmagicMagic implements DescribedMagic {

    private static final MagicSyntax SYNTAX = MagicSyntax.of("lsmagic", "%lsmagic", "list the available magics");

    @Override
    public MagicSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public Object run(String args, MagicContext context) throws Exception {
        if (!MagicArguments.parse(args, SYNTAX).positional().isEmpty()) {
            throw SYNTAX.usageError("%lsmagic takes no arguments");
        }
        List<List<String>> rows = new ArrayList<>();
        for (RegisteredMagic magic : context.magics().all()) {
            rows.add(List.of("%" + magic.name(), magic.usage(), magic.help()));
        }
        return new Table("Line magics (%help %NAME for one)", List.of("magic", "usage", "what it does"), rows, "");
    }
}
