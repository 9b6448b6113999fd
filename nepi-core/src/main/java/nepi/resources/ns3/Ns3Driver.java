package nepi.resources.ns3;

import static nepi.resources.linux.host.ShellWords.quote;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import nepi.resources.linux.LinuxNode;
import nepi.resources.linux.NodeLayout;
import nepi.resources.linux.host.FileContent;
import nepi.resources.linux.host.Host;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generic ns-3 program ({@code nepi-ns3-driver.cc}, shipped in the jar): compiled once per
 * host against the ns-3 installed there and kept as {@code ~/.nepi/nepi-usr/bin/nepi-ns3-<hash>},
 * its Wi-Fi part ({@code nepi-ns3-wifi.cc}, a library the driver loads only for simulations with
 * Wi-Fi or mobility) as {@code nepi-ns3-<hash>-wifi.so} beside it, with the dump of that build's
 * TypeIds in {@code nepi-usr/share}. The hash covers
 * the source and the build command, so an unchanged driver is never rebuilt and a changed one
 * never mistaken for the old. Concurrent builds on one host (two simulations) take turns on a
 * lock file and the second finds the first's result.
 */
final class Ns3Driver {

    /** The ns-3 modules the driver links against (pkg-config names). */
    static final String MODULES = "ns3-core ns3-network ns3-internet ns3-point-to-point ns3-csma ns3-applications"
            + " ns3-internet-apps ns3-flow-monitor ns3-traffic-control ns3-fd-net-device";

    /**
     * The modules of the driver's Wi-Fi part: they and theirs (spectrum, antenna, energy) cost a
     * program about 30 ms and 12 MB to load, so the driver loads them only when a simulation needs them.
     */
    static final String WIFI_MODULES = "ns3-mobility ns3-propagation ns3-wifi";

    /**
     * How the driver and its Wi-Fi part are built, the two compilers side by side. {@code
     * --no-as-needed}: the driver uses some modules only through their TypeIds (V4Ping is created
     * by name), which the linker would otherwise drop. Debian's ns-3 3.37 prints a broken
     * {@code -I/usr\;} in its cflags, removed here. The driver finds its Wi-Fi part by its own
     * path: {@code "$tmp-wifi.so"} beside {@code "$tmp"}, then {@code "$bin-wifi.so"} beside {@code "$bin"}.
     */
    private static final String BUILD_COMMAND = "g++ -O2 -std=c++17 -shared -fPIC -o \"$tmp-wifi.so\" \"$wifisrc\""
            + " $(pkg-config --cflags " + MODULES + " " + WIFI_MODULES + " | sed 's/-I[^ ]*\\\\;//g')"
            + " $(pkg-config --libs " + WIFI_MODULES + ") &\n"
            + "wifi=$!\n"
            + "trap 'kill $wifi 2>/dev/null || true' EXIT\n"
            + "g++ -O2 -std=c++17 -o \"$tmp\" \"$src\" -Wl,--no-as-needed"
            + " $(pkg-config --cflags " + MODULES + " | sed 's/-I[^ ]*\\\\;//g') $(pkg-config --libs " + MODULES + ")\n"
            + "wait $wifi\n"
            + "trap - EXIT";

    private static final Logger LOG = LoggerFactory.getLogger(Ns3Driver.class);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);
    private static final String SOURCE = readSource("nepi-ns3-driver.cc");
    private static final String WIFI_SOURCE = readSource("nepi-ns3-wifi.cc");
    private static final String HASH = hash(SOURCE + "\n" + WIFI_SOURCE + "\n" + BUILD_COMMAND);

    /** TypeId dumps already read, by host and driver path. */
    private static final Map<String, Ns3TypeIds> TYPE_IDS = new ConcurrentHashMap<>();

    /** A built driver on a host. */
    record Built(String binary, Ns3TypeIds typeIds, boolean builtNow) {}

    private Ns3Driver() {}

    /** The hash that names this driver: of its sources and build command. */
    static String hash() {
        return HASH;
    }

    /** The driver's C++ source. */
    static String source() {
        return SOURCE;
    }

    static String binary(NodeLayout layout) {
        return layout.bin() + "/nepi-ns3-" + HASH;
    }

    /** Where the build script's process group id is while it runs. */
    static String buildPidFile(NodeLayout layout) {
        return layout.src() + "/nepi-ns3-build-" + HASH + ".pid";
    }

    /** The output of the last build on the host (the compiler's), kept there. */
    static String buildOutputFile(NodeLayout layout) {
        return layout.src() + "/nepi-ns3-build-" + HASH + ".out";
    }

    static String typeIdsFile(NodeLayout layout) {
        return layout.share() + "/nepi-ns3-" + HASH + ".typeids";
    }

    /**
     * The driver on {@code node}'s host, built first when it is not there yet; progress is
     * logged, as the first build takes a minute or more.
     *
     * @param who the resource that needs it, for messages
     */
    static Built ensureBuilt(LinuxNode node, Object who) throws IOException {
        Host host = node.host();
        NodeLayout layout = node.layout();
        String bin = binary(layout);
        String ids = typeIdsFile(layout);
        boolean cached = host.run("test -x " + quote(bin) + " && test -s " + quote(bin + "-wifi.so") + " && test -s "
                        + quote(ids))
                .succeeded();
        boolean builtNow = false;
        if (!cached) {
            Instant begin = Instant.now();
            LOG.info("{}: building the ns-3 driver on {} (once per host; about a minute): {}", who, host.name(), bin);
            String src = layout.src() + "/nepi-ns3-" + HASH + ".cc";
            String wifiSrc = layout.src() + "/nepi-ns3-" + HASH + "-wifi.cc";
            host.writeFiles(
                    List.of(FileContent.text(src, SOURCE, false), FileContent.text(wifiSrc, WIFI_SOURCE, false)));
            String script = "# Written by NEPI: builds the ns-3 driver once per host\n"
                    + "set -e\n"
                    + "bin=" + quote(bin) + "\nids=" + quote(ids) + "\nsrc=" + quote(src) + "\nwifisrc="
                    + quote(wifiSrc) + "\n"
                    + "[ -x \"$bin\" ] && [ -s \"$bin-wifi.so\" ] && [ -s \"$ids\" ] && { echo cached; exit 0; }\n"
                    + "exec 9>\"$src.lock\"\n"
                    + "flock 9\n"
                    + "[ -x \"$bin\" ] && [ -s \"$bin-wifi.so\" ] && [ -s \"$ids\" ] && { echo cached; exit 0; }\n"
                    + "command -v g++ >/dev/null || { echo 'g++ is not installed on this host (Debian: apt-get install"
                    + " g++)' >&2; exit 3; }\n"
                    + "command -v pkg-config >/dev/null || { echo 'pkg-config is not installed on this host (Debian:"
                    + " apt-get install pkg-config)' >&2; exit 3; }\n"
                    + "pkg-config --exists " + MODULES + " || { echo 'the ns-3 development files are not installed"
                    + " on this host (pkg-config finds no " + MODULES.replace(" ", ", ")
                    + "); Debian: apt-get install libns3-dev libgsl-dev' >&2; exit 3; }\n"
                    + "tmp=\"$bin.tmp.$$\"\n"
                    + "mkdir -p \"$(dirname \"$bin\")\" \"$(dirname \"$ids\")\"\n"
                    + BUILD_COMMAND + "\n"
                    + "\"$tmp\" typeids > \"$ids.tmp.$$\"\n"
                    + "mv \"$ids.tmp.$$\" \"$ids\"\n"
                    + "mv \"$tmp-wifi.so\" \"$bin-wifi.so\"\n"
                    + "mv \"$tmp\" \"$bin\"\n"
                    + "echo built\n";
            host.runScript(
                    layout.src(),
                    "nepi-ns3-build-" + HASH,
                    script,
                    "building the ns-3 driver for " + who,
                    BUILD_TIMEOUT);
            builtNow = true;
            LOG.info(
                    "{}: ns-3 driver built on {} in {} s",
                    who,
                    host.name(),
                    Duration.between(begin, Instant.now()).toSeconds());
        }
        String key = host.name() + ":" + ids;
        Ns3TypeIds typeIds = TYPE_IDS.get(key);
        if (typeIds == null || builtNow) {
            String dump = host.run("cat " + quote(ids))
                    .orThrow("reading the ns-3 TypeIds " + ids + " on " + host.name())
                    .stdout();
            typeIds = Ns3TypeIds.parse(dump);
            TYPE_IDS.put(key, typeIds);
        }
        return new Built(bin, typeIds, builtNow);
    }

    private static String readSource(String name) {
        try (InputStream in = Ns3Driver.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the NEPI jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
