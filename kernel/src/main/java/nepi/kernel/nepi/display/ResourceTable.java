package nepi.kernel.nepi.display;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import nepi.core.ExperimentController;
import nepi.core.resource.Attribute;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.kernel.display.Table;
import nepi.kernel.display.TimeText;

/**
 * The table of a set of RMs: the live progress table of {@code %deploy}, {@code %wait} and {@code %release}, and the
 * fuller table of {@code %state}. Built from the RMs' current state each time, so it is cheap to rebuild after any
 * number of changes.
 */
public final class ResourceTable {

    /** Which columns a table has. */
    public enum Layout {
        /** guid, type, state, time in state, failure reason: what a progress table needs. */
        PROGRESS,
        /** guid, type, state, since (clock), time in state, key attributes, failure reason. */
        STATE
    }

    /** Longest text of the key-attributes column; the rest is one {@code %help GUID} away. */
    static final int ATTRIBUTES_LIMIT = 120;

    /** Longest failure reason shown in its column; a longer one (or one of several lines) is shown whole below. */
    static final int FAILURE_LIMIT = 60;

    /** How many failed RMs of one table get their reason in full below their row; the rest: {@code %state GUID}. */
    static final int DETAILED_FAILURES = 50;

    private ResourceTable() {}

    /**
     * The table of the RMs {@code guids} of {@code ec} (RMs removed meanwhile are skipped), at time {@code now}.
     *
     * @param title what the table is about, e.g. "waiting for 3 RMs to be finished"; the state counts follow it
     */
    public static Table of(ExperimentController ec, List<Integer> guids, Layout layout, String title, Instant now) {
        List<List<String>> rows = new ArrayList<>(guids.size());
        List<String> details = new ArrayList<>(guids.size());
        Map<ResourceState, Integer> counts = new EnumMap<>(ResourceState.class);
        int detailed = 0;
        for (int guid : guids) {
            ResourceManager rm = ec.findResource(guid).orElse(null);
            if (rm == null) {
                continue;
            }
            ResourceState state = rm.getState();
            counts.merge(state, 1, Integer::sum);
            String reason = failure(rm, state);
            String shown = shortForm(reason);
            if (!shown.equals(reason) && detailed < DETAILED_FAILURES) {
                detailed++;
                details.add("#" + rm.getGuid() + " " + rm.getRtype() + " failed: " + reason);
            } else {
                details.add(null);
            }
            rows.add(row(rm, state, layout, now, shown));
        }
        List<String> header = layout == Layout.PROGRESS
                ? List.of("guid", "type", "state", "in state", "failure")
                : List.of("guid", "type", "state", "since", "in state", "attributes", "failure");
        String caption = (title == null || title.isEmpty() ? "" : title + ": ") + summary(rows.size(), counts);
        return new Table(caption, header, rows, "", details);
    }

    /** {@code 3 RMs: 2 STARTED, 1 FAILED}, states in lifecycle order. */
    static String summary(int total, Map<ResourceState, Integer> counts) {
        StringJoiner parts = new StringJoiner(", ");
        counts.forEach((state, count) -> parts.add(count + " " + state));
        return total + (total == 1 ? " RM" : " RMs") + (counts.isEmpty() ? "" : ": " + parts);
    }

    /** The whole reason of a failed RM (for an application, with the end of its stderr), or "". */
    static String failure(ResourceManager rm, ResourceState state) {
        return state == ResourceState.FAILED || rm.getFailure().isPresent()
                ? rm.getFailureReason().orElse("")
                : "";
    }

    /** The first line of a reason, at most {@link #FAILURE_LIMIT} characters; the reason itself when it fits. */
    static String shortForm(String reason) {
        int newline = reason.indexOf('\n');
        String line = newline < 0 ? reason : reason.substring(0, newline).stripTrailing() + " …";
        return line.length() <= FAILURE_LIMIT ? line : line.substring(0, FAILURE_LIMIT - 1) + "…";
    }

    private static List<String> row(
            ResourceManager rm, ResourceState state, Layout layout, Instant now, String failure) {
        Instant entered = rm.getStateTime(state);
        String inState = entered == null ? "" : TimeText.duration(Duration.between(entered, now));
        if (layout == Layout.PROGRESS) {
            return List.of(Integer.toString(rm.getGuid()), rm.getRtype(), state.name(), inState, failure);
        }
        return List.of(
                Integer.toString(rm.getGuid()),
                rm.getRtype(),
                state.name(),
                TimeText.clock(entered),
                inState,
                keyAttributes(rm),
                failure);
    }

    /** The attributes given a value, as {@code name=value}; secrets masked, unreadable and reserved ones left out. */
    static String keyAttributes(ResourceManager rm) {
        StringJoiner out = new StringJoiner(", ");
        for (Attribute<?> attribute : rm.getAttributes()) {
            if (attribute.hasFlag(Attribute.Flag.RESERVED)
                    || attribute.hasFlag(Attribute.Flag.NO_READ)
                    || attribute.hasFlag(Attribute.Flag.GLOBAL)
                    || !rm.isSet(attribute.getName())) {
                continue;
            }
            out.add(attribute.getName() + "=" + attribute.display(rm.get(attribute)));
        }
        String text = out.toString();
        return text.length() <= ATTRIBUTES_LIMIT ? text : text.substring(0, ATTRIBUTES_LIMIT - 1) + "…";
    }
}
