package nepi.kernel.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import nepi.kernel.display.HtmlEscape;
import nepi.kernel.display.MimeBundle;

/**
 * Bounds what a cell result or a display sends: every text representation ({@code text/plain}, {@code text/html},
 * any {@code text/*}) longer than {@link #MAX_TEXT_CHARS} characters is cut there and followed by a note saying how
 * long the whole text is and how to get it. A notebook cannot show more anyway, and encoding a value of hundreds of
 * megabytes could exhaust the kernel's heap.
 */
final class OutputLimit {

    /** The most characters of one text representation sent to the front end. */
    static final int MAX_TEXT_CHARS = 1_000_000;

    private OutputLimit() {}

    /** {@code bundle} itself when it is within the limit, else a copy with its long texts cut. */
    static MimeBundle bounded(MimeBundle bundle) {
        Map<String, Object> data = null;
        for (Map.Entry<String, Object> entry : bundle.data().entrySet()) {
            if (entry.getKey().startsWith("text/")
                    && entry.getValue() instanceof String text
                    && text.length() > MAX_TEXT_CHARS) {
                if (data == null) {
                    data = new LinkedHashMap<>(bundle.data());
                }
                data.put(entry.getKey(), cut(entry.getKey(), text));
            }
        }
        return data == null ? bundle : new MimeBundle(data, bundle.metadata());
    }

    private static String cut(String mimeType, String text) {
        int end = MAX_TEXT_CHARS;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        String note = "[output cut: this " + mimeType + " is " + text.length() + " characters long; the first " + end
                + " are shown. To get all of it, keep the value in a variable and write it to a file, e.g. "
                + "Files.writeString(Path.of(\"value.txt\"), String.valueOf(value))]";
        if ("text/html".equals(mimeType)) {
            return text.substring(0, end) + "<p><em>" + HtmlEscape.escape(note) + "</em></p>";
        }
        return text.substring(0, end) + "\n" + note;
    }
}
