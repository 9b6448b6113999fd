package nepi.kernel.jshell;

import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs snippets directly in the kernel's JVM, on the thread that evaluates them (so cell objects are the kernel's
 * objects). Compared with JShell's own "local" engine it keeps the session's threads alive (that engine joins every
 * thread a cell started and stops them with Thread.stop), interrupts through {@link CellGuard}, instruments loaded
 * classes, and keeps the real value of the last snippet so that it can be rendered richly.
 */
final class CellExecutionControl extends DirectExecutionControl {

    private final CellInstrumenter instrumenter = new CellInstrumenter();
    private Object lastValue;
    private boolean hasValue;

    /** The provider handed to {@code JShell.builder().executionEngine(...)}. */
    static ExecutionControlProvider provider(CellExecutionControl[] created) {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "nepi-cell";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                CellExecutionControl control = new CellExecutionControl();
                created[0] = control;
                return control;
            }
        };
    }

    @Override
    public void load(ClassBytecodes[] classes)
            throws ClassInstallException, NotImplementedException, EngineTerminationException {
        ClassBytecodes[] instrumented = new ClassBytecodes[classes.length];
        for (int i = 0; i < classes.length; i++) {
            instrumented[i] = new ClassBytecodes(classes[i].name(), instrumenter.instrument(classes[i].bytecodes()));
        }
        super.load(instrumented);
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        // Libraries that look things up through the context class loader (ServiceLoader, Jackson's modules, JDBC
        // drivers) must see the jars the session added, which only the snippets' loader holds.
        Thread.currentThread()
                .setContextClassLoader(doitMethod.getDeclaringClass().getClassLoader());
        Object value = doitMethod.invoke(null);
        lastValue = value;
        hasValue = true;
        return valueString(value);
    }

    @Override
    protected void clientCodeEnter() {
        CellGuard.enterUserCode();
    }

    @Override
    protected void clientCodeLeave() {
        CellGuard.leaveUserCode();
    }

    @Override
    public void stop() {
        CellGuard.requestStop();
    }

    /** Forgets the previous value before a snippet runs. */
    void clearValue() {
        lastValue = null;
        hasValue = false;
    }

    boolean hasValue() {
        return hasValue;
    }

    Object lastValue() {
        return lastValue;
    }
}
