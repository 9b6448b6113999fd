package nepi.resources.netns;

/**
 * An IPv4 address, held as its 32 bits.
 *
 * @param bits the address, most significant octet first
 */
public record Ipv4Address(int bits) {

    /**
     * Parses dotted-quad notation, e.g. {@code 198.18.0.1}.
     *
     * @throws IllegalArgumentException naming the text and what is accepted
     */
    public static Ipv4Address parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("an IPv4 address is needed, e.g. 198.18.0.1");
        }
        String[] parts = text.strip().split("\\.", -1);
        if (parts.length != 4) {
            throw refuse(text);
        }
        int bits = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw refuse(text);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw refuse(text);
            }
            bits = (bits << 8) | octet;
        }
        return new Ipv4Address(bits);
    }

    private static IllegalArgumentException refuse(String text) {
        return new IllegalArgumentException("\"" + text + "\" is not an IPv4 address; accepted: four numbers from 0"
                + " to 255 separated by dots, e.g. 198.18.0.1");
    }

    @Override
    public String toString() {
        return ((bits >>> 24) & 0xff) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "."
                + (bits & 0xff);
    }
}
