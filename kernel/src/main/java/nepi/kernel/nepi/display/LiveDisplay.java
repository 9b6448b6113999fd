package nepi.kernel.nepi.display;

import java.time.Duration;
import java.util.UUID;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import nepi.core.EcState;
import nepi.core.ExperimentController;
import nepi.core.ExperimentListener;
import nepi.core.resource.StateChange;
import nepi.kernel.display.Display;
import nepi.kernel.display.DisplayHandle;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.display.UpdateThrottle;

/**
 * An output that follows an experiment: shown once under a display id of its own, then replaced in place
 * ({@code update_display_data}) when an RM it watches changes state, through an {@link UpdateThrottle} that sends at
 * most {@link #MAX_UPDATES_PER_SECOND} updates a second however many RMs change. What live tables and the live graph
 * share; {@link #close()} shows the final picture and stops following.
 */
final class LiveDisplay implements AutoCloseable {

    /** The most updates a live output sends in one second. */
    static final int MAX_UPDATES_PER_SECOND = 10;

    private final ExperimentController ec;
    private final Supplier<MimeBundle> picture;
    private final DisplayHandle handle;
    private final UpdateThrottle throttle;
    private final ExperimentListener listener;

    /**
     * Shows {@code picture} now (on the calling thread, so in its cell's output) and follows {@code ec}.
     *
     * @param watched         the guids whose state changes matter
     * @param followMembers   whether RMs registered or removed later matter too (the graph shows them)
     * @param closeOnShutdown whether to stop following, after a last update, once {@code ec} is shut down (an output
     *                        that outlives its cell; one bound to a cell is closed by it)
     */
    LiveDisplay(
            ExperimentController ec,
            Supplier<MimeBundle> picture,
            IntPredicate watched,
            boolean followMembers,
            boolean closeOnShutdown) {
        this.ec = ec;
        this.picture = picture;
        this.handle = Display.display(picture.get(), "nepi-live-" + UUID.randomUUID());
        this.throttle = new UpdateThrottle(Duration.ofMillis(1000 / MAX_UPDATES_PER_SECOND), this::publish);
        this.listener = new ExperimentListener() {
            @Override
            public void stateChanged(StateChange change) {
                if (watched.test(change.guid())) {
                    throttle.changed();
                }
            }

            @Override
            public void resourceRegistered(int guid, String type) {
                if (followMembers) {
                    throttle.changed();
                }
            }

            @Override
            public void resourceRemoved(int guid) {
                if (followMembers) {
                    throttle.changed();
                }
            }

            @Override
            public void ecStateChanged(EcState state) {
                if (closeOnShutdown && state == EcState.TERMINATED) {
                    // On the thread that shut the experiment down, after every RM was released: the last update
                    // shows the final states and is sent before that thread goes on (e.g. before %new's cell ends).
                    close();
                }
            }
        };
        ec.addListener(listener);
    }

    /** The display id the output is shown under. */
    String displayId() {
        return handle.id();
    }

    /** Asks for an update (e.g. after a change of title). */
    void changed() {
        throttle.changed();
    }

    /** Stops following the experiment and shows the final picture. Closing again does nothing. */
    @Override
    public void close() {
        ec.removeListener(listener);
        throttle.finish();
    }

    private void publish() {
        handle.update(picture.get());
    }
}
