package nepi.kernel.it;

import org.junit.jupiter.api.Test;

/**
 * Interrupts, streams from any thread, stdin, errors, System.exit, bad signatures, malformed and oversized
 * messages, 20 MB of output, restart, hostile peers and values larger than the heap (test_kernel_behaviour.py).
 */
class KernelBehaviourIT {

    @Test
    void behavesThroughJupyterClient() throws Exception {
        PythonSuite.run("test_kernel_behaviour", 15);
    }
}
