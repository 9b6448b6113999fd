package nepi.kernel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
    void blankJavaBetweenMagicsIsDropped() {
        assertThat(CellParser.split("%a\n\n%b")).hasSize(2);
    }
}
