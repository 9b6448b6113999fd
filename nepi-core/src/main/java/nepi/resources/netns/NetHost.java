package nepi.resources.netns;

import static nepi.resources.linux.host.ShellWords.quote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nepi.resources.linux.host.CommandResult;
import nepi.resources.linux.host.Host;

/**
 * The machine where the netns pieces of a node or switch live, and the way to change its
 * network configuration: this JVM's machine ({@link #LOCAL}: {@code ip} and {@code tc} run as
 * child processes, without a shell) or a host reached through a {@link Host} (an SSH host's
 * long-lived shell: the same commands, quoted, run there). Every {@code ip} and {@code tc}
 * command of the netns family goes through one of these.
 */
final class NetHost {

    /** This JVM's machine. */
    static final NetHost LOCAL = new NetHost(null, "localhost", "ip", "tc");

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Where root's programs are on any distribution, whatever PATH the login shell set. */
    private static final String SBIN = "PATH=\"$PATH:/usr/sbin:/sbin\"";

    private final Host host;
    private final String name;
    private final String ip;
    private final String tc;

    private NetHost(Host host, String name, String ip, String tc) {
        this.host = host;
        this.name = name;
        this.ip = ip;
        this.tc = tc;
    }

    /**
     * The network configuration of {@code host}, checked first: commands there must run as root
     * and find {@code ip} and {@code tc}.
     *
     * @throws IOException saying what the host lacks
     */
    static NetHost over(Host host) throws IOException {
        CommandResult r = host.run(SBIN + "; id -u; command -v ip || echo -; command -v tc || echo -", null, TIMEOUT);
        List<String> lines = r.stdout().lines().map(String::strip).toList();
        if (!r.succeeded() || lines.size() < 3) {
            throw new IOException("cannot check " + host.name() + " for netns nodes: " + r.outputTail(300));
        }
        if (!lines.get(0).equals("0")) {
            throw new IOException("netns nodes on " + host.name() + " need root there (CAP_NET_ADMIN and"
                    + " CAP_SYS_ADMIN for 'ip netns add'), and its commands run as uid " + lines.get(0) + ": log in"
                    + " as root (the linux::Node's 'username')");
        }
        if (lines.get(1).equals("-") || lines.get(2).equals("-")) {
            throw new IOException("netns nodes on " + host.name() + " need the 'ip' and 'tc' programs (Debian"
                    + " package iproute2), which are not installed there");
        }
        return new NetHost(host, host.name(), lines.get(1), lines.get(2));
    }

    /** How the host is named in messages and plans, e.g. {@code localhost} or {@code root@10.0.0.2:22}. */
    String name() {
        return name;
    }

    /** Whether this is the JVM's own machine. */
    boolean isLocal() {
        return host == null;
    }

    /** The absolute path of {@code ip} there (local: null when not installed). */
    String ipPath() {
        return host == null ? Iproute2.ipPath() : ip;
    }

    /**
     * Runs {@code ip args...}.
     *
     * @throws IOException with {@code what}, the host and ip's error message when it fails
     */
    CommandResult ip(String what, String... args) throws IOException {
        return orThrow(what, tryIp(args));
    }

    /** Runs {@code ip args...} and returns how it went, failed or not. */
    CommandResult tryIp(String... args) throws IOException {
        return exec("ip", List.of(args), null);
    }

    /** Runs {@code tc args...} and returns how it went, failed or not. */
    CommandResult tryTc(String... args) throws IOException {
        return exec("tc", List.of(args), null);
    }

    /**
     * Runs several {@code ip} commands in one process ({@code ip -n namespace -batch -}); it
     * stops at the first that fails.
     *
     * @param namespace the namespace they act in, or null for the host's own
     */
    void batch(String what, String namespace, List<String> commands) throws IOException {
        if (commands.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>();
        if (namespace != null) {
            args.addAll(List.of("-n", namespace));
        }
        args.addAll(List.of("-batch", "-"));
        String input = String.join("\n", commands) + "\n";
        orThrow(what, exec("ip", args, input.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Runs a shell script there as root ({@link HostNetScripts}).
     *
     * @throws IOException with {@code what}, the host and the end of its output when it fails
     */
    CommandResult script(String what, String script) throws IOException {
        return orThrow(what, tryScript(script));
    }

    /** Runs a shell script there and returns how it went. */
    CommandResult tryScript(String script) throws IOException {
        String text = SBIN + "\n" + script;
        if (host == null) {
            return Iproute2.runLocal("/bin/sh", List.of("-c", text), null);
        }
        return host.run(text, null, TIMEOUT);
    }

    /** Whether namespace {@code ns} exists there. */
    boolean exists(String ns) throws IOException {
        if (host == null) {
            return new NetworkNamespace(ns).exists();
        }
        return host.run("[ -e /run/netns/" + quote(ns) + " ]", null, TIMEOUT).succeeded();
    }

    /** The names of the namespaces there ({@code /run/netns}). */
    List<String> namespaces() throws IOException {
        if (host == null) {
            return NetworkNamespace.list();
        }
        CommandResult r = host.run("ls -1 /run/netns 2>/dev/null; exit 0", null, TIMEOUT);
        return r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Creates namespace {@code ns} with its loopback up. */
    void createNamespace(String ns) throws IOException {
        if (host == null) {
            new NetworkNamespace(ns).create();
        } else {
            script("creating network namespace " + ns + " on " + name, HostNetScripts.createNamespace(ns));
        }
    }

    /** Kills what runs in namespace {@code ns} and deletes it; a missing one is no error. */
    void deleteNamespace(String ns) throws IOException {
        if (host == null) {
            new NetworkNamespace(ns).delete();
        } else {
            script("removing network namespace " + ns + " on " + name, HostNetScripts.removeNamespace(ns));
        }
    }

    /** Turns on IPv4 forwarding in namespace {@code ns}. */
    void enableForwarding(String ns) throws IOException {
        // /proc/sys/net is per namespace: it has to be written from inside.
        ip(
                "enabling IPv4 forwarding in " + ns + " on " + name,
                "netns",
                "exec",
                ns,
                "sh",
                "-c",
                "echo 1 > /proc/sys/net/ipv4/ip_forward");
    }

    /** The tags that have an owner record there, each with the record when it can be read. */
    Map<RunTag, Optional<OwnerRecord>> ownerRecords() throws IOException {
        Map<RunTag, Optional<OwnerRecord>> records = new LinkedHashMap<>();
        if (host == null) {
            for (RunTag tag : OwnerRecord.recordedTags()) {
                records.put(tag, OwnerRecord.read(tag));
            }
            return records;
        }
        CommandResult r = script(
                "reading the owner records of netns runs",
                "cd " + OwnerRecord.DIR + " 2>/dev/null || exit 0\n"
                        + "for f in ??????; do [ -f \"$f\" ] && { echo \"@@ $f\"; cat \"$f\"; }; done; exit 0\n");
        for (String part : r.stdout().split("(^|\n)@@ ")) {
            if (part.isBlank()) {
                continue;
            }
            int eol = part.indexOf('\n');
            String name = (eol < 0 ? part : part.substring(0, eol)).strip();
            if (name.matches("[a-z0-9]{6}")) {
                records.put(new RunTag(name), OwnerRecord.parse(eol < 0 ? "" : part.substring(eol + 1)));
            }
        }
        return records;
    }

    /** Writes the owner record of {@code tag} there, atomically. */
    void writeRecord(RunTag tag, OwnerRecord record) throws IOException {
        if (host == null) {
            record.write(tag);
            return;
        }
        String file = OwnerRecord.DIR + "/" + tag.value();
        // A temporary name of this shell's own: hosts emulated on one machine share /run and
        // write the same record at once.
        String temp = OwnerRecord.DIR + "/." + tag.value() + ".$$";
        script(
                "writing the owner record " + file,
                "set -e\nmkdir -p " + OwnerRecord.DIR + "\nprintf '%s' " + quote(record.text()) + " > " + temp
                        + "\nmv -f " + temp + " " + file + "\n");
    }

    /**
     * Removes the owner record of {@code tag} there once no namespace of the run is left: hosts
     * emulated on one machine share {@code /run}, so another host's namespaces may still need it.
     */
    void deleteRecordIfUnused(RunTag tag) throws IOException {
        String prefix = tag.prefix() + "-";
        if (host == null) {
            if (NetworkNamespace.list().stream().noneMatch(n -> n.startsWith(prefix))) {
                OwnerRecord.delete(tag);
            }
            return;
        }
        script(
                "removing the owner record of run " + tag,
                "for n in /run/netns/" + prefix + "*; do [ -e \"$n\" ] && exit 0; done\nrm -f " + OwnerRecord.DIR + "/"
                        + tag.value() + "\n");
    }

    /** Removes the owner record of {@code tag} there. */
    void deleteRecord(RunTag tag) throws IOException {
        if (host == null) {
            OwnerRecord.delete(tag);
        } else {
            script("removing the owner record of run " + tag, "rm -f " + OwnerRecord.DIR + "/" + tag.value() + "\n");
        }
    }

    private CommandResult exec(String program, List<String> args, byte[] stdin) throws IOException {
        if (host == null) {
            return Iproute2.runLocal(Iproute2.program(program), args, stdin);
        }
        List<String> words = new ArrayList<>(args.size() + 1);
        words.add(program.equals("ip") ? ip : tc);
        words.addAll(args);
        return host.run(String.join(" ", words.stream().map(w -> quote(w)).toList()), stdin, TIMEOUT);
    }

    private CommandResult orThrow(String what, CommandResult result) throws IOException {
        if (!result.succeeded()) {
            throw new IOException(
                    what + (host == null ? "" : " (on " + name + ")") + " failed: " + result.outputTail(600));
        }
        return result;
    }

    @Override
    public String toString() {
        return name;
    }
}
