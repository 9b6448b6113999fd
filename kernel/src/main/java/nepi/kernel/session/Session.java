package nepi.kernel.session;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.SnippetEvent;
import nepi.kernel.display.Display;
import nepi.kernel.display.DisplayTarget;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.display.Renderers;
import nepi.kernel.jshell.BriefErrors;
import nepi.kernel.jshell.CellGuard;
import nepi.kernel.jshell.CellInterruptedError;
import nepi.kernel.jshell.CellResult;
import nepi.kernel.jshell.CodeCompleteness;
import nepi.kernel.jshell.Completion;
import nepi.kernel.jshell.ErrorReport;
import nepi.kernel.jshell.Evaluator;
import nepi.kernel.library.LibraryMagics;
import nepi.kernel.library.MavenResolver;
import nepi.kernel.library.SessionClasspath;
import nepi.kernel.magic.CodeOrigin;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicLine;
import nepi.kernel.magic.MagicRegistry;
import nepi.kernel.magic.MagicUsageException;
import nepi.kernel.magic.RegisteredCellMagic;
import nepi.kernel.magic.RegisteredMagic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A notebook session: the JShell evaluator with the session's imports, the magics, the renderers, the history, and
 * the session's standard streams. Everything that touches JShell runs on one thread, the cell thread; callers (the
 * wire layer's threads) wait for it, and interrupt it through {@link #interrupt()}.
 * <p>
 * A session knows nothing of any domain: {@link SessionExtension}s add their imports, variables, magics,
 * renderers, completion and inspection when it starts.
 */
public final class Session implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final Pattern MAGIC_PREFIX = Pattern.compile("(^|\\n)([ \\t]*)(%[A-Za-z0-9_-]*)$");
    /** A cell magic's name being typed: only on the cell's first line that is not blank. */
    private static final Pattern CELL_MAGIC_PREFIX = Pattern.compile("^\\s*(%%[A-Za-z0-9_-]*)$");
    /** One import, alone: the prelude's imports of this form are compiled together (see {@link #addToPrelude}). */
    private static final Pattern ONE_IMPORT =
            Pattern.compile("\\s*import\\s+(static\\s+)?[\\p{L}\\p{N}_$.]+(\\.\\*)?\\s*;\\s*");

    private static final Duration WARM_UP_BUDGET = Duration.ofSeconds(4);
    private static final int WARM_UP_ROUNDS = 12;
    private static final Duration UNRESPONSIVE_AFTER = Duration.ofSeconds(5);
    private static final AtomicLong SESSIONS = new AtomicLong();

    private final Frontend frontend;
    private final PrintStream kernelLog;
    private final Renderers renderers = Renderers.withDefaults();
    private final MagicRegistry magics = MagicRegistry.withBuiltins();
    private final History history = new History();
    private final List<CompletionProvider> completers = new CopyOnWriteArrayList<>();
    private final List<InspectionProvider> inspectors = new CopyOnWriteArrayList<>();
    private final SessionStreams streams;
    private final ExecutorService cellThread;
    private final AtomicInteger waitingRequests = new AtomicInteger();
    /** Cells submitted and not begun yet (waiting for JShell to start, or for another request). */
    private final AtomicInteger queuedCells = new AtomicInteger();
    /** An interrupt that came while no cell ran but one was queued: it stops that cell as it begins. */
    private final AtomicBoolean interruptNextCell = new AtomicBoolean();

    private final List<SessionExtension> extensions;
    private final Set<String> declaredVariables = ConcurrentHashMap.newKeySet();
    private final String variablesKey = "session-" + SESSIONS.incrementAndGet() + "/";
    private Evaluator evaluator;
    /** The library magics' resolver: created with the session, it reads the settings at each {@code %maven}. */
    private final MavenResolver resolver = MavenResolver.forUser();

    private String startupFailure;
    private int executionCount;
    /** The prelude's imports not compiled yet; null once the session has started (imports are then compiled at once). */
    private List<String> pendingImports = new ArrayList<>();

    /**
     * A session with the extensions found by {@link ServiceLoader}.
     *
     * @param kernelLog where JShell's own diagnostics go (the kernel's stderr, not the notebook)
     */
    public Session(Frontend frontend, PrintStream kernelLog) {
        this(
                frontend,
                kernelLog,
                ServiceLoader.load(SessionExtension.class).stream()
                        .map(ServiceLoader.Provider::get)
                        .toList());
    }

    /**
     * A session with the given extensions only (none: plain Java).
     *
     * @param kernelLog where JShell's own diagnostics go (the kernel's stderr, not the notebook)
     */
    public Session(Frontend frontend, PrintStream kernelLog, List<SessionExtension> extensions) {
        this.frontend = frontend;
        this.extensions = List.copyOf(extensions);
        this.kernelLog = kernelLog;
        this.streams = new SessionStreams(frontend);
        this.cellThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "nepi-cell");
            thread.setDaemon(true);
            return thread;
        });
        // JShell's loader (which loads cells' classes) asks the kernel's loader, this class's, first.
        LibraryMagics.all(new SessionClasspath(this::addToClasspath, Session.class.getClassLoader()), resolver)
                .forEach(magics::register);
        completers.add(this::completeMagicName);
        completers.add((code, cursor) -> Optional.of(evaluator.complete(code, cursor)));
        inspectors.add(this::inspectMagic);
        inspectors.add(this::inspectJava);
    }

    /**
     * Installs the session's streams and display, and starts JShell in the background so that the kernel can
     * answer {@code kernel_info} at once; the first cell waits for it.
     */
    public void start() {
        streams.install();
        Display.install(renderers, new FrontendDisplay());
        cellThread.submit(this::initialise);
        cellThread.submit(() -> warmUp(System.nanoTime() + WARM_UP_BUDGET.toNanos(), 0));
    }

    private void initialise() {
        long begun = System.nanoTime();
        Evaluator started;
        try {
            started = Evaluator.create(kernelLog);
        } catch (RuntimeException | Error e) {
            startupFailure = e.toString();
            log.error("the session could not start", e);
            return;
        }
        evaluator = started;
        SessionPrelude.snippets().forEach(this::addToPrelude);
        for (SessionExtension extension : extensions) {
            try {
                extension.install(this);
            } catch (RuntimeException | Error e) {
                startupFailure = extension.getClass().getSimpleName() + ": " + e;
                log.error(
                        "the session could not start: {} failed",
                        extension.getClass().getName(),
                        e);
                return;
            }
        }
        compilePendingImports();
        pendingImports = null;
        log.info("session ready in {} ms", (System.nanoTime() - begun) / 1_000_000);
    }

    /**
     * Runs {@code snippet} (an import, a declaration) in the session as part of its prelude: not a cell, so it has
     * no execution count and stays out of the history; a failure is logged. Runs on the cell thread (extensions are
     * installed there). While the session starts, single imports wait, and are compiled together before the next
     * snippet that is not one, or at the end of the start.
     */
    public void addToPrelude(String snippet) {
        if (pendingImports != null && ONE_IMPORT.matcher(snippet).matches()) {
            pendingImports.add(snippet.strip());
            return;
        }
        compilePendingImports();
        CellResult result = evaluator.evaluate(snippet, "prelude", 0, note -> {});
        if (result instanceof CellResult.Failure failure) {
            log.error("session prelude failed: {} {}", snippet, failure.error().value());
        }
    }

    /**
     * Compiles the prelude's waiting imports as one JShell snippet: each snippet costs a compile (about 20 imports took
     * a second of a cold start). JShell keeps an import snippet whole and puts all of its text in front of every
     * later snippet, so each import counts as if it were alone; it names the snippet after its first import, here
     * {@link SessionImports}, which no cell imports, so that a cell importing any of the others again adds its own
     * snippet instead of replacing this one. Should the snippet be refused (an import of a package that does not
     * exist), they run one by one, and the failing one is logged.
     */
    private void compilePendingImports() {
        if (pendingImports == null || pendingImports.isEmpty()) {
            return;
        }
        List<String> imports = List.copyOf(pendingImports);
        pendingImports.clear();
        String source = "import " + SessionImports.class.getName() + ";\n" + String.join("\n", imports);
        boolean refused = evaluator.evalRaw(source).stream()
                .anyMatch(
                        event -> event.causeSnippet() == null && !event.status().isDefined());
        if (refused) {
            List<String> saved = pendingImports;
            pendingImports = null;
            try {
                imports.forEach(this::addToPrelude);
            } finally {
                pendingImports = saved;
            }
        }
    }

    /**
     * Shows the exceptions {@code errors} covers as one message when a cell throws them: an extension's API refusals
     * (bad input) read like the magics' errors. Runs on the cell thread (extensions are installed there).
     */
    public void showBriefly(BriefErrors errors) {
        evaluator.showBriefly(errors);
    }

    /**
     * The session's {@code int} variables and their values, in the order they were declared (a variable declared again
     * keeps its last place). Runs on the cell thread (magics do).
     */
    public Map<String, Integer> intVariables() {
        return evaluator.intVariables();
    }

    /**
     * Makes the session's variable {@code name} hold {@code value}, declaring it with {@code type} when it does not
     * exist (or was redeclared with another type). Runs on the cell thread (extensions and magics do).
     */
    public void setVariable(String name, Class<?> type, Object value) {
        compilePendingImports();
        String key = variablesKey + name;
        SessionVariables.put(key, value);
        String fetch =
                "(" + type.getCanonicalName() + ") " + SessionVariables.class.getName() + ".value(\"" + key + "\")";
        // The first time, declare at once (one compilation, not two); later, a cell may have dropped the variable or
        // redeclared it with another type, and then the assignment fails and the variable is declared again.
        if (declaredVariables.add(name)
                || evaluator.valueOf(name + " = " + fetch).isEmpty()) {
            evaluator.evalRaw(type.getCanonicalName() + " " + name + " = " + fetch + ";");
        }
    }

    /** One warm-up round per task, so that a user's request never waits behind more than one. */
    private void warmUp(long deadline, int round) {
        if (evaluator == null
                || round >= WARM_UP_ROUNDS
                || System.nanoTime() > deadline
                || waitingRequests.get() > 0
                || cellThread.isShutdown()) {
            log.debug("warm-up done after {} round(s)", round);
            return;
        }
        if (round == 0) {
            evaluator.warmUpSplitting();
        }
        for (String snippet : SessionPrelude.warmUp()) {
            for (SnippetEvent event : evaluator.evalRaw(snippet)) {
                if (event.causeSnippet() == null) {
                    evaluator.drop(event.snippet());
                }
            }
        }
        cellThread.submit(() -> warmUp(deadline, round + 1));
    }

    /** The execution count of the next cell; it only advances for cells stored in the history. */
    public synchronized int nextExecutionCount(boolean storeHistory) {
        return storeHistory ? ++executionCount : executionCount;
    }

    public synchronized int executionCount() {
        return executionCount;
    }

    /** Runs a cell on the cell thread and waits for its end. */
    public ExecuteOutcome execute(String code, int count, boolean storeHistory) {
        queuedCells.incrementAndGet();
        try {
            return onCellThread(() -> runCell(code, count, storeHistory));
        } catch (ExecutionException e) {
            log.error("cell {} failed inside the kernel", count, e.getCause());
            return ExecuteOutcome.failed(
                    ErrorReport.ofMessage("KernelError", "the kernel failed to run this cell: " + e.getCause()));
        }
    }

    /**
     * Stops the running cell, if any: loops, sleeps, waits and magics. A cell busy inside library code (a long
     * regular expression match, say) cannot be stopped safely; the user is told so after a few seconds.
     */
    public void interrupt() {
        long cell = CellGuard.requestStop();
        if (cell < 0) {
            // No cell runs yet, but the user interrupted one that waits (the first cell waits for JShell to start).
            if (queuedCells.get() > 0) {
                interruptNextCell.set(true);
            }
            return;
        }
        CompletableFuture.delayedExecutor(UNRESPONSIVE_AFTER.toSeconds(), TimeUnit.SECONDS)
                .execute(() -> {
                    if (CellGuard.stillRunning(cell)) {
                        log.warn("the interrupted cell is still running after {} s", UNRESPONSIVE_AFTER.toSeconds());
                        System.err.println("[kernel] The cell has not stopped " + UNRESPONSIVE_AFTER.toSeconds()
                                + " s after the interrupt: it is busy inside library code, which cannot be stopped safely."
                                + " Wait for it, or restart the kernel (resources are released).");
                    }
                });
    }

    public Completion complete(String code, int cursor) {
        try {
            return onCellThread(() -> {
                if (evaluator == null) {
                    return Completion.none(cursor);
                }
                for (CompletionProvider provider : completers) {
                    Optional<Completion> completion = provider.complete(code, cursor);
                    if (completion.isPresent()) {
                        return completion.get();
                    }
                }
                return Completion.none(cursor);
            });
        } catch (ExecutionException e) {
            log.warn("completion failed", e.getCause());
            return Completion.none(cursor);
        }
    }

    public Optional<MimeBundle> inspect(String code, int cursor, int detailLevel) {
        try {
            return onCellThread(() -> {
                if (evaluator == null) {
                    return Optional.<MimeBundle>empty();
                }
                for (InspectionProvider provider : inspectors) {
                    Optional<MimeBundle> found = provider.inspect(code, cursor, detailLevel);
                    if (found.isPresent()) {
                        return found;
                    }
                }
                return Optional.<MimeBundle>empty();
            });
        } catch (ExecutionException e) {
            log.warn("inspection failed", e.getCause());
            return Optional.empty();
        }
    }

    public CodeCompleteness isComplete(String code) {
        try {
            // A cell magic's body is the magic's to read: it is complete as it is.
            return onCellThread(
                    () -> evaluator == null || CellParser.cellMagic(code).isPresent()
                            ? CodeCompleteness.COMPLETE
                            : CellParser.split(code).stream()
                                    .filter(s -> s instanceof CellParser.JavaSegment)
                                    .map(s -> evaluator.completeness(((CellParser.JavaSegment) s).code()))
                                    .filter(c -> c != CodeCompleteness.COMPLETE)
                                    .findFirst()
                                    .orElse(CodeCompleteness.COMPLETE));
        } catch (ExecutionException e) {
            log.warn("is_complete failed", e.getCause());
            return CodeCompleteness.COMPLETE;
        }
    }

    public History history() {
        return history;
    }

    /** The magics of this session; register more here. */
    public MagicRegistry magics() {
        return magics;
    }

    /** How values are shown; register renderers for more types here. */
    public Renderers renderers() {
        return renderers;
    }

    /** Adds a completion provider asked before the existing ones. */
    public void addCompletionProvider(CompletionProvider provider) {
        completers.add(0, provider);
    }

    /** Adds an inspection provider asked before the existing ones. */
    public void addInspectionProvider(InspectionProvider provider) {
        inspectors.add(0, provider);
    }

    /**
     * The value of a Java expression in the session, if it compiles, runs and is not null. Runs on the cell thread
     * (magics, completion and inspection do).
     */
    public Optional<Object> valueOf(String expression) {
        if (evaluator == null) {
            return Optional.empty();
        }
        compilePendingImports();
        // Compiling is kernel code (an interrupt must not reach the compiler); a magic calling this goes on as user
        // code afterwards, so that an interrupt stops its waits again.
        CellGuard.leaveUserCode();
        try {
            return evaluator.valueOf(expression);
        } finally {
            CellGuard.enterUserCode();
        }
    }

    /** Adds a jar to JShell as kernel code: an interrupt must not reach JShell while it changes its class path. */
    private void addToClasspath(Path jar) {
        CellGuard.leaveUserCode();
        try {
            evaluator.addToClasspath(jar);
        } finally {
            CellGuard.enterUserCode();
        }
    }

    /** Ends the session: stops a running cell and the cell thread, then closes the extensions (they release). */
    @Override
    public void close() {
        CellGuard.requestStop();
        // Not shutdownNow(): interrupting the cell thread inside JShell's compiler would break its class path.
        cellThread.shutdown();
        try {
            if (!cellThread.awaitTermination(2, TimeUnit.SECONDS)) {
                log.warn("the running cell did not stop within 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int i = extensions.size() - 1; i >= 0; i--) {
            SessionExtension extension = extensions.get(i);
            try {
                extension.close();
            } catch (RuntimeException e) {
                log.warn("closing {} failed", extension.getClass().getName(), e);
            }
        }
        resolver.close();
        SessionVariables.removeAll(variablesKey);
        try {
            streams.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streams.close();
    }

    private <T> T onCellThread(Callable<T> task) throws ExecutionException {
        waitingRequests.incrementAndGet();
        Future<T> future = cellThread.submit(() -> {
            waitingRequests.decrementAndGet();
            return task.call();
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    // The caller is a wire-layer thread; it must not give up on a cell that is still running.
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private ExecuteOutcome runCell(String code, int count, boolean storeHistory) throws InterruptedException {
        // Counted down once the cell has begun (below), so that an interrupt always finds either a running
        // cell or a queued one.
        if (evaluator == null || startupFailure != null) {
            queuedCells.decrementAndGet();
            return ExecuteOutcome.failed(ErrorReport.ofMessage(
                    "SessionError",
                    "the session could not start (" + startupFailure + "); see the kernel log, then restart"));
        }
        CellGuard.beginCell();
        queuedCells.decrementAndGet();
        try {
            if (interruptNextCell.getAndSet(false)) {
                return ExecuteOutcome.failed(ErrorReport.interrupted());
            }
            ExecuteOutcome outcome = outcomeOf(runText(code, new CodeOrigin("Cell In[" + count + "]", 0)));
            streams.flush();
            if (storeHistory) {
                history.add(
                        count, code, outcome.result().map(MimeBundle::plainText).orElse(null));
            }
            return outcome;
        } finally {
            CellGuard.endCell();
        }
    }

    private ExecuteOutcome outcomeOf(CellResult result) {
        if (result instanceof CellResult.Failure failure) {
            return ExecuteOutcome.failed(failure.error());
        }
        if (result instanceof CellResult.Success success && success.hasValue()) {
            return renderResult(success.value());
        }
        return ExecuteOutcome.ok(null);
    }

    /**
     * Runs the text of a cell (or of a cell magic's body, a file run by {@code %run}): the cell magic on its first
     * line with the rest, else its Java parts and line magics in order, up to the first error.
     *
     * @param origin where {@code code} is, so that errors point at the right line of the right cell or file
     */
    private CellResult runText(String code, CodeOrigin origin) {
        Optional<CellParser.CellMagicCall> cellMagic = CellParser.cellMagic(code);
        if (cellMagic.isPresent()) {
            return runCellMagic(cellMagic.get(), origin);
        }
        List<CellParser.Segment> segments = CellParser.split(code);
        for (CellParser.Segment segment : segments) {
            if (segment instanceof CellParser.MisplacedCellMagic misplaced) {
                // Nothing runs: the user meant the whole cell for the magic.
                String call = "%%" + misplaced.magic().name();
                return new CellResult.Failure(ErrorReport.ofMessage(
                        "UsageError",
                        call + " is on line " + (origin.firstLine() + misplaced.firstLine() + 1) + " of "
                                + origin.label() + ": a cell magic must be the first line of the cell,"
                                + " and takes the rest of the cell"));
            }
        }
        CellResult last = CellResult.Success.NO_VALUE;
        for (CellParser.Segment segment : segments) {
            if (CellGuard.stopRequested()) {
                return new CellResult.Failure(ErrorReport.interrupted());
            }
            if (segment instanceof CellParser.JavaSegment java) {
                last = evaluator.evaluate(
                        java.code(), origin.label(), origin.firstLine() + java.firstLine(), note -> streams.out()
                                .print(note));
            } else if (segment instanceof CellParser.MagicSegment magic) {
                last = runMagic(magic, origin);
            }
            if (last instanceof CellResult.Failure) {
                return last;
            }
        }
        return last;
    }

    /** Rendering calls the value's own code (toString, renderers): it runs as user code, interruptible. */
    private ExecuteOutcome renderResult(Object value) {
        CellGuard.enterUserCode();
        try {
            return ExecuteOutcome.ok(Display.render(value));
        } catch (RuntimeException | Error e) {
            return ExecuteOutcome.failed(ErrorReport.ofMessage(
                    e.getClass().getSimpleName(), "showing the result failed: " + e.getMessage()));
        } finally {
            CellGuard.leaveUserCode();
        }
    }

    private CellResult runMagic(CellParser.MagicSegment segment, CodeOrigin origin) {
        String name = segment.magic().name();
        Optional<RegisteredMagic> magic = magics.find(name);
        if (magic.isEmpty()) {
            return new CellResult.Failure(ErrorReport.ofMessage("UsageError", magics.unknown(name)));
        }
        CodeOrigin line = new CodeOrigin(origin.label(), origin.firstLine() + segment.firstLine());
        return runMagic(magic.get().spec().call(), new SessionMagicContext(line), context -> magic.get()
                .magic()
                .run(segment.magic().args(), context));
    }

    private CellResult runCellMagic(CellParser.CellMagicCall call, CodeOrigin origin) {
        String name = call.magic().name();
        Optional<RegisteredCellMagic> magic = magics.findCell(name);
        if (magic.isEmpty()) {
            return new CellResult.Failure(ErrorReport.ofMessage("UsageError", magics.unknownCell(name)));
        }
        CodeOrigin body = new CodeOrigin(origin.label(), origin.firstLine() + call.bodyFirstLine());
        return runMagic(magic.get().spec().call(), new SessionMagicContext(body), context -> magic.get()
                .run(call.magic().args(), call.body(), context));
    }

    @FunctionalInterface
    private interface MagicCall {
        Object run(MagicContext context) throws Exception;
    }

    /**
     * Runs a magic as user code (interruptible). The value it returns is shown, except a {@link CellResult} (of
     * code it ran through its context), which becomes the magic's result: its error ends the cell.
     */
    private CellResult runMagic(String call, SessionMagicContext context, MagicCall magic) {
        CellGuard.enterUserCode();
        try {
            Object value = magic.run(context);
            if (value instanceof CellResult result) {
                return result;
            }
            if (value != null) {
                new FrontendDisplay().show(Display.render(value), null);
            }
            return CellResult.Success.NO_VALUE;
        } catch (MagicUsageException e) {
            return new CellResult.Failure(ErrorReport.ofMessage("UsageError", e.getMessage()));
        } catch (InterruptedException | CellInterruptedError e) {
            return new CellResult.Failure(ErrorReport.interrupted());
        } catch (Exception e) {
            log.warn("{} failed", call, e);
            return new CellResult.Failure(
                    ErrorReport.ofMessage(e.getClass().getSimpleName(), call + ": " + e.getMessage()));
        } finally {
            CellGuard.leaveUserCode();
        }
    }

    private Optional<Completion> completeMagicName(String code, int cursor) {
        Matcher cell = CELL_MAGIC_PREFIX.matcher(code.substring(0, cursor));
        if (cell.matches()) {
            String typed = cell.group(1);
            List<String> names = magics.allCell().stream()
                    .map(magic -> magic.spec().call())
                    .filter(name -> name.startsWith(typed))
                    .toList();
            return Optional.of(new Completion(names, cell.start(1), cursor));
        }
        Matcher m = MAGIC_PREFIX.matcher(code.substring(0, cursor));
        if (!m.find()) {
            return Optional.empty();
        }
        String typed = m.group(3);
        List<String> names = magics.all().stream()
                .map(magic -> "%" + magic.name())
                .filter(name -> name.startsWith(typed))
                .collect(Collectors.toList());
        return Optional.of(new Completion(names, m.start(3), cursor));
    }

    private Optional<MimeBundle> inspectMagic(String code, int cursor, int detailLevel) {
        int lineStart = code.lastIndexOf('\n', Math.max(0, cursor - 1)) + 1;
        int lineEnd = code.indexOf('\n', cursor);
        String line = code.substring(lineStart, lineEnd < 0 ? code.length() : lineEnd);
        Optional<MagicLine> cellMagic = MagicLine.parseCell(line);
        if (cellMagic.isPresent()) {
            return magics.findCell(cellMagic.get().name()).map(magic -> MimeBundle.text(magic.description()));
        }
        return MagicLine.parse(line)
                .flatMap(parsed -> magics.find(parsed.name()))
                .map(magic -> MimeBundle.text(magic.description()));
    }

    private Optional<MimeBundle> inspectJava(String code, int cursor, int detailLevel) {
        var docs = evaluator.documentation(code, cursor);
        if (docs.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        for (var doc : docs) {
            if (text.length() > 0) {
                text.append("\n");
            }
            text.append(doc.signature());
            if (doc.javadoc() != null && !doc.javadoc().isBlank()) {
                text.append("\n").append(doc.javadoc().strip()).append("\n");
            }
        }
        return Optional.of(MimeBundle.text(text.toString()));
    }

    /** Shows bundles after whatever the cell printed before them. */
    private final class FrontendDisplay implements DisplayTarget {
        @Override
        public void show(MimeBundle bundle, String displayId) {
            send(() -> frontend.display(bundle, displayId, false));
        }

        @Override
        public void update(MimeBundle bundle, String displayId) {
            send(() -> frontend.display(bundle, displayId, true));
        }

        @Override
        public void clear(boolean wait) {
            send(() -> frontend.clearOutput(wait));
        }

        private void send(InterruptibleAction action) {
            try {
                streams.flush();
                action.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @FunctionalInterface
    private interface InterruptibleAction {
        void run() throws InterruptedException;
    }

    private final class SessionMagicContext implements MagicContext {
        private final CodeOrigin origin;

        SessionMagicContext(CodeOrigin origin) {
            this.origin = origin;
        }

        @Override
        public CodeOrigin origin() {
            return origin;
        }

        @Override
        public CellResult run(String code, CodeOrigin codeOrigin) {
            // Compiling is kernel code (an interrupt must not reach the compiler); the magic goes on as user code.
            CellGuard.leaveUserCode();
            try {
                return runText(code, codeOrigin);
            } finally {
                CellGuard.enterUserCode();
            }
        }

        @Override
        public void display(Object value) {
            new FrontendDisplay().show(Display.render(value), null);
        }

        @Override
        public PrintStream out() {
            return streams.out();
        }

        @Override
        public PrintStream err() {
            return streams.err();
        }

        @Override
        public Optional<Object> valueOf(String expression) {
            return Session.this.valueOf(expression);
        }

        @Override
        public MagicRegistry magics() {
            return magics;
        }
    }
}
