package nepi.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import nepi.kernel.display.Table;

/**
 * {@code %lsmagic}: two tables, the line magics ({@code %name}) then the cell magics ({@code %%name}), with their
 * usage and what they do.
 */
public final class LsmagicMagic implements Magic {

    private static final MagicSpec SPEC =
            MagicSpec.named("lsmagic").help("list the available magics").build();
    private static final List<String> HEADER = List.of("magic", "usage", "what it does");

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    /** Shows the table of line magics and returns the table of cell magics (shown after it). */
    @Override
    public Object run(MagicArguments arguments, MagicContext context) {
        context.display(lineMagics(context.magics()));
        return cellMagics(context.magics());
    }

    /** The line magics, sorted by name. */
    public static Table lineMagics(MagicRegistry registry) {
        List<List<String>> rows = new ArrayList<>();
        for (RegisteredMagic magic : registry.all()) {
            rows.add(List.of(magic.spec().call(), magic.usage(), magic.help()));
        }
        return new Table("Line magics: %NAME on any line of a cell (%help %NAME for one)", HEADER, rows, "");
    }

    /** The cell magics, sorted by name. */
    public static Table cellMagics(MagicRegistry registry) {
        List<List<String>> rows = new ArrayList<>();
        for (RegisteredCellMagic magic : registry.allCell()) {
            rows.add(List.of(magic.spec().call(), magic.usage(), magic.help()));
        }
        return new Table(
                "Cell magics: %%NAME on the first line of a cell, which gets the rest of the cell (%help %%NAME for one)",
                HEADER, rows, "");
    }
}
