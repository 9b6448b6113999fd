package nepi.resources.netns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import nepi.resources.linux.host.CommandResult;

/**
 * What leaves an interface is shaped to: a rate limit (the {@code tbf} queueing discipline),
 * and a delay and a loss rate (the {@code netem} discipline, which then also limits the rate).
 * Applied with {@code tc} on the root of the interface, in its namespace; shaping acts on
 * egress only, so a symmetric link needs it on both ends.
 *
 * @param rate the rate limit, or null for none
 * @param delayMillis the delay added to every packet in milliseconds, or null (or 0) for none
 * @param lossPercent the share of packets dropped, 0 to 100, or null (or 0) for none
 */
public record LinkShaping(Rate rate, Double delayMillis, Double lossPercent) {

    /**
     * How long tbf may hold packets before dropping them: enough queue for TCP to keep the
     * link busy at the limit, little enough that the delay it adds stays visible as such.
     */
    static final String TBF_LATENCY = "50ms";

    /** Whether nothing is shaped. */
    public boolean isNone() {
        return rate == null && !needsNetem();
    }

    /** Whether a delay or a loss rate is asked for, which only {@code netem} does. */
    public boolean needsNetem() {
        return (delayMillis != null && delayMillis > 0) || (lossPercent != null && lossPercent > 0);
    }

    /**
     * The arguments of {@code tc} that install this shaping on {@code device} (replacing what
     * was there), or remove any shaping when there is none.
     *
     * <p>A rate limit is installed as a new tbf of handle {@code tbfHandle}, which must differ
     * from the handle of the tbf there now: the kernel then swaps in the new discipline at once,
     * dropping what the old one had queued. Changed in place (same handle), a tbf keeps its
     * queue, and a packet queued under a bigger burst (a segmentation-offload packet of up to
     * 64 KiB) is larger than the new bucket can ever hold: it stays at the head of the queue
     * and the link sends nothing more.
     */
    public List<String> tcArguments(String device, int tbfHandle) {
        List<String> args = new ArrayList<>(List.of("qdisc"));
        if (isNone()) {
            args.addAll(List.of("del", "dev", device, "root"));
            return args;
        }
        args.addAll(List.of("replace", "dev", device, "root"));
        if (needsNetem()) {
            args.add("netem");
            if (delayMillis != null && delayMillis > 0) {
                args.addAll(List.of("delay", number(delayMillis) + "ms"));
            }
            if (lossPercent != null && lossPercent > 0) {
                args.addAll(List.of("loss", number(lossPercent) + "%"));
            }
            if (rate != null) {
                args.addAll(List.of("rate", rate.toString()));
            }
            return args;
        }
        args.addAll(List.of(
                "handle",
                tbfHandle + ":",
                "tbf",
                "rate",
                rate.toString(),
                "burst",
                String.valueOf(burstBytes(rate)),
                "latency",
                TBF_LATENCY));
        return args;
    }

    /**
     * The bucket size of tbf: 10 ms worth of the rate, and never less than a few full-size
     * frames, or the limit would starve (tbf must hold at least one packet of any size it sends).
     */
    static long burstBytes(Rate rate) {
        return Math.max(rate.bytesPerSecond() / 100, 16 * 1024);
    }

    /**
     * Installs this shaping on {@code device} of {@code namespace} on {@code host} (see
     * {@link #tcArguments(String, int)} for {@code tbfHandle}).
     *
     * @throws IOException when tc refuses; when the kernel lacks the queueing discipline
     *         (netem, on some kernels), the message says which module is missing
     */
    void apply(NetHost host, String namespace, String device, int tbfHandle) throws IOException {
        List<String> args = new ArrayList<>(List.of("-n", namespace));
        args.addAll(tcArguments(device, tbfHandle));
        CommandResult r = host.tryTc(args.toArray(String[]::new));
        if (r.succeeded()) {
            return;
        }
        String error = r.outputTail(400);
        if (isNone() && (error.contains("No such file") || error.contains("Cannot delete qdisc with handle of zero"))) {
            return;
        }
        if (error.contains("qdisc kind is unknown")) {
            String kind = needsNetem() ? "netem" : "tbf";
            throw new IOException("link shaping (" + describe() + ") on " + device + " needs the kernel's '" + kind
                    + "' queueing discipline (module sch_" + kind + "), and this kernel ("
                    + (host.isLocal() ? System.getProperty("os.version") : "on " + host)
                    + ") does not have it: tc said \"" + error.strip() + "\". "
                    + (needsNetem()
                            ? "Delay and loss emulation are not available here: load the module (modprobe "
                                    + "sch_netem; on some distributions it is in a linux-modules-extra package) or leave 'delay' and "
                                    + "'loss' unset ('rate' alone works with tbf)"
                            : "Load it with modprobe sch_tbf"));
        }
        throw new IOException("tc " + String.join(" ", args) + " failed: " + error);
    }

    /** The shaping in words, e.g. {@code rate 10mbit, delay 20ms}. */
    public String describe() {
        if (isNone()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (rate != null) {
            parts.add("rate " + rate);
        }
        if (delayMillis != null && delayMillis > 0) {
            parts.add("delay " + number(delayMillis) + "ms");
        }
        if (lossPercent != null && lossPercent > 0) {
            parts.add("loss " + number(lossPercent) + "%");
        }
        return String.join(", ", parts);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
