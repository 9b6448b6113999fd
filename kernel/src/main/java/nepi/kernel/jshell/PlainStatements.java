package nepi.kernel.jshell;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
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
 * a declaration would vanish at the closing brace. Also tells whether the cell's last snippet is an expression whose
 * value the cell shows ({@link Tail}). Parses only (no attribution): all snippets of a cell in one javac task, about
 * a millisecond.
 */
final class PlainStatements implements AutoCloseable {

    private static final String BEFORE = "class Cell { void run() {\n";
    private static final String AFTER = "\n} }";
    /** The last snippet as the operand of a {@code return}: it parses so only when it is an expression. */
    private static final String BEFORE_VALUE = "class Cell { Object run() {\nreturn ";

    private static final String AFTER_VALUE = "\n;\n} }";

    /** What the cell's last snippet can be in a block of plain statements. */
    enum Tail {
        /** An expression: JShell shows its value (when it has one), so it is captured ({@link CellValue}). */
        VALUE,
        /** A plain statement whose value JShell does not show (an assignment to a variable, an {@code if}). */
        PLAIN,
        /** Anything else (a declaration, an incomplete or invalid snippet): it runs on its own. */
        OTHER
    }

    /** Which snippets are plain statements, and what the last one is. */
    record Classified(boolean[] plain, Tail tail) {}

    /**
     * @param sources the snippets, {@code null} for one that is not to be merged anyway (e.g. incomplete)
     */
    Classified classify(List<String> sources) {
        boolean[] plain = plainStatements(sources);
        int last = sources.size() - 1;
        // The last snippet can only join a block of the plain statements just before it.
        if (last < 1 || sources.get(last) == null || !plain[last - 1]) {
            return new Classified(plain, Tail.OTHER);
        }
        String expression = expressionOf(sources.get(last));
        if (expression != null) {
            CompilationUnitTree tree = parseOne(BEFORE_VALUE + expression + AFTER_VALUE);
            if (tree != null && returned(tree) instanceof ExpressionTree value) {
                // JShell shows no value for an assignment to a variable (x = 5), and shows any other expression's.
                boolean assignsVariable = value instanceof AssignmentTree assignment
                        && assignment.getVariable() instanceof IdentifierTree;
                if (!assignsVariable) {
                    return new Classified(plain, Tail.VALUE);
                }
            }
        }
        return new Classified(plain, plain[last] ? Tail.PLAIN : Tail.OTHER);
    }

    /** The snippet without its final semicolon (JShell's sources end in one), or null when it is empty. */
    static String expressionOf(String source) {
        String text = source.strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text.isEmpty() ? null : text;
    }

    private static Tree returned(CompilationUnitTree tree) {
        if (tree.getTypeDecls().size() != 1
                || !(tree.getTypeDecls().get(0) instanceof ClassTree cell)
                || cell.getMembers().size() != 1
                || !(cell.getMembers().get(0) instanceof MethodTree method)
                || method.getBody() == null
                || method.getBody().getStatements().size() != 1
                || !(method.getBody().getStatements().get(0) instanceof ReturnTree returned)) {
            return null;
        }
        return returned.getExpression();
    }

    /** One unit parsed, or null when it has a syntax error. */
    private CompilationUnitTree parseOne(String text) {
        boolean[] broken = new boolean[1];
        JavacTask task = (JavacTask) javac.getTask(
                null,
                files,
                diagnostic -> broken[0] |= diagnostic.getKind() == Diagnostic.Kind.ERROR,
                List.of("-proc:none"),
                null,
                List.of(new Source(-1, text)));
        try {
            for (CompilationUnitTree tree : task.parse()) {
                return broken[0] ? null : tree;
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    private final StandardJavaFileManager files =
            javac == null ? null : javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);

    /**
     * @param sources the snippets, {@code null} for one that is not to be merged anyway (e.g. incomplete)
     * @return for each snippet, whether it is a plain statement; all false when javac is not available
     */
    boolean[] plainStatements(List<String> sources) {
        boolean[] plain = new boolean[sources.size()];
        if (files == null || sources.stream().filter(s -> s != null).count() < 2) {
            // Merging needs two snippets at least.
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
