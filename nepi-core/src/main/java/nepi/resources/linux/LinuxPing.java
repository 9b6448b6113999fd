package nepi.resources.linux;

import java.util.List;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/** {@code ping} from a node to a target; its output is the {@code stdout} trace. */
@ResourceType(
        value = "linux::Ping",
        aliases = {"LinuxPing"},
        removeAttributes = {"command"},
        help = "Sends ICMP echo requests to 'target' with ping (Debian package iputils-ping, installed at deploy"
                + " through 'depends' when missing). Output in the stdout trace.")
public class LinuxPing extends LinuxApplication {

    public static final Attribute<String> TARGET =
            Attribute.ofString("target", "Host name or address to ping").withFlags(Flag.DESIGN);
    public static final Attribute<Integer> COUNT = Attribute.ofInteger(
                    "count", "Stop after sending this many requests (-c)")
            .withRange(1, null)
            .withFlags(Flag.DESIGN);
    public static final Attribute<Double> INTERVAL = Attribute.ofDouble(
                    "interval", "Seconds between requests (-i); below 0.2 needs root")
            .withRange(0.002, 3600)
            .withFlags(Flag.DESIGN);
    public static final Attribute<Integer> PACKET_SIZE = Attribute.ofInteger(
                    "packetSize", "Bytes of data per request (-s)")
            .withRange(0, 65507)
            .withFlags(Flag.DESIGN);
    public static final Attribute<Integer> TTL =
            Attribute.ofInteger("ttl", "IP time to live (-t)").withRange(1, 255).withFlags(Flag.DESIGN);
    public static final Attribute<Integer> DEADLINE = Attribute.ofInteger(
                    "deadline", "Seconds after which ping exits whatever was sent or received (-w)")
            .withRange(1, null)
            .withFlags(Flag.DESIGN);
    public static final Attribute<Double> TIMEOUT = Attribute.ofDouble(
                    "timeout", "Seconds to wait for each response (-W)")
            .withRange(0, 3600)
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> PRINT_TIMESTAMP = Attribute.ofBoolean(
                    "printTimestamp", "Print the Unix time before each line (-D)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> NUMERIC = Attribute.ofBoolean(
                    "numeric", "Print addresses only, no name lookups (-n)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> QUIET =
            Attribute.ofBoolean("quiet", "Print only the summary (-q)").withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> VERBOSE =
            Attribute.ofBoolean("verbose", "Verbose output (-v)").withFlags(Flag.DESIGN);
    public static final Attribute<String> ADDRESS =
            Attribute.ofString("address", "Source address or interface (-I)").withFlags(Flag.DESIGN);
    public static final Attribute<Integer> PRELOAD = Attribute.ofInteger(
                    "preload", "Requests sent without waiting for replies (-l)")
            .withRange(1, 65536)
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> PATTERN =
            Attribute.ofString("pattern", "Hex bytes filling the packets (-p)").withFlags(Flag.DESIGN);
    public static final Attribute<String> TOS =
            Attribute.ofString("tos", "Quality-of-service bits (-Q)").withFlags(Flag.DESIGN);
    public static final Attribute<Integer> MARK = Attribute.ofInteger("mark", "Mark outgoing packets (-m)")
            .withRange(0, null)
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> DEPENDS = Attribute.ofString("depends", "Packages to install before running")
            .withDefault("iputils-ping")
            .withFlags(Flag.DESIGN);

    public LinuxPing(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected String command() {
        String target = get(TARGET);
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException(this + ": attribute 'target' is not set; give the host to ping");
        }
        return new CommandLine("ping")
                .flag(get(PRINT_TIMESTAMP), "-D")
                .flag(get(NUMERIC), "-n")
                .flag(get(QUIET), "-q")
                .flag(get(VERBOSE), "-v")
                .option("-c", get(COUNT))
                .option("-i", get(INTERVAL))
                .option("-s", get(PACKET_SIZE))
                .option("-t", get(TTL))
                .option("-w", get(DEADLINE))
                .option("-W", get(TIMEOUT))
                .option("-I", get(ADDRESS))
                .option("-l", get(PRELOAD))
                .option("-p", get(PATTERN))
                .option("-Q", get(TOS))
                .option("-m", get(MARK))
                .arg(target)
                .toString();
    }

    @Override
    protected List<RequiredTool> requiredTools() {
        return List.of(new RequiredTool("ping", "iputils-ping"));
    }
}
