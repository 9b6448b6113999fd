package nepi.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import nepi.kernel.display.MimeBundle;
import org.junit.jupiter.api.Test;

class OutputLimitTest {

    @Test
    void textsWithinTheLimitAreSentAsTheyAre() {
        MimeBundle bundle = MimeBundle.html("x".repeat(OutputLimit.MAX_TEXT_CHARS), "<b>small</b>");
        assertThat(OutputLimit.bounded(bundle)).isSameAs(bundle);
    }

    @Test
    void longTextsAreCutWithANoteSayingHowLongTheyWereAndHowToGetThem() {
        int length = OutputLimit.MAX_TEXT_CHARS * 3;
        MimeBundle bundle = MimeBundle.html("p".repeat(length), "<pre>" + "h".repeat(length) + "</pre>")
                .with("image/png", "not text, kept");
        MimeBundle bounded = OutputLimit.bounded(bundle);
        String plain = bounded.plainText();
        String html = (String) bounded.data().get("text/html");
        assertThat(plain)
                .startsWith("p".repeat(OutputLimit.MAX_TEXT_CHARS) + "\n[output cut: this text/plain is " + length
                        + " characters long")
                .contains("Files.writeString")
                .hasSizeLessThan(length);
        assertThat(html)
                .contains("</em></p>")
                .contains((length + 11) + " characters long")
                .hasSizeLessThan(OutputLimit.MAX_TEXT_CHARS + 1000);
        assertThat(bounded.data().get("image/png")).isEqualTo("not text, kept");
    }

    @Test
    void aSurrogatePairIsNotSplit() {
        String text = "a".repeat(OutputLimit.MAX_TEXT_CHARS - 1) + "😀".repeat(10);
        String cut = OutputLimit.bounded(MimeBundle.text(text)).plainText();
        assertThat(cut).startsWith("a".repeat(OutputLimit.MAX_TEXT_CHARS - 1) + "\n[output cut");
    }
}
