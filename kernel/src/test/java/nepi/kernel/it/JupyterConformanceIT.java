package nepi.kernel.it;

import org.junit.jupiter.api.Test;

/** jupyter_kernel_test's conformance suite with Java samples (test_protocol_conformance.py). */
class JupyterConformanceIT {

    @Test
    void passesJupyterKernelTest() throws Exception {
        PythonSuite.run("test_protocol_conformance", 5);
    }
}
