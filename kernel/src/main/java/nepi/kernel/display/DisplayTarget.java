package nepi.kernel.display;

/** Where {@link Display} sends bundles: the session, which forwards them to the front end in order with output. */
public interface DisplayTarget {

    /** Shows a bundle; with a display id, later {@link #update} calls replace it in place. */
    void show(MimeBundle bundle, String displayId);

    /** Replaces every output shown with {@code displayId}. */
    void update(MimeBundle bundle, String displayId);

    /** Clears the cell's output; with {@code wait}, only when the next output arrives (no flicker). */
    void clear(boolean wait);
}
