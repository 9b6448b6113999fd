package nepi.kernel.it;

import org.junit.jupiter.api.Test;

/**
 * The quickstart notebook run in headless Chromium on a real Jupyter Notebook server (test_browser.py): its plot and
 * its trace table, sorted by clicks on a header.
 */
class BrowserIT {

    @Test
    void theQuickstartShowsItsPlotAndASortableTraceTableInABrowser() throws Exception {
        PythonSuite.run("test_browser", 10);
    }
}
