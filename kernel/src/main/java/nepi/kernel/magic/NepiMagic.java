package nepi.kernel.magic;

/** A NEPI line magic: a {@link LineMagic} that describes what it accepts (for parsing, usage and completion). */
public interface NepiMagic extends LineMagic {

    /** Its name, usage, options and fixed words. */
    MagicSyntax syntax();
}
