package nepi.resources.netns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the tests look at in the kernel, independently of the RMs: namespaces, links and
 * owner records, as {@code ip} shows them.
 */
final class Kernel {

    private Kernel() {}

    /** The namespaces whose names start with {@code prefix}, as {@code ip netns list} shows them. */
    static List<String> namespaces(String prefix) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Iproute2.ip("listing namespaces", "netns", "list")
                .stdout()
                .lines()
                .toList()) {
            String name = line.strip().split("\\s+")[0];
            if (name.startsWith(prefix)) {
                names.add(name);
            }
        }
        return names;
    }

    /** The links of this machine's own namespace whose names contain {@code text}. */
    static List<String> rootLinks(String text) throws IOException {
        return Iproute2.ip("listing links", "-o", "link", "show")
                .stdout()
                .lines()
                .map(l -> l.split(":\\s+")[1].split("@")[0])
                .filter(n -> n.contains(text))
                .toList();
    }

    /** The links of namespace {@code ns}, by name (lo included). */
    static List<String> links(String ns) throws IOException {
        return Iproute2.ip("listing links of " + ns, "-n", ns, "-o", "link", "show")
                .stdout()
                .lines()
                .map(l -> l.split(":\\s+")[1].split("@")[0])
                .toList();
    }

    /** What {@code ip -n ns args...} prints. */
    static String ip(String ns, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("-n", ns));
        all.addAll(List.of(args));
        return Iproute2.ip("ip " + String.join(" ", all), all.toArray(String[]::new))
                .stdout();
    }

    /** What {@code tc -n ns args...} prints. */
    static String tc(String ns, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("-n", ns));
        all.addAll(List.of(args));
        var r = Iproute2.tryTc(all.toArray(String[]::new));
        if (!r.succeeded()) {
            throw new IOException("tc " + String.join(" ", all) + " failed: " + r.outputTail(300));
        }
        return r.stdout();
    }

    /** The run prefix ({@code nepi<tag>}) of a namespace name. */
    static String prefixOf(String namespace) {
        return RunTag.ofNamespace(namespace).orElseThrow().prefix();
    }

    /**
     * The namespaces of every run of experiment {@code expId} that has an owner record, and the
     * records' tags: what a run of that experiment has created and not removed.
     */
    static List<String> createdFor(String expId) throws IOException {
        List<String> found = new ArrayList<>();
        for (RunTag tag : OwnerRecord.recordedTags()) {
            if (OwnerRecord.read(tag).map(r -> r.expId().equals(expId)).orElse(false)) {
                found.add("owner record " + tag);
                found.addAll(namespaces(tag.prefix()));
            }
        }
        return found;
    }
}
