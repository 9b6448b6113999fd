package nepi.resources.linux;

import java.util.List;
import java.util.Optional;
import nepi.core.resource.Attribute;
import nepi.core.resource.Attribute.Flag;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceType;

/**
 * A throughput test with {@code iperf3}: one application as server, one as client pointed at
 * the server's address. A server is STARTED once its port listens (its {@code readyCheck} defaults to
 * {@code port:<port>}), so a START condition on the server's STARTED starts the client when it can connect, with
 * no delay to guess.
 */
@ResourceType(
        value = "linux::Iperf",
        aliases = {"LinuxIperf"},
        removeAttributes = {"command"},
        help = "Measures throughput with iperf3 (Debian package iperf3, installed at deploy through 'depends' when"
                + " missing): role=server listens on 'port', role=client sends to 'target' for 'duration' seconds"
                + " (TCP, or UDP at 'bandwidth'). A server is STARTED once it listens (readyCheck defaults to"
                + " port:<port>), so a START condition on its STARTED starts the client in time. Report in stdout"
                + " (JSON with json=true).")
public class LinuxIperf extends LinuxApplication {

    public static final Attribute<String> ROLE = Attribute.ofEnum(
                    "role", "server (iperf3 -s) or client (iperf3 -c target)", "server", "client")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> TARGET =
            Attribute.ofString("target", "Address of the server (client only)").withFlags(Flag.DESIGN);
    public static final Attribute<Integer> PORT = Attribute.ofInteger("port", "Port the server listens on (-p)")
            .withDefault(5201)
            .withRange(1, 65535)
            .withFlags(Flag.DESIGN);
    public static final Attribute<Double> DURATION = Attribute.ofDouble(
                    "duration",
                    "Seconds the client sends (-t; iperf3 counts whole seconds, so a fraction is rounded up)")
            .withDefault(10.0)
            .withRange(0.1, 86400)
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> UDP = Attribute.ofBoolean("udp", "Send UDP instead of TCP (-u; client only)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> BANDWIDTH = Attribute.ofString(
                    "bandwidth", "Target bit rate, e.g. 10M (-b; client only; UDP defaults to 1M)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> REVERSE = Attribute.ofBoolean(
                    "reverse", "The server sends and the client receives (-R; client only)")
            .withFlags(Flag.DESIGN);
    public static final Attribute<Integer> PARALLEL = Attribute.ofInteger(
                    "parallel", "Parallel streams (-P; client only)")
            .withRange(1, 128)
            .withFlags(Flag.DESIGN);
    public static final Attribute<Double> REPORT_INTERVAL = Attribute.ofDouble(
                    "reportInterval", "Seconds between periodic reports (-i)")
            .withRange(0, 60)
            .withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> JSON =
            Attribute.ofBoolean("json", "Print the report as JSON (-J)").withFlags(Flag.DESIGN);
    public static final Attribute<Boolean> ONE_OFF = Attribute.ofBoolean(
                    "oneOff", "The server exits after one test (-1), so it stops by itself")
            .withDefault(true)
            .withFlags(Flag.DESIGN);
    public static final Attribute<String> DEPENDS = Attribute.ofString("depends", "Packages to install before running")
            .withDefault("iperf3")
            .withFlags(Flag.DESIGN);

    public LinuxIperf(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected String command() {
        CommandLine line = new CommandLine("iperf3")
                .option("-p", get(PORT))
                .option("-i", get(REPORT_INTERVAL))
                .flag(get(JSON), "-J")
                .arg("--forceflush");
        if (get(ROLE).equals("server")) {
            return "exec " + line.arg("-s").flag(get(ONE_OFF), "-1");
        }
        String target = get(TARGET);
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException(
                    this + ": attribute 'target' is not set; a client needs the server's" + " address");
        }
        return "exec "
                + line.option("-c", target)
                        // iperf3 reads -t as a whole number: "-t 0.5" would be -t 0, which sends forever.
                        .option("-t", (long) Math.ceil(get(DURATION)))
                        .flag(get(UDP), "-u")
                        .option("-b", get(BANDWIDTH))
                        .flag(get(REVERSE), "-R")
                        .option("-P", get(PARALLEL));
    }

    /** A server is ready once its port listens, unless the user set another check (or none). */
    @Override
    protected Optional<ReadyCheck> readyCheck() {
        if (get(ROLE).equals("server") && !isSet(READY_CHECK.getName())) {
            return Optional.of(new ReadyCheck.Port(get(PORT)));
        }
        return super.readyCheck();
    }

    @Override
    protected List<RequiredTool> requiredTools() {
        return List.of(new RequiredTool("iperf3", "iperf3"));
    }
}
