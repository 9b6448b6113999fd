package nepi.core.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import nepi.core.trace.TraceTable.Column;
import nepi.core.trace.TraceTable.ColumnType;

/**
 * The numeric columns of a text trace: lines of numbers separated by blanks, commas or semicolons. Lines that are
 * not all numbers are skipped, except that such a line just before the first numeric row, with as many words,
 * names the columns.
 *
 * @param names one name per column
 * @param rows  the numeric rows, each with one value per column
 */
public record NumericColumns(List<String> names, List<double[]> rows) implements ParsedTrace {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s,;]+");

    /** Copies the lists. */
    public NumericColumns {
        names = List.copyOf(names);
        rows = List.copyOf(rows);
    }

    /**
     * The columns of the most common row width in {@code text} (a stray line of another width does not split
     * the series).
     */
    public static NumericColumns parse(String text) {
        List<double[]> parsed = new ArrayList<>();
        List<String[]> headerCandidates = new ArrayList<>();
        String[] previousWords = null;
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] words = SEPARATORS.split(trimmed);
            double[] values = numbers(words);
            if (values == null) {
                previousWords = words;
                continue;
            }
            if (parsed.isEmpty() && previousWords != null) {
                headerCandidates.add(previousWords);
            }
            parsed.add(values);
        }
        if (parsed.isEmpty()) {
            return new NumericColumns(List.of(), List.of());
        }
        int width = mostCommonWidth(parsed);
        List<double[]> rows = parsed.stream().filter(r -> r.length == width).toList();
        List<String> names = new ArrayList<>();
        String[] header = headerCandidates.isEmpty() ? null : headerCandidates.get(0);
        for (int c = 0; c < width; c++) {
            names.add(header != null && header.length == width ? header[c] : "column " + (c + 1));
        }
        return new NumericColumns(names, rows);
    }

    /** Whether there is no line of numbers. */
    @Override
    public boolean isEmpty() {
        return rows.isEmpty();
    }

    @Override
    public TraceFormat format() {
        return TraceFormat.NUMBERS;
    }

    /** One decimal column per column of numbers, named as above; no summary. */
    @Override
    public TraceTable table() {
        List<Column> columns =
                names.stream().map(n -> new Column(n, ColumnType.DECIMAL)).toList();
        List<List<Object>> cells = new ArrayList<>(rows.size());
        for (double[] row : rows) {
            List<Object> values = new ArrayList<>(row.length);
            for (double v : row) {
                values.add(v);
            }
            cells.add(values);
        }
        return new TraceTable(TraceFormat.NUMBERS, columns, cells, Map.of());
    }

    /** The values of column {@code index}. */
    public double[] column(int index) {
        double[] values = new double[rows.size()];
        for (int r = 0; r < values.length; r++) {
            values[r] = rows.get(r)[index];
        }
        return values;
    }

    private static double[] numbers(String[] words) {
        double[] values = new double[words.length];
        for (int i = 0; i < words.length; i++) {
            try {
                values[i] = Double.parseDouble(words[i]);
            } catch (NumberFormatException e) {
                return null;
            }
            if (Double.isNaN(values[i]) || Double.isInfinite(values[i])) {
                return null;
            }
        }
        return values;
    }

    private static int mostCommonWidth(List<double[]> rows) {
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        for (double[] row : rows) {
            counts.merge(row.length, 1, Integer::sum);
        }
        return counts.entrySet().stream()
                .max(java.util.Map.Entry.<Integer, Integer>comparingByValue()
                        .thenComparing(java.util.Map.Entry.comparingByKey()))
                .orElseThrow()
                .getKey();
    }
}
