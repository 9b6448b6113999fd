package nepi.resources.ns3;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a ns-3 attribute value, a string, against the value type ns-3 declares for it, as ns-3
 * would parse it, so that a typo is refused when it is set rather than when the simulation is
 * built (or, for a time, when ns-3 aborts on it). The value type and what ns-3 says it accepts
 * come from the TypeId dump ({@link Ns3TypeIds}): {@code UintegerValue} with {@code uint16_t 0:65535},
 * {@code EnumValue} with {@code ERROR_UNIT_BIT|ERROR_UNIT_BYTE|ERROR_UNIT_PACKET}, ... Value
 * types not known here (pointers, random variables, vectors) are left to ns-3 at deploy.
 */
final class Ns3Values {

    /** ns-3's Time: a number and an optional unit (seconds without one). */
    private static final Pattern TIME =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?(s|ms|us|ns|ps|fs|min|h|d|y)?");
    /** ns-3's DataRate: a number, an optional SI or binary prefix and a unit in bits or bytes per second. */
    private static final Pattern DATA_RATE =
            Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)((k|K|Ki|M|Mi|G|Gi)?(bps|b/s|Bps|B/s))?");
    /** ns-3's QueueSize: a whole number, an optional prefix, p (packets) or B (bytes). */
    private static final Pattern QUEUE_SIZE = Pattern.compile("\\d+(k|K|Ki|M|Mi)?[Bp]");

    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");
    private static final String NUMBER_TEXT = "[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?";
    private static final Pattern NUMBER = Pattern.compile(NUMBER_TEXT);
    /** ns-3 aborts the program on a malformed vector or rectangle instead of refusing it. */
    private static final Pattern VECTOR_3D = Pattern.compile(NUMBER_TEXT + ":" + NUMBER_TEXT + ":" + NUMBER_TEXT);

    private static final Pattern VECTOR_2D = Pattern.compile(NUMBER_TEXT + ":" + NUMBER_TEXT);
    private static final Pattern RECTANGLE =
            Pattern.compile(NUMBER_TEXT + "\\|" + NUMBER_TEXT + "\\|" + NUMBER_TEXT + "\\|" + NUMBER_TEXT);
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final List<String> BOOLEANS = List.of("true", "false", "1", "0", "t", "f");
    /** ns-3 prints the largest double as this, for a DoubleValue without bounds. */
    private static final BigDecimal UNBOUNDED = new BigDecimal("1.79769e+308");

    private Ns3Values() {}

    /**
     * Why ns-3 would refuse {@code value} for an attribute of {@code valueType} (the dump's name,
     * e.g. {@code TimeValue}), {@code accepted} being what the dump says the attribute accepts
     * (may be null): what is accepted, e.g. {@code "a data rate such as 5Mbps, 1Gbps, 100kbps"};
     * empty when ns-3 would take it or the value type is not checked here.
     */
    static Optional<String> problem(String valueType, String accepted, String value) {
        return switch (valueType) {
            case "BooleanValue" -> BOOLEANS.contains(value) ? Optional.empty() : Optional.of("true or false");
            case "TimeValue" -> TIME.matcher(value).matches()
                    ? Optional.empty()
                    : Optional.of("a time such as 2ms, 1s or 1.5min (a number and a unit: s, ms, us, ns, ps, fs,"
                            + " min, h, d or y; seconds without one)");
            case "DataRateValue" -> DATA_RATE.matcher(value).matches()
                    ? Optional.empty()
                    : Optional.of("a data rate such as 5Mbps, 1Gbps, 100kbps (bps, b/s, Bps or B/s after an"
                            + " optional k, K, Ki, M, Mi, G or Gi)");
            case "QueueSizeValue" -> QUEUE_SIZE.matcher(value).matches()
                    ? Optional.empty()
                    : Optional.of("a queue size such as 100p (packets) or 64000B (bytes), with an optional k, K,"
                            + " Ki, M or Mi before the unit");
            case "UintegerValue", "IntegerValue" -> whole(accepted, value);
            case "DoubleValue" -> number(accepted, value);
            case "EnumValue" -> oneOf(accepted, value);
            case "Ipv4AddressValue" -> IPV4.matcher(value).matches()
                    ? Optional.empty()
                    : Optional.of("an IPv4 address such as 10.0.0.2");
            case "AddressValue" -> address(value);
            case "Vector3DValue" -> VECTOR_3D.matcher(value).matches()
                    ? Optional.empty()
                    : Optional.of("a position or vector x:y:z in metres, such as 10:0:0");
            case "Vector2DValue" -> VECTOR_2D.matcher(value).matches()
                    ? Optional.empty()
                    : Optional.of("a vector x:y, such as 10:0");
            case "RectangleValue" -> RECTANGLE.matcher(value).matches()
                    ? Optional.empty()
                    : Optional.of("a rectangle xMin|xMax|yMin|yMax in metres, such as 0|100|0|100");
            default -> Optional.empty();
        };
    }

    /** Bounds "TYPE MIN:MAX" as ns-3 prints them for integers and doubles, or null. */
    private static String[] bounds(String accepted) {
        if (accepted == null) {
            return null;
        }
        String[] typeAndRange = accepted.strip().split(" ");
        if (typeAndRange.length != 2) {
            return null;
        }
        String range = typeAndRange[1];
        // The minimum may be negative: split at the colon that follows a digit.
        int colon = range.indexOf(':', 1);
        return colon < 0 ? null : new String[] {range.substring(0, colon), range.substring(colon + 1)};
    }

    private static Optional<String> whole(String accepted, String value) {
        String[] b = bounds(accepted);
        String expected = b == null ? "a whole number" : "a whole number from " + b[0] + " to " + b[1];
        if (!WHOLE.matcher(value).matches()) {
            return Optional.of(expected);
        }
        if (b != null) {
            try {
                BigInteger v = new BigInteger(value);
                if (v.compareTo(new BigInteger(b[0])) < 0 || v.compareTo(new BigInteger(b[1])) > 0) {
                    return Optional.of(expected);
                }
            } catch (NumberFormatException e) {
                return Optional.empty(); // bounds this check cannot read: left to ns-3
            }
        }
        return Optional.empty();
    }

    private static Optional<String> number(String accepted, String value) {
        String[] b = bounds(accepted);
        boolean bounded = false;
        BigDecimal min = null;
        BigDecimal max = null;
        if (b != null) {
            try {
                min = new BigDecimal(b[0]);
                max = new BigDecimal(b[1]);
                bounded = min.abs().compareTo(UNBOUNDED) < 0 || max.abs().compareTo(UNBOUNDED) < 0;
            } catch (NumberFormatException e) {
                b = null;
            }
        }
        String expected = bounded ? "a number from " + b[0] + " to " + b[1] : "a number such as 0.25 or 1e-3";
        if (!NUMBER.matcher(value).matches()) {
            return Optional.of(expected);
        }
        if (bounded) {
            BigDecimal v = new BigDecimal(value.startsWith("+") ? value.substring(1) : value);
            if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                return Optional.of(expected);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> oneOf(String accepted, String value) {
        if (accepted == null || accepted.isBlank()) {
            return Optional.empty();
        }
        List<String> names = Arrays.asList(accepted.strip().split("\\|"));
        return names.contains(value) ? Optional.empty() : Optional.of("one of " + String.join(", ", names));
    }

    /** What the driver reads as an address: an IPv4 address, or one with a port. */
    private static Optional<String> address(String value) {
        int colon = value.indexOf(':');
        String ip = colon < 0 ? value : value.substring(0, colon);
        boolean ok = IPV4.matcher(ip).matches();
        if (ok && colon >= 0) {
            String port = value.substring(colon + 1);
            ok = port.matches("\\d{1,5}") && Integer.parseInt(port) <= 65535;
        }
        return ok
                ? Optional.empty()
                : Optional.of("an IPv4 address such as 10.0.0.2, or an address and a port such as 10.0.0.2:9");
    }
}
