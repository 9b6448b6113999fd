package nepi.resources.linux.host;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how to reach a host over SSH. Equal targets share one connection.
 *
 * @param user the user to log in as
 * @param host the host name or address
 * @param port the SSH port
 * @param identity the private key file to log in with, or null for the user's
 *                 {@code ~/.ssh/id_ed25519}, {@code id_ecdsa} and {@code id_rsa}
 * @param serverKey the host's public key ({@code "ssh-ed25519 AAAA..."}), or null to check
 *                  it against {@code knownHosts}
 * @param knownHosts the known-hosts file to check host keys against
 * @param gateway a host to hop through, or null
 * @param gatewayUser the user on the gateway
 * @param gatewayPort the gateway's SSH port
 * @param connectTimeout how long connecting and logging in may take, and how long a connected
 *                       host may leave heartbeats unanswered before it counts as lost
 */
public record SshTarget(
        String user,
        String host,
        int port,
        Path identity,
        String serverKey,
        Path knownHosts,
        String gateway,
        String gatewayUser,
        int gatewayPort,
        Duration connectTimeout) {

    /** The connect timeout of {@code linux::Node} unless set. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** How the target is named in messages: {@code user@host:port}, with the gateway if any. */
    public String describe() {
        String target = user + "@" + host + ":" + port;
        return gateway == null ? target : target + " (through gateway " + describeGateway() + ")";
    }

    /**
     * The gateway as a target of its own (null without one): the same keys, known hosts and connect timeout, no
     * gateway. Every target behind the same gateway, and a node on the gateway itself, share its connection.
     */
    public SshTarget gatewayTarget() {
        if (gateway == null) {
            return null;
        }
        return new SshTarget(
                gatewayUser,
                gateway,
                gatewayPort,
                identity,
                null,
                knownHosts,
                null,
                gatewayUser,
                DEFAULT_GATEWAY_PORT,
                connectTimeout);
    }

    /** The gateway port of a target without a gateway, as {@code linux::Node} gives it. */
    static final int DEFAULT_GATEWAY_PORT = 22;

    /** How the gateway is named in messages. */
    public String describeGateway() {
        return gatewayUser + "@" + gateway + ":" + gatewayPort;
    }
}
