package nepi.kernel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nepi.kernel.magic.MagicLine;
import org.junit.jupiter.api.Test;

class CellParserTest {

    @Test
    void splitsJavaAndMagicLinesInOrderWithTheirLines() {
        List<CellParser.Segment> segments =
                CellParser.split("int a = 1;\nint b = 2;\n%lsmagic\n  %wait started a b\nb");
        assertThat(segments).hasSize(4);
        assertThat(segments.get(0)).isEqualTo(new CellParser.JavaSegment("int a = 1;\nint b = 2;", 0));
        assertThat(((CellParser.MagicSegment) segments.get(1)).magic().name()).isEqualTo("lsmagic");
        CellParser.MagicSegment wait = (CellParser.MagicSegment) segments.get(2);
        assertThat(wait.magic().args()).isEqualTo("started a b");
        assertThat(wait.firstLine()).isEqualTo(3);
        assertThat(segments.get(3)).isEqualTo(new CellParser.JavaSegment("b", 4));
    }

    @Test
    void aRemainderOperatorOnAContinuedLineIsJava() {
        assertThat(CellParser.split("int r = 10\n  % 3;"))
                .containsExactly(new CellParser.JavaSegment("int r = 10\n  % 3;", 0));
    }

    @Test
    void aCellMagicOnTheFirstLineTakesTheRestOfTheCell() {
        CellParser.CellMagicCall call = CellParser.cellMagic("\n  %%exec node --quiet\nls -l\n%deploy\n")
                .orElseThrow();
        assertThat(call.magic()).isEqualTo(new MagicLine("exec", "node --quiet"));
        assertThat(call.body()).isEqualTo("ls -l\n%deploy\n");
        assertThat(call.bodyFirstLine()).isEqualTo(2);
        assertThat(CellParser.cellMagic("%%time").orElseThrow().body()).isEmpty();
        assertThat(CellParser.cellMagic("%%").orElseThrow().magic().name()).isEmpty();
        assertThat(CellParser.cellMagic("int x = 1;\n%%time")).isEmpty();
        assertThat(CellParser.cellMagic("%time 1")).isEmpty();
    }

    @Test
    void aCellMagicLineElsewhereIsMarkedMisplaced() {
        assertThat(CellParser.split("int x = 1;\n%%time\nx"))
                .containsExactly(
                        new CellParser.JavaSegment("int x = 1;", 0),
                        new CellParser.MisplacedCellMagic(new MagicLine("time", ""), 1),
                        new CellParser.JavaSegment("x", 2));
    }

    @Test
    void blankJavaBetweenMagicsIsDropped() {
        assertThat(CellParser.split("%a\n\n%b")).hasSize(2);
    }
}
