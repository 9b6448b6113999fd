package nepi.kernel.jshell;

import java.io.File;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Java evaluation with JShell, in this JVM. Splits a cell into snippets, runs them in order, stops at the first
 * error, and keeps the real value of a trailing expression. Also offers JShell's source analysis: completion,
 * documentation and completeness. Not thread-safe: the session calls it from one thread at a time.
 */
public final class Evaluator implements AutoCloseable {

    private final JShell jshell;
    private final SourceCodeAnalysis analysis;
    private final CellExecutionControl control;
    private final SnippetOrigins origins = new SnippetOrigins();
    private final CompileErrorFormatter compileErrors = new CompileErrorFormatter();
    private final StackTraceFormatter stackTraces = new StackTraceFormatter(origins);
    private final PlainStatements statements = new PlainStatements();

    /** An evaluator being created ahead of the session that will take it, or null. */
    private static final AtomicReference<CompletableFuture<Evaluator>> EARLY = new AtomicReference<>();

    /**
     * Starts creating an evaluator on a thread of its own, and compiles a first snippet with it, for the next
     * {@link #create} to take: the kernel calls this first thing, so that JShell and javac start while the wire layer
     * does (each takes CPU seconds on a cold JVM), not after it.
     *
     * @param diagnostics where JShell's own messages go (the kernel log stream, never the notebook)
     */
    public static void startEarly(PrintStream diagnostics) {
        CompletableFuture<Evaluator> early = new CompletableFuture<>();
        if (!EARLY.compareAndSet(null, early)) {
            return;
        }
        Thread starter = new Thread(
                () -> {
                    try {
                        Evaluator evaluator = new Evaluator(diagnostics);
                        // javac's first compilation opens the JDK's modules and the class path: the slow part.
                        for (SnippetEvent event : evaluator.evalRaw("{ int nepiStart = 1; nepiStart++; }")) {
                            if (event.causeSnippet() == null) {
                                evaluator.drop(event.snippet());
                            }
                        }
                        early.complete(evaluator);
                    } catch (RuntimeException | Error e) {
                        early.completeExceptionally(e);
                    }
                },
                "nepi-jshell-start");
        starter.setDaemon(true);
        starter.start();
    }

    /**
     * The evaluator {@link #startEarly} began, once it is ready, or a new one when none was started (or it failed:
     * then this one says why).
     *
     * @param diagnostics where JShell's own messages go (the kernel log stream, never the notebook)
     */
    public static Evaluator create(PrintStream diagnostics) {
        CompletableFuture<Evaluator> early = EARLY.getAndSet(null);
        if (early != null) {
            try {
                return early.join();
            } catch (CompletionException e) {
                // Created again below, on the caller's thread, so that the failure reaches the caller.
            }
        }
        return new Evaluator(diagnostics);
    }

    /**
     * @param diagnostics where JShell's own messages go (the kernel log stream, never the notebook)
     */
    public Evaluator(PrintStream diagnostics) {
        CellExecutionControl[] created = new CellExecutionControl[1];
        this.jshell = JShell.builder()
                .executionEngine(CellExecutionControl.provider(created), Map.of())
                .out(diagnostics)
                .err(diagnostics)
                .in(InputStream.nullInputStream())
                .build();
        this.control = created[0];
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                jshell.addToClasspath(entry);
            }
        }
        this.analysis = jshell.sourceCodeAnalysis();
    }

    /**
     * Runs Java code.
     *
     * @param code       the code (a whole cell, or the Java part of it between magic lines)
     * @param cellLabel  how errors name the cell, e.g. {@code Cell In[3]}
     * @param lineOffset lines of the cell before {@code code}
     * @param notes      receives remarks that are not errors (e.g. a method that needs a declaration still missing)
     */
    public CellResult evaluate(String code, String cellLabel, int lineOffset, Consumer<String> notes) {
        List<Piece> pieces = split(code);
        PlainStatements.Classified classified = statements.classify(pieces.stream()
                .map(piece -> piece.complete() ? piece.source() : null)
                .toList());
        boolean[] plain = classified.plain();
        int lastPiece = pieces.size() - 1;
        CellResult last = CellResult.Success.NO_VALUE;
        int i = 0;
        while (i < pieces.size()) {
            if (CellGuard.stopRequested()) {
                return interrupted();
            }
            // A run of plain statements compiles as one block: each JShell snippet costs a compile (~9 ms). The
            // cell's last snippet joins the block when it is an expression (its value is captured, see CellValue)
            // or a statement that shows no value; otherwise it stays on its own, where its result is JShell's.
            int end = i;
            while (end < lastPiece && plain[end]) {
                end++;
            }
            PlainStatements.Tail tail = PlainStatements.Tail.OTHER;
            if (end == lastPiece && classified.tail() != PlainStatements.Tail.OTHER) {
                tail = classified.tail();
                end++;
            }
            if (end - i >= 2) {
                Optional<CellResult> merged =
                        evaluateRun(pieces.subList(i, end), tail, code, cellLabel, lineOffset, notes);
                if (merged.isPresent()) {
                    last = merged.get();
                    if (last instanceof CellResult.Failure) {
                        return last;
                    }
                    i = end;
                    continue;
                }
                // It did not compile (nothing ran): one snippet at a time, for JShell's exact messages and values.
            }
            Piece piece = pieces.get(i);
            last = evaluateSnippet(piece.source(), code, piece.start(), cellLabel, lineOffset, notes);
            if (last instanceof CellResult.Failure || !piece.complete()) {
                return last;
            }
            i++;
        }
        return CellGuard.stopRequested() ? interrupted() : last;
    }

    /**
     * One snippet of a cell: its source as JShell takes it, its offset in the cell, the number of cell characters
     * it covers, and whether it is complete (an incomplete snippet is the end of the cell: the compiler says what is
     * missing).
     */
    record Piece(String source, int start, int length, boolean complete) {}

    /** Splits a cell into JShell snippets, by syntax only (nothing is compiled). */
    List<Piece> split(String code) {
        List<Piece> pieces = new ArrayList<>();
        String remaining = code;
        while (!remaining.isBlank()) {
            // JShell numbers the lines of a class declared after blank lines wrongly (its methods' frames say line
            // 1): a snippet starts at its first character that is not blank.
            remaining = remaining.stripLeading();
            int start = code.length() - remaining.length();
            Analysed info = analyseFirstSnippet(remaining);
            if (info.completeness() == Completeness.EMPTY) {
                break;
            }
            boolean complete = info.completeness().isComplete() && info.source() != null;
            if (!complete) {
                pieces.add(new Piece(remaining, start, remaining.length(), false));
                break;
            }
            pieces.add(new Piece(
                    info.source(), start, remaining.length() - info.remaining().length(), true));
            remaining = info.remaining();
        }
        return pieces;
    }

    private record Analysed(Completeness completeness, String source, String remaining) {}

    /**
     * JShell's {@code analyzeCompletion} scans all the text it is given, not just its first snippet: called on the
     * rest of the cell for every snippet, it made splitting quadratic (370 ms for a cell of 420 statements). It is
     * given whole lines from the snippet's start, twice as many each time, until the snippet ends before the last
     * of them: javac's tokens do not span lines (an unfinished comment or text block reads as incomplete), and the
     * next snippet's first token, which decides where this one ends (an {@code else}, a {@code catch}), is then
     * inside the window.
     */
    private Analysed analyseFirstSnippet(String text) {
        for (int lines = 8; ; lines *= 2) {
            int cut = -1;
            for (int n = 0, at = 0; n < lines; n++, at = cut + 1) {
                cut = text.indexOf('\n', at);
                if (cut < 0) {
                    break;
                }
            }
            if (cut < 0 || cut + 1 >= text.length()) {
                CompletionInfo info = analysis.analyzeCompletion(text);
                return new Analysed(info.completeness(), info.source(), info.remaining());
            }
            CompletionInfo info = analysis.analyzeCompletion(text.substring(0, cut + 1));
            if (info.completeness().isComplete()
                    && info.source() != null
                    && !info.remaining().isBlank()) {
                return new Analysed(info.completeness(), info.source(), info.remaining() + text.substring(cut + 1));
            }
        }
    }

    /**
     * Runs consecutive plain statements as one block snippet, laid out on the cell's own lines so that stack frames
     * name the right line. A {@code tail} other than {@link PlainStatements.Tail#OTHER} says the run ends with the
     * cell's last snippet; when that is an expression, its value is captured and becomes the cell's. Empty when the
     * block does not compile (then nothing has run).
     */
    private Optional<CellResult> evaluateRun(
            List<Piece> run,
            PlainStatements.Tail tail,
            String code,
            String cellLabel,
            int lineOffset,
            Consumer<String> notes) {
        StringBuilder block = new StringBuilder("{");
        for (int k = 0; k < run.size(); k++) {
            Piece piece = run.get(k);
            boolean captured = k == run.size() - 1 && tail == PlainStatements.Tail.VALUE;
            String source = captured
                    // On the expression's own line; the newline keeps a trailing line comment out of the call.
                    ? CellValue.class.getName() + ".capture(() -> " + PlainStatements.expressionOf(piece.source())
                            + "\n);"
                    : piece.source();
            block.append(source);
            int to = k + 1 < run.size() ? run.get(k + 1).start() : piece.start() + piece.length();
            long cellNewlines = code.substring(piece.start(), to)
                    .chars()
                    .filter(c -> c == '\n')
                    .count();
            long sourceNewlines = source.chars().filter(c -> c == '\n').count();
            block.append("\n".repeat((int) Math.max(0, cellNewlines - sourceNewlines)));
            if (cellNewlines <= sourceNewlines) {
                block.append(' ');
            }
        }
        block.append("\n}");
        String source = block.toString();
        control.clearValue();
        CellValue.clear();
        List<SnippetEvent> events = jshell.eval(source);
        if (events.stream().anyMatch(e -> e.causeSnippet() == null && e.status() == Snippet.Status.REJECTED)) {
            return Optional.empty();
        }
        try {
            CellResult result = outcome(events, source, code, run.get(0).start(), cellLabel, lineOffset, notes);
            Object[] value = CellValue.take();
            if (result instanceof CellResult.Success && value != null) {
                return Optional.of(new CellResult.Success(true, value[0]));
            }
            return Optional.of(result);
        } finally {
            dropTemporaryVariables(events);
        }
    }

    private CellResult evaluateSnippet(
            String source, String code, int start, String cellLabel, int lineOffset, Consumer<String> notes) {
        control.clearValue();
        List<SnippetEvent> events = jshell.eval(source);
        try {
            return outcome(events, source, code, start, cellLabel, lineOffset, notes);
        } finally {
            dropTemporaryVariables(events);
        }
    }

    /**
     * JShell keeps the value of every expression as a variable ($1, $2, ...), and compiles each new snippet against
     * all of them, so every cell gets slower as the session grows (from 8 to 15 ms after 400 cells here). The kernel
     * already holds the value, so these variables are dropped: assign a value to a variable to keep it.
     */
    private void dropTemporaryVariables(List<SnippetEvent> events) {
        for (SnippetEvent event : events) {
            if (event.causeSnippet() == null
                    && event.snippet().subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                jshell.drop(event.snippet());
            }
        }
    }

    private CellResult outcome(
            List<SnippetEvent> events,
            String source,
            String code,
            int start,
            String cellLabel,
            int lineOffset,
            Consumer<String> notes) {
        // JShell numbers a snippet's lines from its first non-blank character.
        int firstCode = start;
        while (firstCode < code.length() && Character.isWhitespace(code.charAt(firstCode))) {
            firstCode++;
        }
        int firstLine = lineOffset
                + (int) code.substring(0, firstCode)
                        .chars()
                        .filter(c -> c == '\n')
                        .count()
                + 1;
        CellResult result = CellResult.Success.NO_VALUE;
        for (SnippetEvent event : events) {
            Snippet snippet = event.snippet();
            if (event.causeSnippet() != null) {
                continue;
            }
            origins.record(snippet.id(), new SnippetOrigins.Origin(cellLabel, firstLine));
            if (event.status() == Snippet.Status.REJECTED) {
                List<Diag> errors =
                        jshell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
                if (errors.isEmpty()) {
                    return new CellResult.Failure(
                            ErrorReport.ofMessage("CompileError", "the snippet was rejected: " + source.strip()));
                }
                return new CellResult.Failure(compileErrors.format(errors, code, start, cellLabel, lineOffset));
            }
            if (event.exception() != null) {
                return new CellResult.Failure(runtimeError(event.exception()));
            }
            if (snippet instanceof DeclarationSnippet declaration
                    && (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                            || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED)) {
                notes.accept(declaration.name() + " is declared, but cannot be used until "
                        + String.join(
                                ", ", jshell.unresolvedDependencies(declaration).toList())
                        + " is declared\n");
            }
            if (showsValue(snippet) && control.hasValue()) {
                result = new CellResult.Success(true, control.lastValue());
            }
        }
        return result;
    }

    /** Only a trailing expression shows a value, as in other notebooks; declarations stay quiet. */
    private static boolean showsValue(Snippet snippet) {
        return switch (snippet.subKind()) {
            case TEMP_VAR_EXPRESSION_SUBKIND, VAR_VALUE_SUBKIND -> true;
            default -> false;
        };
    }

    private CellResult.Failure interrupted() {
        return new CellResult.Failure(ErrorReport.interrupted());
    }

    private ErrorReport runtimeError(Exception exception) {
        if (exception instanceof UnresolvedReferenceException unresolved) {
            DeclarationSnippet snippet = unresolved.getSnippet();
            return ErrorReport.ofMessage(
                    "UnresolvedReference",
                    snippet.name() + " cannot be used until "
                            + String.join(
                                    ", ", jshell.unresolvedDependencies(snippet).toList()) + " is declared");
        }
        if (exception instanceof EvalException eval) {
            String className = eval.getExceptionClassName();
            if (className.equals(CellInterruptedError.class.getName())
                    || (CellGuard.stopRequested() && className.equals(InterruptedException.class.getName()))) {
                ErrorReport report = stackTraces.format(className, eval.getMessage(), eval.getStackTrace(), null);
                return ErrorReport.interrupted(
                        report.traceback().get(0).lines().skip(1).collect(Collectors.joining("\n")));
            }
            if (className.equals(ExitRefusedError.class.getName())) {
                return ErrorReport.ofMessage("ExitRefused", eval.getMessage());
            }
            return stackTraces.format(className, eval.getMessage(), eval.getStackTrace(), eval.getCause());
        }
        return stackTraces.format(
                exception.getClass().getName(),
                exception.getMessage(),
                exception.getStackTrace(),
                exception.getCause());
    }

    /** Which exceptions cells show as one message (replaces the previous choice). */
    public void showBriefly(BriefErrors errors) {
        stackTraces.showBriefly(errors);
    }

    /** Is this code complete, incomplete (more lines expected), or invalid? */
    public CodeCompleteness completeness(String code) {
        String remaining = code;
        while (!remaining.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            switch (info.completeness()) {
                case EMPTY:
                    return CodeCompleteness.COMPLETE;
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return CodeCompleteness.INCOMPLETE;
                case UNKNOWN:
                    return CodeCompleteness.INVALID;
                default:
                    remaining = info.remaining();
            }
        }
        return CodeCompleteness.COMPLETE;
    }

    /** Java completions at {@code cursor}: the snippet around the cursor is analysed on its own. */
    public Completion complete(String code, int cursor) {
        int start = snippetStart(code, cursor);
        String snippet = code.substring(start, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                analysis.completionSuggestions(snippet, snippet.length(), anchor);
        // Suggestions that fit the expected type first; overloads give the same text several times.
        Set<String> matches = new LinkedHashSet<>();
        suggestions.stream()
                .filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(suggestion -> matches.add(suggestion.continuation()));
        suggestions.forEach(suggestion -> matches.add(suggestion.continuation()));
        return new Completion(List.copyOf(matches), start + anchor[0], cursor);
    }

    /**
     * Signatures (and Javadoc when the JDK sources are installed) of the symbol at the cursor, or of the method
     * call the cursor is in.
     */
    public List<SourceCodeAnalysis.Documentation> documentation(String code, int cursor) {
        int start = snippetStart(code, cursor);
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        String snippet = code.substring(start, end);
        List<String> attempts = new ArrayList<>();
        attempts.add(snippet);
        attempts.add(snippet + "(");
        int open = openCall(snippet);
        if (open >= 0) {
            attempts.add(snippet.substring(0, open + 1));
        }
        for (String attempt : attempts) {
            List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(attempt, attempt.length(), true);
            if (!docs.isEmpty()) {
                return docs;
            }
        }
        return List.of();
    }

    /** The index of the innermost unclosed '(' before the end of the text, or -1. */
    private static int openCall(String text) {
        int depth = 0;
        for (int i = text.length() - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }

    /** The offset where the snippet containing {@code cursor} starts. */
    private int snippetStart(String code, int cursor) {
        String before = code.substring(0, cursor);
        int start = 0;
        String remaining = before;
        while (!remaining.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete()
                    || info.source() == null
                    || info.remaining().isBlank()) {
                break;
            }
            start = before.length() - info.remaining().length();
            remaining = info.remaining();
        }
        return start;
    }

    /** How many snippets JShell has compiled in this session (dropped ones included). */
    long snippetCount() {
        return jshell.snippets().count();
    }

    /** Names of the variables the session has declared. */
    public Collection<String> variableNames() {
        return jshell.variables().map(v -> v.name()).collect(Collectors.toList());
    }

    /** The session's active {@code int} variables and their values, in the order they were declared. */
    public Map<String, Integer> intVariables() {
        Map<String, Integer> found = new LinkedHashMap<>();
        jshell.variables()
                .filter(v ->
                        jshell.status(v) == Snippet.Status.VALID && v.typeName().equals("int"))
                .forEach(v -> {
                    try {
                        found.put(v.name(), Integer.valueOf(jshell.varValue(v)));
                    } catch (IllegalArgumentException e) {
                        // Not readable (e.g. its initializer failed): it names nothing.
                    }
                });
        return found;
    }

    /** The value of an expression, evaluated quietly (no history); empty when it does not compile or throws. */
    public Optional<Object> valueOf(String expression) {
        control.clearValue();
        List<SnippetEvent> events = jshell.eval(expression);
        Optional<Object> value = Optional.empty();
        for (SnippetEvent event : events) {
            if (event.causeSnippet() == null
                    && event.status().isDefined()
                    && event.exception() == null
                    && control.hasValue()) {
                value = Optional.ofNullable(control.lastValue());
            }
            if (event.causeSnippet() == null) {
                jshell.drop(event.snippet());
            }
        }
        return value;
    }

    /**
     * Adds a jar (or class directory) to the session: to the compiler's class path and to the class loader of the
     * session's classes, so that cells and the classes they declare (RM types included) can use it.
     */
    public void addToClasspath(Path entry) {
        jshell.addToClasspath(entry.toString());
    }

    /**
     * Splits and classifies a sample cell without running it, so that the first real cell of several statements
     * does not pay for starting javac's parser (part of the session's warm-up).
     */
    public void warmUpSplitting() {
        List<Piece> pieces = split("int warm = 0;\nwarm += 1;\nwarm *= 2;\nwarm");
        statements.classify(pieces.stream().map(Piece::source).toList());
    }

    /** Drops every snippet whose source matches, e.g. warm-up snippets. */
    public void drop(Snippet snippet) {
        jshell.drop(snippet);
    }

    /** Evaluates {@code source} as it is: no cell, no instrumentation of its result, no error formatting. */
    public List<SnippetEvent> evalRaw(String source) {
        return jshell.eval(source);
    }

    @Override
    public void close() {
        statements.close();
        jshell.close();
    }
}
