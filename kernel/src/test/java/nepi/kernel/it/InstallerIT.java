package nepi.kernel.it;

import org.junit.jupiter.api.Test;

/** install/install.sh: prefix and user installs, bad options, odd paths (test_install.py). */
class InstallerIT {

    @Test
    void installsTheKernelspec() throws Exception {
        PythonSuite.run("test_install", 5);
    }
}
