package nepi.kernel.it;

import org.junit.jupiter.api.Test;

/** {@code %exec} and {@code %%exec} through a real jupyter_client, interrupt included (test_exec.py). */
class ExecMagicIT {

    @Test
    void execWorksThroughJupyterClient() throws Exception {
        PythonSuite.run("test_exec", 10);
    }
}
