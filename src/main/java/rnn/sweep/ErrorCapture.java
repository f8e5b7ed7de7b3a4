package rnn.sweep;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

/**
 * Keeps the last ERROR message logged in this JVM while open: how an in-process attempt's error line is found
 * (the command line logs its errors rather than printing them to the writer it was given).
 */
final class ErrorCapture extends AbstractAppender implements AutoCloseable {

    private static final String NAME = "sweep-error-capture";
    private volatile String last;

    private ErrorCapture() {
        super(NAME, null, null, true, Property.EMPTY_ARRAY);
    }

    static ErrorCapture attach() {
        ErrorCapture c = new ErrorCapture();
        c.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        config.getRootLogger().addAppender(c, Level.ERROR, null);
        ctx.updateLoggers();
        return c;
    }

    @Override
    public void append(LogEvent event) {
        if (event.getLevel().isMoreSpecificThan(Level.ERROR)) {
            String m = event.getMessage().getFormattedMessage();
            if (!m.startsWith("stack trace")) {
                last = m;
            }
        }
    }

    String last() {
        return last;
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender(NAME);
        ctx.updateLoggers();
        stop();
    }
}
