package nepi.resources.linux.host;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.client.config.hosts.HostPatternValue;
import org.apache.sshd.client.config.hosts.HostPatternsHolder;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * Checks the key a server presents against the expected one: {@code serverKey} when given,
 * else the entries of a known-hosts file for the host and port, read as OpenSSH reads them: a
 * key marked {@code @revoked} on any line for the host is refused, and {@code @cert-authority}
 * lines are not host keys. Unknown hosts are refused (never added silently). The reason of a refusal is kept, so that the connection error can
 * say what was wrong rather than MINA's generic "server key did not validate".
 *
 * <p>The host and port checked are the ones the user named, not the socket address: through a
 * gateway, the socket is a local tunnel end.
 */
final class HostKeyCheck implements ServerKeyVerifier {

    /** The markers of known-hosts lines, as MINA gives them (without the '@'). */
    private static final String REVOKED = "revoked";

    private static final String CERT_AUTHORITY = "cert-authority";

    private final String host;
    private final int port;
    private final String serverKey;
    private final Path knownHosts;
    private volatile String rejection;

    HostKeyCheck(String host, int port, String serverKey, Path knownHosts) {
        this.host = host;
        this.port = port;
        this.serverKey = serverKey;
        this.knownHosts = knownHosts;
    }

    /** Why the last key was refused, or null. */
    String rejection() {
        return rejection;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey presented) {
        try {
            rejection = serverKey != null ? checkServerKey(presented) : checkKnownHosts(presented);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            rejection = "cannot check the host key of " + host + ":" + port + ": " + e.getMessage();
        }
        return rejection == null;
    }

    private String checkServerKey(PublicKey presented) throws IOException, GeneralSecurityException {
        PublicKey expected = parse(serverKey.strip());
        if (KeyUtils.compareKeys(expected, presented)) {
            return null;
        }
        return "wrong host key for " + host + ":" + port + ": it presented " + describe(presented)
                + " but serverKey is " + describe(expected) + " (a changed host, or someone in the middle)";
    }

    private String checkKnownHosts(PublicKey presented) throws IOException, GeneralSecurityException {
        if (!Files.isReadable(knownHosts)) {
            return "cannot check the host key of " + host + ":" + port + ": known-hosts file " + knownHosts
                    + " does not exist; set serverKey, or add the host with: ssh-keyscan -p " + port + " " + host
                    + " >> " + knownHosts;
        }
        List<KnownHostEntry> entries = KnownHostEntry.readKnownHostEntries(knownHosts).stream()
                .filter(e -> e.getKeyEntry() != null && (e.isHostMatch(host, port) || matchesAsOpenSsh(e)))
                .toList();
        // As OpenSSH: a key revoked on any line for this host (a "*" pattern included) is
        // refused whatever other lines say, and @cert-authority lines hold keys that sign host
        // certificates, never a host's own key.
        for (KnownHostEntry entry : entries) {
            if (REVOKED.equals(entry.getMarker()) && sameKey(entry, presented)) {
                return "the host key of " + host + ":" + port + " (" + describe(presented) + ") is marked @revoked in "
                        + knownHosts + "; it is refused whatever other lines say";
            }
        }
        boolean listed = false;
        boolean certAuthority = false;
        for (KnownHostEntry entry : entries) {
            String marker = entry.getMarker();
            if (marker != null) {
                certAuthority |= CERT_AUTHORITY.equals(marker);
                continue;
            }
            listed = true;
            if (sameKey(entry, presented)) {
                return null;
            }
        }
        if (listed) {
            return "wrong host key for " + host + ":" + port + ": it presented " + describe(presented)
                    + ", which does not match its entry in " + knownHosts
                    + " (a changed host, or someone in the middle)";
        }
        return "unknown host " + host + ":" + port + " (key " + describe(presented) + "): it is not in " + knownHosts
                + (certAuthority
                        ? " (its @cert-authority lines hold keys of certificate authorities, which sign host"
                                + " certificates; they are not host keys, and NEPI does not check host certificates)"
                        : "")
                + "; set serverKey, or add it with: ssh-keyscan -p " + port + " " + host + " >> " + knownHosts;
    }

    /**
     * Whether the patterns of {@code entry} match the host as OpenSSH matches them: a pattern
     * without a port is matched against {@code [host]:port} when the port is not 22, so that
     * {@code *} names every host on every port (MINA matches such a pattern on port 22 only).
     */
    private boolean matchesAsOpenSsh(KnownHostEntry entry) {
        String name = port == 22 ? host : "[" + host + "]:" + port;
        boolean matched = false;
        for (HostPatternValue pattern :
                entry.getPatterns() == null ? List.<HostPatternValue>of() : entry.getPatterns()) {
            boolean matches = pattern.getPort() > 0
                    ? pattern.getPort() == port && HostPatternsHolder.isHostMatch(host, pattern.getPattern())
                    : HostPatternsHolder.isHostMatch(name, pattern.getPattern());
            if (matches && pattern.isNegated()) {
                return false;
            }
            matched |= matches;
        }
        return matched;
    }

    private static boolean sameKey(KnownHostEntry entry, PublicKey presented)
            throws IOException, GeneralSecurityException {
        PublicKey known = entry.getKeyEntry().resolvePublicKey(null, null, PublicKeyEntryResolver.IGNORING);
        return known != null && KeyUtils.compareKeys(known, presented);
    }

    /** Parses a public key in OpenSSH format ({@code "ssh-ed25519 AAAA... comment"}). */
    static PublicKey parse(String openSshKey) throws IOException, GeneralSecurityException {
        PublicKeyEntry entry = PublicKeyEntry.parsePublicKeyEntry(openSshKey);
        if (entry == null) {
            throw new IllegalArgumentException(
                    "serverKey is not a public key in OpenSSH format ('ssh-ed25519 AAAA...')");
        }
        PublicKey key = entry.resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
        if (key == null) {
            throw new IllegalArgumentException("serverKey has a key type that cannot be read: " + entry.getKeyType());
        }
        return key;
    }

    private static String describe(PublicKey key) {
        return KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key);
    }
}
