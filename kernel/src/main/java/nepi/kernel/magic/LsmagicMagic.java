package nepi.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import nepi.kernel.display.Table;

/** {@code %lsmagic}: the table of the line magics with their usage and what they do. */
public final class LsmagicMagic implements Magic {

    private static final MagicSpec SPEC =
            MagicSpec.named("lsmagic").help("list the available magics").build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) {
        List<List<String>> rows = new ArrayList<>();
        for (RegisteredMagic magic : context.magics().all()) {
            rows.add(List.of("%" + magic.name(), magic.usage(), magic.help()));
        }
        return new Table("Line magics (%help %NAME for one)", List.of("magic", "usage", "what it does"), rows, "");
    }
}
