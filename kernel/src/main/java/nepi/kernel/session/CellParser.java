package nepi.kernel.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nepi.kernel.magic.MagicLine;

/**
 * Splits a cell into Java parts and magic lines, in order, remembering where each starts; or finds the cell magic
 * ({@code %%name}) on its first line, which takes the rest of the cell.
 */
final class CellParser {

    /** A part of a cell. {@code firstLine} is 0-based. */
    sealed interface Segment {
        int firstLine();
    }

    record JavaSegment(String code, int firstLine) implements Segment {}

    record MagicSegment(MagicLine magic, int firstLine) implements Segment {}

    /** A {@code %%name} line that is not the cell's first: an error, since a cell magic takes the whole cell. */
    record MisplacedCellMagic(MagicLine magic, int firstLine) implements Segment {}

    /**
     * A cell that starts with a cell magic.
     *
     * @param magic         the name and the arguments of the first line
     * @param body          the rest of the cell
     * @param bodyFirstLine the 0-based line of the cell where the body starts
     */
    record CellMagicCall(MagicLine magic, String body, int bodyFirstLine) {}

    private CellParser() {}

    /** The cell magic on the cell's first line that is not blank, if it has one. */
    static Optional<CellMagicCall> cellMagic(String cell) {
        String[] lines = cell.split("\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first == lines.length) {
            return Optional.empty();
        }
        int bodyStart = first + 1;
        return MagicLine.parseCell(lines[first])
                .map(magic -> new CellMagicCall(
                        magic,
                        bodyStart < lines.length
                                ? String.join("\n", List.of(lines).subList(bodyStart, lines.length))
                                : "",
                        bodyStart));
    }

    static List<Segment> split(String cell) {
        List<Segment> segments = new ArrayList<>();
        String[] lines = cell.split("\n", -1);
        StringBuilder java = new StringBuilder();
        int javaStart = 0;
        for (int i = 0; i < lines.length; i++) {
            Optional<MagicLine> magic = MagicLine.parse(lines[i]);
            Optional<MagicLine> cellMagic = MagicLine.parseCell(lines[i]);
            if (magic.isPresent() || cellMagic.isPresent()) {
                addJava(segments, java, javaStart);
                segments.add(
                        magic.isPresent()
                                ? new MagicSegment(magic.get(), i)
                                : new MisplacedCellMagic(cellMagic.get(), i));
                javaStart = i + 1;
            } else {
                if (java.length() > 0 || i > javaStart) {
                    java.append('\n');
                }
                java.append(lines[i]);
            }
        }
        addJava(segments, java, javaStart);
        return segments;
    }

    private static void addJava(List<Segment> segments, StringBuilder java, int start) {
        if (!java.toString().isBlank()) {
            segments.add(new JavaSegment(java.toString(), start));
        }
        java.setLength(0);
    }
}
