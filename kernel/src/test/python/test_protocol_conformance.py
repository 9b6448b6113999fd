"""jupyter_kernel_test's conformance suite, with Java samples."""
import unittest

import nepi_harness  # noqa: F401  (checks dependencies, installs the kernelspec)
import jupyter_kernel_test


class NepiKernelConformance(jupyter_kernel_test.KernelTests):
    kernel_name = "nepi"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("an error line");'

    completion_samples = [
        {"text": "System.out.printl", "matches": {"println("}},
        {"text": "Integer.parseI", "matches": {"parseInt("}},
        {"text": "%lsm", "matches": {"%lsmagic"}},
    ]

    complete_code_samples = ["1 + 1", "int x = 3;", "void f() { }", "%lsmagic",
                             "for (int i = 0; i < 3; i++) {\n}"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "void f() {", "String s = \"a\" +"]
    invalid_code_samples = ["1 + 1)", "int x = ;)"]

    code_generate_error = 'throw new IllegalStateException("planned failure");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"nepi".toUpperCase()', "result": "NEPI"},
        {"code": "java.util.List.of(1, 2, 3)", "result": "[1, 2, 3]"},
        {"code": "int a = 20;\nint b = 22;\na + b", "result": "42"},
    ]

    code_display_data = [
        {"code": 'display(new Html("<b>bold</b>"))', "mime": "text/html"},
        {"code": "display(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB))",
         "mime": "image/png"},
    ]

    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "6 * *"

    code_inspect_sample = "Math.max"

    code_clear_output = "clearOutput()"


if __name__ == "__main__":
    unittest.main(verbosity=2)
