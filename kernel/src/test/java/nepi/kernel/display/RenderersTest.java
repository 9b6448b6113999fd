package nepi.kernel.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderersTest {

    private final Renderers renderers = Renderers.withDefaults();

    @Test
    void anyObjectHasTextAndEscapedHtml() {
        MimeBundle bundle = renderers.render(new StringBuilder("<b>&</b>"));
        assertThat(bundle.data())
                .containsEntry("text/plain", "<b>&</b>")
                .containsEntry("text/html", "<pre>&lt;b&gt;&amp;&lt;/b&gt;</pre>");
        assertThat(renderers.render(null).plainText()).isEqualTo("null");
        assertThat(renderers.render(new int[] {1, 2}).plainText()).isEqualTo("[1, 2]");
    }

    @Test
    void imagesBecomePng() {
        MimeBundle bundle = renderers.render(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB));
        byte[] png = Base64.getDecoder().decode((String) bundle.data().get("image/png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(bundle.plainText()).isEqualTo("image 3x2");
    }

    @Test
    void theMostSpecificRendererWinsAndFailuresFallBackToText() {
        renderers.register(CharSequence.class, s -> MimeBundle.text("chars"));
        renderers.register(StringBuilder.class, s -> MimeBundle.text("builder"));
        assertThat(renderers.render(new StringBuilder()).plainText()).isEqualTo("builder");
        assertThat(renderers.render(new StringBuffer()).plainText()).isEqualTo("chars");
        renderers.register(Thread.class, t -> {
            throw new IllegalStateException("renderer bug");
        });
        assertThat(renderers.render(Thread.currentThread()).plainText()).contains("rich display failed");
    }

    @Test
    void mapsAreTablesAndHtmlIsShownAsIs() {
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put("<node>", 1);
        assertThat((String) renderers.render(map).data().get("text/html"))
                .contains("<table>")
                .contains("&lt;node&gt;")
                .contains("<td>1</td>");
        assertThat(renderers.render(new Html("<i>x</i>", "x")).data())
                .containsEntry("text/html", "<i>x</i>")
                .containsEntry("text/plain", "x");
    }
}
