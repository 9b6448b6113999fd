package nepi.kernel.display;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One object in several representations, keyed by MIME type ({@code text/plain}, {@code text/html},
 * {@code image/png} as base64, ...). The front end shows the richest one it can.
 *
 * @param data     MIME type to representation; text types are strings, images base64 strings
 * @param metadata per-bundle metadata (e.g. image size), often empty
 */
public record MimeBundle(Map<String, Object> data, Map<String, Object> metadata) {

    public MimeBundle {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        if (!data.containsKey("text/plain")) {
            throw new IllegalArgumentException("a MIME bundle needs a text/plain representation");
        }
    }

    /** A bundle with only plain text. */
    public static MimeBundle text(String text) {
        return new MimeBundle(Map.of("text/plain", text), Map.of());
    }

    /** Plain text plus HTML. */
    public static MimeBundle html(String text, String html) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text/plain", text);
        data.put("text/html", html);
        return new MimeBundle(data, Map.of());
    }

    /** This bundle with one more representation. */
    public MimeBundle with(String mimeType, Object representation) {
        Map<String, Object> more = new LinkedHashMap<>(data);
        more.put(mimeType, representation);
        return new MimeBundle(more, metadata);
    }

    public String plainText() {
        return String.valueOf(data.get("text/plain"));
    }
}
