package nepi.resources.linux.host;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;

import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * Checks the key a server presents against the expected one: {@code serverKey} when given,
 * else the entries of a known-hosts file for the host and port. Unknown hosts are refused
 * (never added silently). The reason of a refusal is kept, so that the connection error can
 * say what was wrong rather than MINA's generic "server key did not validate".
 *
 * <p>The host and port checked are the ones the user named, not the socket address: through a
 * gateway, the socket is a local tunnel end.
 */
final class HostKeyCheck implements ServerKeyVerifier {

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
        List<KnownHostEntry> entries = KnownHostEntry.readKnownHostEntries(knownHosts);
        boolean listed = false;
        for (KnownHostEntry entry : entries) {
            if (!entry.isHostMatch(host, port) || entry.getKeyEntry() == null) {
                continue;
            }
            listed = true;
            PublicKey known = entry.getKeyEntry().resolvePublicKey(null, null, PublicKeyEntryResolver.IGNORING);
            if (known != null && KeyUtils.compareKeys(known, presented)) {
                if ("revoked".equals(entry.getMarker())) {
                    return "the host key of " + host + ":" + port + " is marked @revoked in " + knownHosts;
                }
                return null;
            }
        }
        if (listed) {
            return "wrong host key for " + host + ":" + port + ": it presented " + describe(presented)
                    + ", which does not match its entry in " + knownHosts + " (a changed host, or someone in the middle)";
        }
        return "unknown host " + host + ":" + port + " (key " + describe(presented) + "): it is not in " + knownHosts
                + "; set serverKey, or add it with: ssh-keyscan -p " + port + " " + host + " >> " + knownHosts;
    }

    /** Parses a public key in OpenSSH format ({@code "ssh-ed25519 AAAA... comment"}). */
    static PublicKey parse(String openSshKey) throws IOException, GeneralSecurityException {
        PublicKeyEntry entry = PublicKeyEntry.parsePublicKeyEntry(openSshKey);
        if (entry == null) {
            throw new IllegalArgumentException("serverKey is not a public key in OpenSSH format ('ssh-ed25519 AAAA...')");
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
