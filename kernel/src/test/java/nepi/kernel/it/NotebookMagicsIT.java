package nepi.kernel.it;

import org.junit.jupiter.api.Test;

/**
 * The NEPI magics on a localhost experiment (linux::Node, linux::Application, linux::Ping), live tables, trace
 * plots, timeline, graph, save/load/runs, completion, inspection, interrupts and bad input
 * (test_notebook_magics.py).
 */
class NotebookMagicsIT {

    @Test
    void magicsWorkThroughJupyterClient() throws Exception {
        PythonSuite.run("test_notebook_magics", 10);
    }
}
