package nepi.kernel.it;

import org.junit.jupiter.api.Test;

/**
 * Cell magics, {@code %%time}/{@code %time}, {@code %%html}/{@code %%markdown} and {@code %run}, with their bad
 * input (test_cell_magics.py).
 */
class CellMagicsIT {

    @Test
    void cellMagicsWorkThroughJupyterClient() throws Exception {
        PythonSuite.run("test_cell_magics", 10);
    }
}
