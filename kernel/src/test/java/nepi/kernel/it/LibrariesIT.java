package nepi.kernel.it;

import org.junit.jupiter.api.Test;

/**
 * {@code %maven}, {@code %mavenRepo}, {@code %jars} and {@code %classpath} through jupyter_client, from a repository
 * written on disk and from Maven Central, with their bad input, and another Jackson in a cell beside the kernel's
 * (test_libraries.py).
 */
class LibrariesIT {

    @Test
    void librariesAreAddedThroughJupyterClient() throws Exception {
        PythonSuite.run("test_libraries", 10);
    }
}
