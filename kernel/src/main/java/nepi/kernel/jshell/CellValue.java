package nepi.kernel.jshell;

/**
 * Receives the value of a cell's trailing expression when the kernel compiles it inside the block of the cell's
 * plain statements ({@code capture(() -> expression)}), instead of as a JShell expression snippet of its own, which
 * costs a compile and two type analyses more. The overloads let javac decide what JShell decides with its own type
 * analysis: a lambda whose body is an expression with a value picks {@link Value} (the more specific one), a call
 * of a {@code void} method picks {@link Action}, and then the cell has no value. Public only because the cells'
 * generated code calls it; not an API for notebooks.
 */
public final class CellValue {

    /** The trailing expression, when it has a value. */
    @FunctionalInterface
    public interface Value {
        Object get() throws Throwable;
    }

    /** The trailing expression, when it is a call of a {@code void} method. */
    @FunctionalInterface
    public interface Action {
        void run() throws Throwable;
    }

    /** The captured value, on the cell thread: {@code null} when none was captured, else a one-element array. */
    private static final ThreadLocal<Object[]> CAPTURED = new ThreadLocal<>();

    private CellValue() {}

    /** Runs the expression and keeps its value for the cell's result. */
    public static void capture(Value expression) throws Throwable {
        Object value = expression.get();
        CAPTURED.set(new Object[] {value});
    }

    /** Runs the call: the cell has no value. */
    public static void capture(Action call) throws Throwable {
        call.run();
    }

    /** Forgets a value captured before (on this thread). */
    static void clear() {
        CAPTURED.remove();
    }

    /** The value captured since {@link #clear()} on this thread, or {@code null} when there was none. */
    static Object[] take() {
        Object[] captured = CAPTURED.get();
        CAPTURED.remove();
        return captured;
    }
}
