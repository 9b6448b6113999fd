package nepi.resources.netns;

import static nepi.resources.linux.host.ShellWords.quote;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import nepi.core.exec.CommandProcess;
import nepi.core.resource.TraceSource;
import nepi.resources.linux.host.CommandResult;
import nepi.resources.linux.host.DetachedProcess;
import nepi.resources.linux.host.FileContent;
import nepi.resources.linux.host.Host;
import nepi.resources.linux.host.LocalHost;
import nepi.resources.linux.host.ProcessFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host seen from inside a network namespace: the {@link Host} of a {@link NetnsNode}. The
 * host is this machine ({@link LocalHost}) or the one of the {@code linux::Node} the netns
 * node is connected to (an SSH host, say). Files are that host's (namespaces only change the
 * network), so they go through its {@link Host}; every command is entered into the namespace
 * with {@code ip netns exec}, which execs in place, so pids and process groups are those of
 * the command and {@code linux::Application} stops and end detection (local process exits, or
 * the SSH host's exit-event file) work unchanged.
 *
 * <p>The namespace lives as long as this host: {@link #close()}, which the node's release
 * calls after its applications are gone and its {@code tearDown} ran, deletes it, then closes
 * the inner host (an SSH host object of the node's own, sharing the connection).
 */
final class NamespaceHost implements Host {

    private static final Logger LOG = LoggerFactory.getLogger(NamespaceHost.class);

    private final Host local;
    private final NetHost net;
    private final NetworkNamespace namespace;
    private final NetnsRun run;
    private final String enter;

    NamespaceHost(Host inner, NetHost net, NetworkNamespace namespace, NetnsRun run) {
        this.local = inner;
        this.net = net;
        this.namespace = namespace;
        this.run = run;
        this.enter = "exec " + quote(net.ipPath()) + " netns exec " + quote(namespace.name()) + " ";
    }

    /** The host the namespace is on. */
    Host inner() {
        return local;
    }

    @Override
    public String name() {
        return "netns " + namespace.name() + (net.isLocal() ? "" : " on " + net.name());
    }

    @Override
    public boolean isLocal() {
        return local.isLocal();
    }

    @Override
    public String home() throws IOException {
        return local.home();
    }

    @Override
    public CommandResult run(String command, byte[] stdin, Duration timeout) throws IOException {
        return local.run(enter + "sh -c " + quote(command), stdin, timeout);
    }

    /** Entered with {@code ip netns exec}, which execs in place: the group killed is the command's. */
    @Override
    public CommandProcess start(String command, OutputStream out, OutputStream err) throws IOException {
        return local.start(enter + "sh -c " + quote(command), out, err);
    }

    @Override
    public void mkdirs(List<String> dirs) throws IOException {
        local.mkdirs(dirs);
    }

    @Override
    public void writeFiles(List<FileContent> files) throws IOException {
        local.writeFiles(files);
    }

    @Override
    public void upload(Path localFile, String remotePath) throws IOException {
        local.upload(localFile, remotePath);
    }

    @Override
    public void remove(List<String> paths) throws IOException {
        local.remove(paths);
    }

    /**
     * The inner host's wrapper, run inside the namespace: the wrapper script execs
     * {@code ip netns exec} which execs {@code sh} on the original text, so the process the
     * host starts, its pid and its process group stay the same all the way down (and over SSH
     * the wrapper still appends the end to the host's exit-event file).
     */
    @Override
    public String wrapperText(ProcessFiles files, boolean sudo) {
        return "#!/bin/sh\n# Written by NEPI: runs the wrapper below inside network namespace " + namespace.name()
                + ".\n" + enter + "sh -c " + quote(local.wrapperText(files, sudo)) + "\n";
    }

    @Override
    public DetachedProcess startDetached(ProcessFiles files) throws IOException {
        return local.startDetached(files);
    }

    @Override
    public void killGroup(int pgid, boolean sudo) throws IOException {
        // Signals cross network namespaces: no need to enter one.
        local.killGroup(pgid, sudo);
    }

    @Override
    public TraceSource file(String path) {
        return local.file(path);
    }

    /** Deletes the namespace, and with it the links in it. */
    @Override
    public void close() {
        try {
            run.remove(net, namespace);
        } catch (IOException e) {
            LOG.warn("{}: {}", name(), e.getMessage());
        }
        local.close();
    }

    @Override
    public String toString() {
        return name();
    }
}
