package nepi.kernel.it;

import org.junit.jupiter.api.Test;

/**
 * The quickstart and ns-3 notebooks run in headless Chromium on a real Jupyter Notebook server (test_browser.py):
 * their plots and their tables (a ping's trace, ns-3's flows), sorted by clicks on a header.
 */
class BrowserIT {

    @Test
    void notebooksShowTheirPlotsAndSortableTablesInABrowser() throws Exception {
        PythonSuite.run("test_browser", 25);
    }
}
