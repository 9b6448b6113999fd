package nepi.kernel.nepi.display;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import nepi.core.ExperimentController;
import nepi.kernel.display.Table;
import nepi.kernel.display.UpdateThrottle;

/**
 * A table of RMs shown in the cell's output and replaced in place ({@code update_display_data}) as their states
 * change. Driven by the EC's listener API: a state change of one of its RMs asks for an update, and an
 * {@link UpdateThrottle} sends at most {@link #MAX_UPDATES_PER_SECOND} updates a second however many RMs change.
 * {@link #close()} shows the final states.
 * <pre>{@code
 * try (LiveTable table = LiveTable.show(ec, guids, ResourceTable.Layout.PROGRESS, "deploying")) {
 *     ec.waitDeployed(guids);
 * }
 * }</pre>
 */
public final class LiveTable implements AutoCloseable {

    /** The most updates a live table sends in one second. */
    public static final int MAX_UPDATES_PER_SECOND = LiveDisplay.MAX_UPDATES_PER_SECOND;

    private final ExperimentController ec;
    private final List<Integer> guids;
    private final ResourceTable.Layout layout;
    private final LiveDisplay display;
    private volatile String title;

    private LiveTable(ExperimentController ec, List<Integer> guids, ResourceTable.Layout layout, String title) {
        this.ec = ec;
        this.guids = List.copyOf(guids);
        this.layout = layout;
        this.title = title;
        Set<Integer> watched = Set.copyOf(guids);
        this.display = new LiveDisplay(ec, () -> table().bundle(), watched::contains, false, false);
    }

    /** Shows the table of RMs {@code guids} of {@code ec} and keeps it up to date until closed. */
    public static LiveTable show(
            ExperimentController ec, List<Integer> guids, ResourceTable.Layout layout, String title) {
        return new LiveTable(ec, guids, layout, title);
    }

    /** The display id the table is shown under. */
    public String displayId() {
        return display.displayId();
    }

    /** Changes the line above the table (e.g. from "waiting" to "done"); shown with the next update. */
    public void retitle(String newTitle) {
        this.title = newTitle;
    }

    /** Stops following the experiment and shows the final states. */
    @Override
    public void close() {
        display.close();
    }

    private Table table() {
        return ResourceTable.of(ec, guids, layout, title, Instant.now());
    }
}
