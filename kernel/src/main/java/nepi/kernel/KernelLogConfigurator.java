package nepi.kernel;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.FileDescriptor;
import java.io.FileOutputStream;

/**
 * Logging of the kernel: to file descriptor 2 (the Jupyter server's log), never to the notebook, whatever
 * {@code System.err} points to. Level from {@code NEPI_KERNEL_LOG_LEVEL} (default INFO). Configured in code because
 * parsing an XML configuration costs start-up time.
 */
public final class KernelLogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [nepi-kernel] %logger{0}: %msg%n");
        encoder.start();

        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName("fd2");
        appender.setEncoder(encoder);
        appender.setOutputStream(new FileOutputStream(FileDescriptor.err));
        appender.start();

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        String level = System.getenv("NEPI_KERNEL_LOG_LEVEL");
        root.setLevel(Level.toLevel(level, Level.INFO));
        root.addAppender(appender);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
