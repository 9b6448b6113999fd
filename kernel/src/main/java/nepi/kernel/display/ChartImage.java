package nepi.kernel.display;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** A chart drawn by XChart as a notebook output: a PNG with an SVG twin, and a text summary for text front ends. */
public final class ChartImage {

    static {
        // Charts are drawn off screen; a kernel started without the property must not try to reach a display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ChartImage() {}

    /**
     * The bundle of {@code chart}: {@code image/png}, {@code image/svg+xml} and {@code text/plain}.
     *
     * @param plain what text-only front ends show (a summary of the data)
     * @throws IOException when the chart cannot be encoded
     */
    public static MimeBundle bundle(Chart<?, ?> chart, String plain) throws IOException {
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text/plain", plain);
        data.put("image/png", Base64.getEncoder().encodeToString(png));
        data.put("image/svg+xml", withoutProlog(svg.toString(StandardCharsets.UTF_8)));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("image/png", Map.of("width", chart.getWidth(), "height", chart.getHeight()));
        return new MimeBundle(data, metadata);
    }

    /**
     * The SVG from its {@code <svg} element on: an XML declaration naming an encoding makes tools that parse the
     * notebook's SVG as a string (nbconvert's HTML export, through lxml) refuse it, and a DOCTYPE is not needed inline.
     */
    static String withoutProlog(String svg) {
        int start = svg.indexOf("<svg");
        return start <= 0 ? svg : svg.substring(start);
    }

    /** The PNG of {@code chart}, base64, for embedding in HTML ({@code <img src="data:image/png;base64,...">}). */
    public static String pngBase64(Chart<?, ?> chart) throws IOException {
        return Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
}
