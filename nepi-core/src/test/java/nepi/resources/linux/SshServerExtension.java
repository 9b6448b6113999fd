package nepi.resources.linux;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link TestSshServer} for all the tests of a class: started before the first, closed
 * (with every connection process it forked) after the last, even when a test failed.
 * Register it as {@code @RegisterExtension static final SshServerExtension SSH = new SshServerExtension();}.
 */
final class SshServerExtension implements BeforeAllCallback, AfterAllCallback {

    private TestSshServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = TestSshServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** The running server; only between the class's first and last test. */
    TestSshServer server() {
        if (server == null) {
            throw new IllegalStateException("the SSH server runs only while the test class runs");
        }
        return server;
    }
}
