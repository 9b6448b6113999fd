package nepi.kernel.jshell;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Tells which snippets of a cell are plain statements: statements that declare nothing (no variable, method, class
 * or import) and are valid Java statements inside a method body. Only those may run together in one block, where
 * a declaration would vanish at the closing brace. Parses only (no attribution): all snippets of a cell in one
 * javac task, about a millisecond.
 */
final class PlainStatements implements AutoCloseable {

    private static final String BEFORE = "class Cell { void run() {\n";
    private static final String AFTER = "\n} }";

    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    private final StandardJavaFileManager files =
            javac == null ? null : javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);

    /**
     * @param sources the snippets, {@code null} for one that is not to be merged anyway (e.g. incomplete)
     * @return for each snippet, whether it is a plain statement; all false when javac is not available
     */
    boolean[] plainStatements(List<String> sources) {
        boolean[] plain = new boolean[sources.size()];
        if (files == null || sources.stream().filter(s -> s != null).count() < 3) {
            // Merging needs two plain statements before the cell's last snippet.
            return plain;
        }
        List<JavaFileObject> units = new ArrayList<>();
        // javac hands back its own wrappers of the file objects: they are matched by URI.
        Map<URI, Integer> index = new HashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            if (sources.get(i) != null) {
                JavaFileObject unit = new Source(i, BEFORE + sources.get(i) + AFTER);
                units.add(unit);
                index.put(unit.toUri(), i);
            }
        }
        Set<URI> broken = new HashSet<>();
        JavacTask task = (JavacTask) javac.getTask(
                null,
                files,
                diagnostic -> {
                    if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
                        if (diagnostic.getSource() != null) {
                            broken.add(diagnostic.getSource().toUri());
                        }
                    }
                },
                List.of("-proc:none"),
                null,
                units);
        Iterable<? extends CompilationUnitTree> trees;
        try {
            trees = task.parse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (CompilationUnitTree tree : trees) {
            URI unit = tree.getSourceFile().toUri();
            Integer i = index.get(unit);
            if (i != null && !broken.contains(unit)) {
                plain[i] = declaresNothing(tree);
            }
        }
        return plain;
    }

    private static boolean declaresNothing(CompilationUnitTree tree) {
        if (!tree.getImports().isEmpty() || tree.getTypeDecls().size() != 1) {
            return false;
        }
        ClassTree cell = (ClassTree) tree.getTypeDecls().get(0);
        if (cell.getMembers().size() != 1 || !(cell.getMembers().get(0) instanceof MethodTree method)) {
            return false;
        }
        BlockTree body = method.getBody();
        if (body == null || body.getStatements().isEmpty()) {
            return false;
        }
        for (StatementTree statement : body.getStatements()) {
            Tree.Kind kind = statement.getKind();
            if (kind == Tree.Kind.VARIABLE || statement instanceof ClassTree || kind == Tree.Kind.EMPTY_STATEMENT) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (files != null) {
            try {
                files.close();
            } catch (IOException e) {
                // Nothing was written; nothing to lose.
            }
        }
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(int index, String text) {
            super(URI.create("string:///Cell" + index + ".java"), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
