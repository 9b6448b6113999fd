package nepi.resources.linux.host;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Every {@link ShellAgentTest} case with the agent run by a POSIX {@code sh}, as on a host without bash. */
class ShellAgentWithoutBashTest extends ShellAgentTest {

    @Override
    LocalAgent startAgent() throws IOException {
        return new LocalAgent(List.of("sh", "-c", ShellAgent.SCRIPT), Map.of());
    }

    @Override
    boolean waits() {
        return false;
    }
}
