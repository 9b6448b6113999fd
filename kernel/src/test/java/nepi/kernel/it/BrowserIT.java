package nepi.kernel.it;

import org.junit.jupiter.api.Test;

/** The quickstart notebook run in headless Chromium on a real Jupyter Notebook server (test_browser.py). */
class BrowserIT {

    @Test
    void theQuickstartShowsItsPlotInABrowser() throws Exception {
        PythonSuite.run("test_browser", 10);
    }
}
