package nepi.kernel.display;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * Chooses how an object is shown: the renderer registered for its class, else for its nearest superclass, else for
 * one of its interfaces, else a default (plain text plus escaped HTML). Built in: {@link Html}, images
 * ({@link RenderedImage}, e.g. {@code BufferedImage}, as PNG) and maps (as an HTML table).
 * Thread-safe; register more at any time.
 */
public final class Renderers {

    private final Map<Class<?>, Renderer<Object>> byType = new ConcurrentHashMap<>();

    /** Renderers with the built-in ones registered. */
    public static Renderers withDefaults() {
        Renderers renderers = new Renderers();
        renderers.register(Html.class, html -> MimeBundle.html(html.plain(), html.html()));
        // A bundle made by hand (e.g. by %%markdown) is shown as it is.
        renderers.register(MimeBundle.class, bundle -> bundle);
        renderers.register(RenderedImage.class, Renderers::png);
        renderers.register(Map.class, Renderers::table);
        return renderers;
    }

    /** Shows objects of {@code type} (and its subtypes, unless they have their own) with {@code renderer}. */
    @SuppressWarnings("unchecked")
    public <T> void register(Class<T> type, Renderer<? super T> renderer) {
        byType.put(type, (Renderer<Object>) renderer);
    }

    /**
     * The bundle for {@code value}. A renderer that throws falls back to plain text with a note, so showing a value
     * never fails.
     */
    public MimeBundle render(Object value) {
        if (value == null) {
            return MimeBundle.text("null");
        }
        Renderer<Object> renderer = find(value.getClass());
        if (renderer != null) {
            try {
                return renderer.render(value);
            } catch (Exception e) {
                return MimeBundle.text(plain(value) + "\n(rich display failed: " + e + ")");
            }
        }
        String text = plain(value);
        return MimeBundle.html(text, "<pre>" + HtmlEscape.escape(text) + "</pre>");
    }

    private Renderer<Object> find(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Renderer<Object> renderer = byType.get(c);
            if (renderer != null) {
                return renderer;
            }
        }
        Deque<Class<?>> pending = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            pending.addAll(Arrays.asList(c.getInterfaces()));
        }
        while (!pending.isEmpty()) {
            Class<?> candidate = pending.removeFirst();
            if (!seen.add(candidate)) {
                continue;
            }
            Renderer<Object> renderer = byType.get(candidate);
            if (renderer != null) {
                return renderer;
            }
            pending.addAll(Arrays.asList(candidate.getInterfaces()));
        }
        return null;
    }

    static String plain(Object value) {
        if (value.getClass().isArray()) {
            String deep = Arrays.deepToString(new Object[] {value});
            return deep.substring(1, deep.length() - 1);
        }
        return String.valueOf(value);
    }

    private static MimeBundle png(RenderedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new IOException("no PNG writer for this image");
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("image/png", Map.of("width", image.getWidth(), "height", image.getHeight()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text/plain", "image " + image.getWidth() + "x" + image.getHeight());
        data.put("image/png", Base64.getEncoder().encodeToString(bytes.toByteArray()));
        return new MimeBundle(data, metadata);
    }

    private static MimeBundle table(Map<?, ?> map) {
        StringBuilder html = new StringBuilder("<table><thead><tr><th>key</th><th>value</th></tr></thead><tbody>");
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            html.append("<tr><td>")
                    .append(HtmlEscape.escape(String.valueOf(entry.getKey())))
                    .append("</td><td>")
                    .append(HtmlEscape.escape(String.valueOf(entry.getValue())))
                    .append("</td></tr>");
        }
        html.append("</tbody></table>");
        return MimeBundle.html(String.valueOf(map), html.toString());
    }
}
