package nepi.resources.netns;

import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceType;
import nepi.resources.linux.LinuxApplication;
import nepi.resources.linux.LinuxNode;

/**
 * A command run inside the namespace of a {@link NetnsNode}: a {@link LinuxApplication}
 * (same attributes, traces, end detection and stop semantics, same code) that only runs on a
 * netns node. Any {@code linux::} application connected to a netns node runs inside its
 * namespace too; this type says so in the design and refuses plain Linux hosts.
 */
@ResourceType(
        value = "netns::Application",
        aliases = {"NetnsApplication"},
        help = "A command run inside the network namespace of a netns::Node, with everything a linux::Application has:"
                + " command, env, depends, sources, build, install, stdin...; STOPPED when it exits with 0, FAILED"
                + " otherwise; stop kills its process tree. Traces: stdout, stderr, exitcode.")
public class NetnsApplication extends LinuxApplication {

    public NetnsApplication(ResourceContext ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected void checkConnection(ResourceManager other) {
        if (other instanceof LinuxNode && !(other instanceof NetnsNode)) {
            throw new IllegalArgumentException(this + " runs inside a netns::Node, and " + other + " is not one; use a"
                    + " linux::Application for a plain Linux host");
        }
        super.checkConnection(other);
    }
}
