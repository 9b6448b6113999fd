package nepi.kernel.magic;

/** A line magic that describes what it accepts (for parsing, usage and completion). */
public interface DescribedMagic extends LineMagic {

    /** Its name, usage, options and fixed words. */
    MagicSyntax syntax();
}
