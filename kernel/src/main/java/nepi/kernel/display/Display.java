package nepi.kernel.display;

import java.util.UUID;

/**
 * The display API of the notebook session, imported in every session ({@code display(obj)}).
 * <pre>{@code
 * display(image);                                  // a BufferedImage shows as a PNG
 * var progress = display("starting", "progress");  // with a display id...
 * progress.update("3/10 ready");                   // ...the output can be replaced in place
 * }</pre>
 */
public final class Display {

    private static volatile Renderers renderers = Renderers.withDefaults();
    private static volatile DisplayTarget target;

    private Display() {}

    /** Connects the API to a session. Called by the kernel at start-up. */
    public static void install(Renderers sessionRenderers, DisplayTarget sessionTarget) {
        renderers = sessionRenderers;
        target = sessionTarget;
    }

    /** Shows {@code value} with its richest representation. */
    public static void display(Object value) {
        target().show(render(value), UUID.randomUUID().toString());
    }

    /**
     * Shows {@code value} under a display id of your choice (several outputs may share one id); the handle
     * replaces it in place later.
     */
    public static DisplayHandle display(Object value, String displayId) {
        target().show(render(value), displayId);
        return new DisplayHandle(displayId);
    }

    /** Replaces every output shown under {@code displayId} with {@code value}. */
    public static void updateDisplay(String displayId, Object value) {
        target().update(render(value), displayId);
    }

    /** Clears the current cell's output. */
    public static void clearOutput() {
        target().clear(false);
    }

    /** The bundle {@code value} would be shown with. */
    public static MimeBundle render(Object value) {
        return value instanceof MimeBundle bundle ? bundle : renderers.render(value);
    }

    private static DisplayTarget target() {
        DisplayTarget current = target;
        if (current == null) {
            throw new IllegalStateException("display is only available inside a notebook session");
        }
        return current;
    }
}
