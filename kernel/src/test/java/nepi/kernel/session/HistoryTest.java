package nepi.kernel.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HistoryTest {

    private final History history = new History();

    HistoryTest() {
        history.add(1, "int a = 1;", null);
        history.add(2, "a + 1", "2");
        history.add(3, "a + 1", "2");
        history.add(4, "display(a)", null);
    }

    @Test
    void tailGivesTheLastEntries() {
        assertThat(history.tail(2)).extracting(History.Entry::line).containsExactly(3, 4);
        assertThat(history.tail(10)).hasSize(4);
    }

    @Test
    void rangeIsHalfOpen() {
        assertThat(history.range(2, 4)).extracting(History.Entry::line).containsExactly(2, 3);
        assertThat(history.range(3, 0)).extracting(History.Entry::line).containsExactly(3, 4);
    }

    @Test
    void searchUsesGlobsUniqueAndN() {
        assertThat(history.search("a + *", 0, false)).hasSize(2);
        assertThat(history.search("a + *", 0, true))
                .extracting(History.Entry::line)
                .containsExactly(3);
        assertThat(history.search("*", 1, false))
                .extracting(History.Entry::line)
                .containsExactly(4);
        assertThat(history.search("a ? 1", 0, false)).hasSize(2);
        assertThat(history.search("(a)", 0, false)).isEmpty();
    }
}
