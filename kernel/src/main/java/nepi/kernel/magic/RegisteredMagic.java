package nepi.kernel.magic;

/**
 * A magic in the registry: its spec and how to run a line of it.
 *
 * @param spec  what it accepts and does
 * @param magic runs the text after the name
 */
public record RegisteredMagic(MagicSpec spec, LineMagic magic) {

    /** Without the {@code %}. */
    public String name() {
        return spec.name();
    }

    /** One line, e.g. {@code %wait [deployed|started|finished|released] [guids] [--timeout T]}. */
    public String usage() {
        return spec.usage();
    }

    /** What it does, one sentence. */
    public String help() {
        return spec.help();
    }

    /** Usage, what it does, and its arguments and options: for {@code %help %NAME} and inspection. */
    public String description() {
        return spec.description();
    }
}
