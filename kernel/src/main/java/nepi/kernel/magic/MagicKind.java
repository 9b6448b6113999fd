package nepi.kernel.magic;

/** Whether a magic takes one line or a whole cell. */
public enum MagicKind {
    /** {@code %name args} on any line of a cell: the magic gets the rest of its line. */
    LINE("%"),
    /** {@code %%name args} on the first line of a cell: the magic gets its line and the rest of the cell (the body). */
    CELL("%%");

    private final String prefix;

    MagicKind(String prefix) {
        this.prefix = prefix;
    }

    /** What comes before the name in a cell: {@code %} or {@code %%}. */
    public String prefix() {
        return prefix;
    }
}
