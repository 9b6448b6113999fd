package nepi.kernel.it;

import org.junit.jupiter.api.Test;

/** The example notebooks executed with nbclient through the installed kernel (test_notebooks.py). */
class NotebooksIT {

    @Test
    void everyExampleNotebookRunsAndShowsWhatItPromises() throws Exception {
        PythonSuite.run("test_notebooks", 25);
    }
}
