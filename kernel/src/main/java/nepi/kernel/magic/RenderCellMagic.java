package nepi.kernel.magic;

import nepi.kernel.display.MimeBundle;

/**
 * {@code %%html} and {@code %%markdown}: show the rest of the cell as HTML or Markdown (the front end renders it; the
 * text itself is the plain-text form).
 *
 * @param spec     the magic's declaration
 * @param mimeType the representation the body is, e.g. {@code text/html}
 */
public record RenderCellMagic(MagicSpec spec, String mimeType) implements CellMagic {

    /** {@code %%html}. */
    public static final RenderCellMagic HTML = new RenderCellMagic(
            MagicSpec.cell("html")
                    .help("shows the cell as HTML")
                    .body("HTML markup")
                    .build(),
            "text/html");

    /** {@code %%markdown}. */
    public static final RenderCellMagic MARKDOWN = new RenderCellMagic(
            MagicSpec.cell("markdown")
                    .help("shows the cell as Markdown")
                    .body("Markdown text")
                    .build(),
            "text/markdown");

    @Override
    public Object run(MagicArguments arguments, String body, MagicContext context) throws MagicUsageException {
        if (body.isBlank()) {
            throw spec.error(
                    "the cell has nothing to show: write the " + spec.body() + " on the lines after " + spec.call());
        }
        context.display(MimeBundle.text(body).with(mimeType, body));
        return null;
    }
}
