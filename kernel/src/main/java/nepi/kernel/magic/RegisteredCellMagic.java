package nepi.kernel.magic;

/**
 * A cell magic in the registry.
 *
 * @param spec  what it accepts and does
 * @param magic runs the first line's arguments and the body
 */
public record RegisteredCellMagic(MagicSpec spec, CellMagic magic) {

    /** Without the {@code %%}. */
    public String name() {
        return spec.name();
    }

    /** One line, e.g. {@code %%exec NODE}. */
    public String usage() {
        return spec.usage();
    }

    /** What it does, one sentence. */
    public String help() {
        return spec.help();
    }

    /** Usage, what it does, its arguments, options and body: for {@code %help %%NAME} and inspection. */
    public String description() {
        return spec.description();
    }

    /**
     * Parses the first line's arguments against the spec, then runs the magic.
     *
     * @param args the rest of the first line after {@code %%name}, trimmed
     * @param body the rest of the cell
     */
    public Object run(String args, String body, MagicContext context) throws Exception {
        return magic.run(spec.parse(args), body, context);
    }
}
