package nepi.kernel.nepi;

import java.nio.file.Files;
import java.nio.file.Path;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceType;
import nepi.core.resource.Trace;
import nepi.core.resource.TraceSource;

/** A test resource whose one trace, {@code stdout}, holds five numbered lines once it is deployed. */
@ResourceType(value = "kerneltest::Lines", help = "Writes five lines to its stdout trace when deployed.")
public class LinesResource extends ResourceManager {

    public static final Trace STDOUT = Trace.enabled("stdout", "five lines");

    private volatile Path stdout;

    public LinesResource(ExperimentController ec, int guid) {
        super(ec, guid);
    }

    @Override
    protected void doDeploy() throws Exception {
        Path file = getEc().getRunDir().resolve(getGuid() + ".stdout");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "line1\nline2\nline3\nline4\nline5\n");
        stdout = file;
        super.doDeploy();
    }

    @Override
    public TraceSource traceSource(String name) {
        Path file = stdout;
        return file == null ? null : TraceSource.ofFile(file);
    }
}
