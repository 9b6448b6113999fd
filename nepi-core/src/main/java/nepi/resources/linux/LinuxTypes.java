package nepi.resources.linux;

import java.util.List;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceTypeProvider;

/** Makes the linux family known to the resource factory. */
public final class LinuxTypes implements ResourceTypeProvider {

    @Override
    public List<Class<? extends ResourceManager>> resourceTypes() {
        return List.of(
                LinuxNode.class,
                LinuxApplication.class,
                LinuxPing.class,
                LinuxTraceroute.class,
                LinuxTcpdump.class,
                LinuxIperf.class,
                LinuxCollector.class);
    }
}
