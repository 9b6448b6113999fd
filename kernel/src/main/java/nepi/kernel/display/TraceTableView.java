package nepi.kernel.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nepi.core.trace.ParsedTrace;
import nepi.core.trace.TraceTable;

/**
 * A {@link TraceTable} shown in the notebook: a sortable HTML table and its aligned text, captioned with the format,
 * the summary (ping's statistics, iperf3's totals) below. At most {@link #MAX_ROWS} rows are shown, so that a
 * capture of a million packets does not freeze the page; the footer says how many there are.
 */
public final class TraceTableView {

    /** The most rows shown. */
    public static final int MAX_ROWS = 1000;

    private TraceTableView() {}

    /** The table of {@code trace}, captioned {@code title}. */
    public static MimeBundle of(String title, ParsedTrace trace) {
        return of(title, trace.table());
    }

    /** {@code table}, captioned {@code title} (may be empty). */
    public static MimeBundle of(String title, TraceTable table) {
        return table(title, table).sortableBundle();
    }

    /** The display table: cells as text, the summary and the count of rows not shown in the footer. */
    public static Table table(String title, TraceTable table) {
        List<List<String>> rows = new ArrayList<>(Math.min(table.size(), MAX_ROWS));
        for (List<Object> row : table.head(MAX_ROWS).rows()) {
            rows.add(row.stream().map(TraceTableView::cell).toList());
        }
        String caption = (title.isEmpty() ? "" : title + ": ") + table.format().id() + ", " + count(table.size());
        List<String> footer = new ArrayList<>();
        if (!table.summary().isEmpty()) {
            footer.add(table.summaryLine());
        }
        if (table.size() > MAX_ROWS) {
            footer.add(String.format(
                    Locale.ROOT,
                    "the first %,d rows of %,d are shown (--csv FILE writes all of them)",
                    MAX_ROWS,
                    table.size()));
        }
        return new Table(caption, table.columnNames(), rows, String.join("; ", footer));
    }

    private static String cell(Object value) {
        return TraceTable.text(value);
    }

    private static String count(int rows) {
        return rows == 1 ? "1 row" : String.format(Locale.ROOT, "%,d rows", rows);
    }
}
