package nepi.resources.netns;

/**
 * An IPv4 address with the length of its network prefix, as in {@code 198.18.0.1/24}: the
 * address of an interface, or (with no host bits) a network.
 *
 * @param address the address
 * @param prefixLength how many leading bits name the network, 0 to 32
 */
public record Ipv4Cidr(Ipv4Address address, int prefixLength) {

    public Ipv4Cidr {
        if (address == null) {
            throw new IllegalArgumentException("a CIDR needs an address");
        }
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not from 0 to 32");
        }
    }

    /**
     * Parses {@code address/prefix}, e.g. {@code 198.18.0.1/24}.
     *
     * @throws IllegalArgumentException naming the text and what is accepted
     */
    public static Ipv4Cidr parse(String text) {
        String accepted = "; accepted: an IPv4 address and a prefix length from 0 to 32, e.g. 198.18.0.1/24";
        if (text == null || text.indexOf('/') < 0) {
            throw new IllegalArgumentException("\"" + text + "\" has no prefix length" + accepted);
        }
        String[] parts = text.strip().split("/", -1);
        if (parts.length != 2
                || parts[1].isEmpty()
                || parts[1].length() > 2
                || !parts[1].chars().allMatch(Character::isDigit)
                || Integer.parseInt(parts[1]) > 32) {
            throw new IllegalArgumentException("\"" + text + "\" is not a CIDR" + accepted);
        }
        Ipv4Address address;
        try {
            address = Ipv4Address.parse(parts[0]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a CIDR" + accepted, e);
        }
        return new Ipv4Cidr(address, Integer.parseInt(parts[1]));
    }

    /** The bits of the network part. */
    public int mask() {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** The network this address belongs to (host bits cleared), e.g. {@code 198.18.0.0/24}. */
    public Ipv4Cidr network() {
        return new Ipv4Cidr(new Ipv4Address(address.bits() & mask()), prefixLength);
    }

    /** Whether the address has no host bits set, i.e. names a network. */
    public boolean isNetwork() {
        return (address.bits() & ~mask()) == 0;
    }

    /** Whether the address is the broadcast address of its network (all host bits set). */
    public boolean isBroadcast() {
        return prefixLength < 31 && (address.bits() | mask()) == -1;
    }

    /** Whether {@code other} lies in this address's network. */
    public boolean contains(Ipv4Address other) {
        return (other.bits() & mask()) == (address.bits() & mask());
    }

    /** Whether the networks of the two share any address. */
    public boolean overlaps(Ipv4Cidr other) {
        int common = Math.min(prefixLength, other.prefixLength);
        int mask = common == 0 ? 0 : -1 << (32 - common);
        return (address.bits() & mask) == (other.address.bits() & mask);
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
