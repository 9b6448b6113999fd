package nepi.kernel.nepi.display;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nepi.core.ExperimentController;
import nepi.core.resource.Attribute;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceTypeInfo;
import nepi.core.resource.Trace;
import nepi.core.run.RunArchive;
import nepi.core.run.RunSummary;
import nepi.core.trace.ParsedTrace;
import nepi.core.trace.TraceTable;
import nepi.kernel.display.HtmlEscape;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.display.Renderers;
import nepi.kernel.display.Table;
import nepi.kernel.display.TraceTableView;
import org.dflib.DataFrame;

/**
 * The rich forms of NEPI objects in the notebook: tables, RMs (their type help with current values), the EC (its
 * state and RM table), attribute and trace lists, types, lists of types, run summaries (table and plot) and run
 * archives.
 */
public final class NepiRenderers {

    private NepiRenderers() {}

    /** Registers every NEPI renderer in {@code renderers}. */
    public static void registerAll(Renderers renderers) {
        renderers.register(Table.class, Table::bundle);
        renderers.register(ResourceManager.class, TypeHelp::of);
        renderers.register(ResourceTypeInfo.class, TypeHelp::of);
        renderers.register(ExperimentController.class, NepiRenderers::experiment);
        renderers.register(Attribute.class, attribute -> TypeHelp.attributeTable(List.of(attribute), null)
                .bundle());
        renderers.register(Trace.class, trace -> traceTable(List.of(trace)).bundle());
        renderers.register(RunSummary.class, RunCharts::render);
        renderers.register(RunArchive.class, NepiRenderers::archive);
        renderers.register(List.class, NepiRenderers::list);
        renderers.register(TraceTable.class, table -> TraceTableView.of("", table));
        renderers.register(ParsedTrace.class, trace -> TraceTableView.of("", trace));
        renderers.register(DataFrame.class, NepiRenderers::dataFrame);
    }

    /**
     * A DFLib data frame (e.g. {@code TraceTables.table(ec, ping, "stdout").dataFrame()} after filtering) as a
     * sortable table of its first {@link TraceTableView#MAX_ROWS} rows.
     */
    static MimeBundle dataFrame(DataFrame frame) {
        String[] names = frame.getColumnsIndex().toArray();
        int shown = Math.min(frame.height(), TraceTableView.MAX_ROWS);
        List<List<String>> rows = new ArrayList<>(shown);
        for (int r = 0; r < shown; r++) {
            List<String> row = new ArrayList<>(names.length);
            for (String name : names) {
                row.add(TraceTable.text(frame.getColumn(name).get(r)));
            }
            rows.add(row);
        }
        String caption = "DataFrame, " + frame.height() + (frame.height() == 1 ? " row" : " rows");
        String footer = shown < frame.height() ? "the first " + shown + " rows are shown" : "";
        return new Table(caption, List.of(names), rows, footer).sortableBundle();
    }

    /** The EC: its ids and states, then the table of its RMs. */
    static MimeBundle experiment(ExperimentController ec) {
        Table table = ResourceTable.of(
                ec,
                ec.getResources(),
                ResourceTable.Layout.STATE,
                "experiment " + ec.getExpId() + ", run " + ec.getRunId() + " (" + ec.getEcState() + ", "
                        + ec.getFailureLevel() + ")",
                Instant.now());
        return table.bundle();
    }

    /** A run archive: which run, how it ended, and every RM's final state and failure. */
    static MimeBundle archive(RunArchive run) {
        List<List<String>> rows = new ArrayList<>();
        for (RunArchive.ResourceRecord r : run.resources()) {
            rows.add(List.of(
                    Integer.toString(r.guid()),
                    r.type(),
                    String.valueOf(r.state()),
                    r.failure() == null ? "" : r.failure(),
                    String.join(", ", r.traces().keySet())));
        }
        return new Table(
                        "run " + run.runId() + " of " + run.expId() + " (" + run.failureLevel() + "), archived "
                                + run.archivedAt() + " in " + run.dir(),
                        List.of("guid", "type", "state", "failure", "traces"),
                        rows,
                        "")
                .bundle();
    }

    static Table traceTable(List<Trace> traces) {
        List<List<String>> rows = new ArrayList<>();
        for (Trace trace : traces) {
            rows.add(List.of(trace.name(), trace.enabledByDefault() ? "by default" : "when enabled", trace.help()));
        }
        return new Table("traces", List.of("trace", "collected", "help"), rows, "");
    }

    /** Lists of attributes, traces or types as tables; any other list as the default text. */
    @SuppressWarnings("unchecked")
    static MimeBundle list(List<?> list) {
        if (!list.isEmpty() && list.stream().allMatch(Attribute.class::isInstance)) {
            return TypeHelp.attributeTable((List<Attribute<?>>) list, null).bundle();
        }
        if (!list.isEmpty() && list.stream().allMatch(Trace.class::isInstance)) {
            return traceTable((List<Trace>) list).bundle();
        }
        if (!list.isEmpty() && list.stream().allMatch(ResourceTypeInfo.class::isInstance)) {
            return TypeHelp.typeList(list.size() + " resource types", (List<ResourceTypeInfo>) list)
                    .bundle();
        }
        String text = String.valueOf(list);
        return MimeBundle.html(text, "<pre>" + HtmlEscape.escape(text) + "</pre>");
    }
}
