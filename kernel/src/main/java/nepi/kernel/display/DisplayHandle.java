package nepi.kernel.display;

/**
 * A shown output that can be replaced in place, e.g. a progress line or a live table.
 *
 * @param id the display id
 */
public record DisplayHandle(String id) {

    /** Replaces what this handle shows with {@code value}. */
    public void update(Object value) {
        Display.updateDisplay(id, value);
    }
}
