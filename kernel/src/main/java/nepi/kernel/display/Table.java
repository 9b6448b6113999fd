package nepi.kernel.display;

import java.util.ArrayList;
import java.util.List;

/**
 * A table shown in the notebook: an HTML table with a plain-text twin whose columns are aligned. Used by every NEPI
 * table ({@code %state}, the live tables of {@code %deploy} and {@code %wait}, {@code %rtypes}, {@code %runs}, ...).
 *
 * @param caption a line shown above the table (may be empty)
 * @param header  the column names
 * @param rows    the cells, one list per row, as text
 * @param footer  a line shown below the table (may be empty)
 */
public record Table(String caption, List<String> header, List<List<String>> rows, String footer) {

    /** Longest text shown in one plain-text cell; longer cells are cut with an ellipsis so columns stay readable. */
    static final int PLAIN_CELL_LIMIT = 60;

    /** Copies the lists and checks that every row has one cell per column. */
    public Table {
        caption = caption == null ? "" : caption;
        footer = footer == null ? "" : footer;
        header = List.copyOf(header);
        rows = List.copyOf(rows);
        for (List<String> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException(
                        "a row has " + row.size() + " cells for " + header.size() + " columns: " + row);
            }
        }
    }

    /**
     * Sorts the rows of the table holding the clicked header cell by that column, ascending then descending on the
     * next click: numbers as numbers, other text as text. An inline handler rather than a script element so that it
     * needs nothing defined elsewhere: it works in a live notebook and in nbconvert's HTML; where scripts do not run
     * (an untrusted notebook) the table is still there, unsorted.
     */
    static final String SORT_HANDLER = "var t=this.closest('table'),b=t.tBodies[0],i=this.cellIndex,"
            + "d=this.getAttribute('data-order')==='asc'?'desc':'asc',r=Array.prototype.slice.call(b.rows);"
            + "this.setAttribute('data-order',d);"
            + "function v(x){var s=x.cells[i].textContent,n=s.trim()===''?NaN:Number(s);return isNaN(n)?s:n;}"
            + "r.sort(function(p,q){var a=v(p),c=v(q),o=(typeof a===typeof c)?(a<c?-1:a>c?1:0)"
            + ":(typeof a==='number'?-1:1);return d==='asc'?o:-o;});"
            + "r.forEach(function(x){b.appendChild(x);});";

    /** The table as HTML, with the caption as a {@code <caption>} and the footer as a {@code <tfoot>}. */
    public String html() {
        return html(false);
    }

    /**
     * The table as HTML; when {@code sortable}, a click on a column's header sorts the rows by it (see {@link
     * #SORT_HANDLER}).
     */
    public String html(boolean sortable) {
        StringBuilder out = new StringBuilder(128 + rows.size() * header.size() * 24);
        out.append("<table class=\"nepi-table")
                .append(sortable ? " nepi-sortable" : "")
                .append("\">");
        if (!caption.isEmpty()) {
            out.append("<caption style=\"text-align:left\">")
                    .append(HtmlEscape.escape(caption))
                    .append("</caption>");
        }
        out.append("<thead><tr>");
        for (String name : header) {
            out.append(
                            sortable
                                    ? "<th title=\"click to sort\" style=\"cursor:pointer\" onclick=\""
                                            + HtmlEscape.escape(SORT_HANDLER) + "\">"
                                    : "<th>")
                    .append(HtmlEscape.escape(name))
                    .append("</th>");
        }
        out.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            out.append("<tr>");
            for (String cell : row) {
                out.append("<td>").append(HtmlEscape.escape(cell)).append("</td>");
            }
            out.append("</tr>");
        }
        out.append("</tbody>");
        if (!footer.isEmpty()) {
            out.append("<tfoot><tr><td colspan=\"")
                    .append(header.size())
                    .append("\">")
                    .append(HtmlEscape.escape(footer))
                    .append("</td></tr></tfoot>");
        }
        return out.append("</table>").toString();
    }

    /** The table as aligned plain text: caption, header, a rule, the rows, footer. */
    public String plain() {
        List<List<String>> cells = new ArrayList<>(rows.size() + 1);
        cells.add(header);
        for (List<String> row : rows) {
            cells.add(row.stream().map(Table::clip).toList());
        }
        int[] widths = new int[header.size()];
        for (List<String> row : cells) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder(cells.size() * 48);
        if (!caption.isEmpty()) {
            out.append(caption).append('\n');
        }
        appendRow(out, cells.get(0), widths);
        for (int c = 0; c < widths.length; c++) {
            out.append("-".repeat(widths[c])).append(c + 1 < widths.length ? "  " : "");
        }
        out.append('\n');
        for (int r = 1; r < cells.size(); r++) {
            appendRow(out, cells.get(r), widths);
        }
        if (!footer.isEmpty()) {
            out.append(footer).append('\n');
        }
        return out.toString().stripTrailing();
    }

    /** The HTML and plain-text forms as one bundle. */
    public MimeBundle bundle() {
        return MimeBundle.html(plain(), html());
    }

    /** The sortable HTML and plain-text forms as one bundle. */
    public MimeBundle sortableBundle() {
        return MimeBundle.html(plain(), html(true));
    }

    private static void appendRow(StringBuilder out, List<String> row, int[] widths) {
        int end = out.length();
        for (int c = 0; c < widths.length; c++) {
            String cell = row.get(c);
            out.append(cell);
            if (c + 1 < widths.length) {
                out.append(" ".repeat(widths[c] - cell.length() + 2));
            }
        }
        // No trailing blanks: they only make the text harder to compare.
        int last = out.length();
        while (last > end && out.charAt(last - 1) == ' ') {
            last--;
        }
        out.setLength(last);
        out.append('\n');
    }

    private static String clip(String cell) {
        String oneLine = cell.indexOf('\n') < 0 ? cell : cell.replace('\n', ' ');
        return oneLine.length() <= PLAIN_CELL_LIMIT ? oneLine : oneLine.substring(0, PLAIN_CELL_LIMIT - 1) + "…";
    }
}
