package nepi.kernel.display;

/**
 * HTML to show as is: {@code display(new Html("<b>ready</b>"))}.
 *
 * @param html  the markup
 * @param plain what text-only front ends show
 */
public record Html(String html, String plain) {
    public Html(String html) {
        this(html, html);
    }
}
