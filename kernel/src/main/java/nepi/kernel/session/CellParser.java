package nepi.kernel.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nepi.kernel.magic.MagicLine;

/** Splits a cell into Java parts and magic lines, in order, remembering where each starts. */
final class CellParser {

    /** A part of a cell. {@code firstLine} is 0-based. */
    sealed interface Segment {
        int firstLine();
    }

    record JavaSegment(String code, int firstLine) implements Segment {}

    record MagicSegment(MagicLine magic, int firstLine) implements Segment {}

    private CellParser() {}

    static List<Segment> split(String cell) {
        List<Segment> segments = new ArrayList<>();
        String[] lines = cell.split("\n", -1);
        StringBuilder java = new StringBuilder();
        int javaStart = 0;
        for (int i = 0; i < lines.length; i++) {
            Optional<MagicLine> magic = MagicLine.parse(lines[i]);
            if (magic.isPresent()) {
                addJava(segments, java, javaStart);
                segments.add(new MagicSegment(magic.get(), i));
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
