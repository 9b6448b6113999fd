package nepi.resources.linux;

import java.util.List;
import java.util.Optional;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;
import nepi.core.resource.Trace;
import nepi.core.resource.TraceSource;

/**
 * A packet capture with {@code tcpdump} on a node. Capturing needs root: the node must log in
 * as root or the application must have {@code sudo}. The text output is the {@code stdout}
 * trace; with {@code pcap}, packets are also written to the {@code pcap} trace. It is STARTED once tcpdump says
 * it is listening (its {@code readyCheck} defaults to that), so what starts after it is captured.
 */
@ResourceType(
        value = "linux::Tcpdump",
        aliases = {"LinuxTcpdump"},
        removeAttributes = {"command"},
        help = "Captures packets with tcpdump (Debian package tcpdump, installed at deploy through 'depends' when"
                + " missing) until stopped or 'count' packets; needs root (log in as root or set sudo). Text in the"
                + " stdout trace; with pcap=true also a pcap file in the 'pcap' trace. STARTED once the capture is open"
                + " (tcpdump printed 'listening on'), so what starts after it is captured.")
public class LinuxTcpdump extends LinuxApplication {

    public static final Attribute<String> EXPRESSION = Attribute.ofString(
                    "expression", "Capture filter, in pcap-filter syntax (e.g. 'icmp and host 10.0.0.1')")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> INTERFACE = Attribute.ofString(
                    "interface", "Interface to capture on (-i); default tcpdump's choice, 'any' for all")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Integer> COUNT = Attribute.ofInteger("count", "Exit after this many packets (-c)")
            .withRange(1, null)
            .withFlags(Flag.DESIGN);
    public static final Attribute<Integer> SNAP_LENGTH = Attribute.ofInteger(
                    "snapLength", "Bytes captured per packet (-s)")
            .withRange(0, 262144)
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> NO_RESOLVE = Attribute.ofBoolean(
                    "noResolve", "Do not convert addresses and ports to names (-nn)")
            .withDefault(true)
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> PROMISCUOUS = Attribute.ofBoolean(
                    "promiscuous", "Put the interface in promiscuous mode (off gives -p)")
            .withDefault(true)
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> PRINT_ASCII = Attribute.ofBoolean(
                    "printAscii", "Print each packet's data in ASCII (-A)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> PRINT_HEX = Attribute.ofBoolean(
                    "printHex", "Print each packet's data in hex and ASCII (-X)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> LINK_HEADERS =
            Attribute.ofBoolean("linkHeaders", "Print link-level headers (-e)").withFlags(Flag.DESIGN);
    public static final Attribute<String> VERBOSITY = Attribute.ofEnum(
                    "verbosity", "How much to print per packet (-v, -vv, -vvv)", "normal", "v", "vv", "vvv")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> TIMESTAMPS = Attribute.ofEnum(
                    "timestamps",
                    "Time stamp format: default (time of day), none (-t), unix (-tt), delta (-ttt), date (-tttt),"
                            + " sinceFirst (-ttttt)",
                    "default",
                    "none",
                    "unix",
                    "delta",
                    "date",
                    "sinceFirst")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> PCAP = Attribute.ofBoolean(
                    "pcap", "Also write the packets to ${RUN_HOME}/capture.pcap (the 'pcap' trace)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> DEPENDS = Attribute.ofString("depends", "Packages to install before running")
            .withDefault("tcpdump")
            .withFlags(Flag.DESIGN);

    public static final Trace PCAP_TRACE = Trace.enabled("pcap", "The packets, in pcap format (when pcap is true)");

    public LinuxTcpdump(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected void checkHost(LinuxNode on) {
        if (!on.isRoot() && !get(SUDO)) {
            throw new IllegalStateException(
                    this + ": capturing packets needs root, and " + on.host().name()
                            + " does not log in as root; set sudo=true (with passwordless sudo on the host) or log in as root");
        }
    }

    @Override
    protected String command() {
        CommandLine line = new CommandLine("tcpdump")
                .arg("-l")
                .flag(get(NO_RESOLVE), "-nn")
                .flag(!get(PROMISCUOUS), "-p")
                .flag(get(PRINT_ASCII), "-A")
                .flag(get(PRINT_HEX), "-X")
                .flag(get(LINK_HEADERS), "-e")
                .option("-i", get(INTERFACE))
                .option("-c", get(COUNT))
                .option("-s", get(SNAP_LENGTH));
        String verbosity = get(VERBOSITY);
        if (!verbosity.equals("normal")) {
            line.arg("-" + verbosity);
        }
        switch (get(TIMESTAMPS)) {
            case "none" -> line.arg("-t");
            case "unix" -> line.arg("-tt");
            case "delta" -> line.arg("-ttt");
            case "date" -> line.arg("-tttt");
            case "sinceFirst" -> line.arg("-ttttt");
            default -> {}
        }
        if (get(PCAP)) {
            // --print keeps the text output while -w writes the file.
            line.option("-w", "capture.pcap").arg("--print");
        }
        String expression = get(EXPRESSION);
        String command = "PATH=\"$PATH:/usr/sbin:/sbin\"\nexec " + line;
        return expression == null || expression.isBlank()
                ? command
                : command + " " + nepi.resources.linux.host.ShellWords.quote(expression.strip());
    }

    /** Ready once the capture is open: tcpdump then says "listening on ..." on stderr (in ${RUN_HOME}). */
    @Override
    protected Optional<ReadyCheck> readyCheck() {
        if (!isSet(READY_CHECK.getName())) {
            return Optional.of(new ReadyCheck.Command("grep -qs 'listening on' stderr"));
        }
        return super.readyCheck();
    }

    @Override
    protected List<RequiredTool> requiredTools() {
        return List.of(new RequiredTool("tcpdump", "tcpdump"));
    }

    @Override
    public TraceSource traceSource(String name) {
        if (name.equals(PCAP_TRACE.name())) {
            TraceSource stdout = super.traceSource("stdout");
            if (stdout == null || !get(PCAP)) {
                return null;
            }
            String dir = stdout.path().substring(0, stdout.path().lastIndexOf('/'));
            return node().host().file(dir + "/capture.pcap");
        }
        return super.traceSource(name);
    }
}
