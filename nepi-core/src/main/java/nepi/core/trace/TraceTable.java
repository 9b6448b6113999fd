package nepi.core.trace;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dflib.DataFrame;
import org.dflib.Series;

/**
 * The rows of a parsed trace as a table of typed columns: what {@code %trace GUID NAME --table} shows and {@code
 * --csv} writes, and what {@link #dataFrame()} hands to DFLib. Cells are {@link Long} ({@link ColumnType#INTEGER}),
 * {@link Double} ({@link ColumnType#DECIMAL}), {@link String} ({@link ColumnType#TEXT}) or {@link Instant} ({@link
 * ColumnType#TIME}), or null where the trace has no value (a lost probe, a field the tool did not print).
 *
 * @param format  the format the trace was parsed as
 * @param columns the columns, in order
 * @param rows    one list of cells per row, one cell per column
 * @param summary what the trace says about all rows (ping's statistics, iperf3's totals), in the tool's order
 */
public record TraceTable(
        TraceFormat format, List<Column> columns, List<List<Object>> rows, Map<String, Object> summary) {

    /** What the cells of a column hold. */
    public enum ColumnType {
        /** {@link Long} values. */
        INTEGER,
        /** {@link Double} values. */
        DECIMAL,
        /** {@link String} values. */
        TEXT,
        /** {@link Instant} values. */
        TIME
    }

    /**
     * A column.
     *
     * @param name its name, e.g. {@code time_ms}
     * @param type what its cells hold
     */
    public record Column(String name, ColumnType type) {}

    /** Copies the lists (rows may hold nulls) and checks that every row has one cell per column. */
    public TraceTable {
        columns = List.copyOf(columns);
        List<List<Object>> copied = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(
                        "a row has " + row.size() + " cells for " + columns.size() + " columns: " + row);
            }
            copied.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copied);
        summary = Collections.unmodifiableMap(new LinkedHashMap<>(summary));
    }

    /** The number of rows. */
    public int size() {
        return rows.size();
    }

    /** The column names, in order. */
    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** The index of column {@code name}; IllegalArgumentException naming the columns when there is none. */
    public int columnIndex(String name) {
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c).name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException(
                "no column '" + name + "' in this " + format.id() + " table; its columns: " + columnNames());
    }

    /** The cells of column {@code name}, top to bottom (nulls included). */
    public List<Object> column(String name) {
        int c = columnIndex(name);
        List<Object> cells = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            cells.add(row.get(c));
        }
        return Collections.unmodifiableList(cells);
    }

    /**
     * The values of numeric column {@code name} as doubles, NaN where a cell is empty; a {@link ColumnType#TIME}
     * column gives seconds since the epoch.
     */
    public double[] numbers(String name) {
        int c = columnIndex(name);
        if (columns.get(c).type() == ColumnType.TEXT) {
            throw new IllegalArgumentException("column '" + name + "' holds text, not numbers");
        }
        double[] values = new double[rows.size()];
        for (int r = 0; r < values.length; r++) {
            values[r] = number(rows.get(r).get(c));
        }
        return values;
    }

    /** The table with only its first {@code count} rows (all when it has fewer). */
    public TraceTable head(int count) {
        return new TraceTable(format, columns, rows.subList(0, Math.min(count, rows.size())), summary);
    }

    /** A cell as text: integers as they are, decimals without exponent or trailing zeros, times in ISO-8601. */
    public static String text(Object cell) {
        if (cell == null) {
            return "";
        }
        if (cell instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return d.toString();
            }
            String plain = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            return plain.equals("-0") ? "0" : plain;
        }
        return cell.toString();
    }

    /** The summary on one line, e.g. {@code transmitted 5, received 5, loss_percent 0}. */
    public String summaryLine() {
        return summary.entrySet().stream()
                .map(e -> e.getKey() + " " + text(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** The rows as CSV (RFC 4180, a header line, lines ending in CRLF); the summary is not in it. */
    public String csv() {
        StringBuilder out = new StringBuilder(64 + rows.size() * columns.size() * 10);
        out.append(columnNames().stream().map(TraceTable::csvField).collect(Collectors.joining(",")))
                .append("\r\n");
        for (List<Object> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                if (c > 0) {
                    out.append(',');
                }
                out.append(csvField(text(row.get(c))));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    /** Writes {@link #csv()} to {@code file} in UTF-8, replacing it. */
    public void writeCsv(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(csv());
        }
    }

    /**
     * The rows as a DFLib {@link DataFrame} with the same column names: integer columns without empty cells as
     * {@code long} columns, decimal columns as {@code double} columns (NaN where empty), the others as object
     * columns. Filter, aggregate and sort it with DFLib's API.
     */
    public DataFrame dataFrame() {
        Series<?>[] series = new Series<?>[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            List<Object> cells = column(columns.get(c).name());
            series[c] = switch (columns.get(c).type()) {
                case INTEGER -> cells.contains(null)
                        ? Series.ofIterable(cells)
                        : Series.ofLong(cells.stream().mapToLong(v -> (Long) v).toArray());
                case DECIMAL -> Series.ofDouble(
                        cells.stream().mapToDouble(TraceTable::number).toArray());
                case TEXT, TIME -> Series.ofIterable(cells);
            };
        }
        return DataFrame.byColumn(columnNames().toArray(String[]::new)).of(series);
    }

    private static double number(Object cell) {
        if (cell == null) {
            return Double.NaN;
        }
        if (cell instanceof Instant t) {
            return t.getEpochSecond() + t.getNano() / 1e9;
        }
        return ((Number) cell).doubleValue();
    }

    private static String csvField(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
