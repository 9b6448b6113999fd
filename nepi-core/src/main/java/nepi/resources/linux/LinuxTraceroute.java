package nepi.resources.linux;

import static nepi.resources.linux.host.ShellWords.quote;

import java.util.List;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/** {@code traceroute} from a node to a target, once or again and again. */
@ResourceType(
        value = "linux::Traceroute",
        aliases = {"LinuxTraceroute"},
        removeAttributes = {"command"},
        help = "Traces the route to 'target' with traceroute (Debian package traceroute, installed at deploy through"
                + " 'depends' when missing); 'continuous' runs it again and again until stopped. Output in stdout.")
public class LinuxTraceroute extends LinuxApplication {

    public static final Attribute<String> TARGET = Attribute.ofString(
                    "target", "Host name or address to trace the route to")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> USE_IP = Attribute.ofBoolean(
                    "useIP",
                    "Resolve the target to an IPv4 address on the node first, and print addresses only (no DNS lookups"
                            + " of the hops); for hosts where name resolution is a problem")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> CONTINUOUS = Attribute.ofBoolean(
                    "continuous", "Run traceroute again and again (one second apart) until the application is stopped")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> PRINT_TIMESTAMP = Attribute.ofBoolean(
                    "printTimestamp", "Print the Unix time before each traceroute")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Integer> MAX_HOPS = Attribute.ofInteger("maxHops", "Largest TTL probed (-m)")
            .withRange(1, 255)
            .withFlags(Flag.DESIGN);
    public static final Attribute<Integer> QUERIES = Attribute.ofInteger("queries", "Probes per hop (-q)")
            .withRange(1, 10)
            .withFlags(Flag.DESIGN);
    public static final Attribute<Double> WAIT = Attribute.ofDouble(
                    "wait", "Seconds to wait for each probe's answer (-w)")
            .withRange(0, 60)
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> DEPENDS = Attribute.ofString("depends", "Packages to install before running")
            .withDefault("traceroute")
            .withFlags(Flag.DESIGN);

    public LinuxTraceroute(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected String command() {
        String target = get(TARGET);
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException(this + ": attribute 'target' is not set; give the host to trace");
        }
        boolean useIp = get(USE_IP);
        String traceroute = new CommandLine("traceroute")
                        .flag(useIp, "-n")
                        .option("-m", get(MAX_HOPS))
                        .option("-q", get(QUERIES))
                        .option("-w", get(WAIT))
                + " " + (useIp ? "\"$target\"" : quote(target.strip()));
        StringBuilder s = new StringBuilder();
        if (useIp) {
            s.append("target=$(getent ahostsv4 ").append(quote(target.strip())).append(" | awk 'NR==1 {print $1}')\n");
            s.append("[ -n \"$target\" ] || { echo \"cannot resolve ")
                    .append(target.strip().replace("\"", ""))
                    .append("\" >&2; exit 2; }\n");
        }
        String once = (get(PRINT_TIMESTAMP) ? "date +%s.%N\n" : "") + traceroute + "\n";
        if (get(CONTINUOUS)) {
            s.append("while true; do\n").append(once).append("sleep 1\ndone\n");
        } else {
            s.append(once);
        }
        return s.toString();
    }

    @Override
    protected List<RequiredTool> requiredTools() {
        return List.of(new RequiredTool("traceroute", "traceroute"));
    }
}
