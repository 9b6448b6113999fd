package nepi.kernel.session;

import java.util.List;

/**
 * What every session (and every restart) starts with: the usual imports and the display API. Extensions add
 * theirs ({@link Session#addToPrelude}).
 */
final class SessionPrelude {

    private SessionPrelude() {}

    static List<String> snippets() {
        return List.of(
                "import java.io.*;",
                "import java.math.*;",
                "import java.net.*;",
                "import java.nio.file.*;",
                "import java.time.*;",
                "import java.util.*;",
                "import java.util.concurrent.*;",
                "import java.util.function.*;",
                "import java.util.regex.*;",
                "import java.util.stream.*;",
                "import nepi.kernel.display.*;",
                "import static nepi.kernel.display.Display.*;");
    }

    /** Snippets run and dropped at start-up, so that the compiler is warm when the first real cells come. */
    static List<String> warmUp() {
        return List.of(
                "1 + 1",
                "String warm = \"x\".repeat(3);",
                "for (int i = 0; i < 3; i++) { }",
                // The block cells' runs of plain statements compile to.
                "{ long w = 1; w += 2; w *= 3; }",
                "int warmSquare(int x) { return x * x; }",
                "warmSquare(4)",
                "List.of(1, 2, 3).size()");
    }
}
