package nepi.kernel.jshell;

/**
 * What compiled cell code calls into (the calls are woven in by {@link CellInstrumenter}): an interrupt check on
 * every loop back-edge, and a refusal of {@code System.exit}. It also tracks the thread running a cell so that an
 * interrupt reaches it, and only while it runs user code: interrupting the JShell compiler itself could close the
 * file channels it reads the class path through.
 * <p>
 * Public because generated cell classes call it; not an API for users.
 */
public final class CellGuard {

    private static final Object LOCK = new Object();
    private static Thread cellThread;
    private static boolean inUserCode;
    private static long cellNumber;
    private static volatile boolean stopRequested;

    private CellGuard() {}

    /** Woven into cell loops: throws when the running cell was interrupted. */
    public static void check() {
        if (stopRequested && Thread.currentThread() == cellThread) {
            throw new CellInterruptedError();
        }
    }

    /** Replaces {@code System.exit(status)} in cell code. */
    public static void exit(int status) {
        throw new ExitRefusedError(status);
    }

    /** Replaces {@code Runtime.exit(status)} and {@code Runtime.halt(status)} in cell code. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw new ExitRefusedError(status);
    }

    /** The calling thread starts running a cell. */
    public static void beginCell() {
        synchronized (LOCK) {
            cellNumber++;
            cellThread = Thread.currentThread();
            stopRequested = false;
            inUserCode = false;
        }
    }

    /** The cell is done; a late interrupt must not leak into the next one. */
    public static void endCell() {
        synchronized (LOCK) {
            cellThread = null;
            stopRequested = false;
            inUserCode = false;
            Thread.interrupted();
        }
    }

    /** User code (a snippet, a magic) starts; an interrupt that came earlier takes effect at once. */
    public static void enterUserCode() {
        synchronized (LOCK) {
            if (Thread.currentThread() != cellThread) {
                return;
            }
            inUserCode = true;
            if (stopRequested) {
                cellThread.interrupt();
            }
        }
    }

    /** Back in kernel code: clear a pending interrupt so it cannot hit the compiler. */
    public static void leaveUserCode() {
        synchronized (LOCK) {
            if (Thread.currentThread() != cellThread) {
                return;
            }
            inUserCode = false;
            Thread.interrupted();
        }
    }

    /**
     * Asks the running cell to stop: its loops throw, and its sleeps and waits are interrupted.
     *
     * @return the number of the cell asked to stop, or -1 when no cell runs
     */
    public static long requestStop() {
        synchronized (LOCK) {
            if (cellThread == null) {
                return -1;
            }
            stopRequested = true;
            if (inUserCode) {
                cellThread.interrupt();
            }
            return cellNumber;
        }
    }

    /** Whether cell number {@code cell} is still running. */
    public static boolean stillRunning(long cell) {
        synchronized (LOCK) {
            return cellThread != null && cellNumber == cell;
        }
    }

    /** Whether the running cell was asked to stop. */
    public static boolean stopRequested() {
        return stopRequested;
    }
}
