package rnn.cli;

import java.io.StringWriter;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** What an in-process command logs (as the stderr appender would print it: "error: ..."), while open. */
final class LogCapture implements AutoCloseable {

    private static final String NAME = "test-capture";

    private final StringWriter text = new StringWriter();

    LogCapture() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        PatternLayout layout = PatternLayout.newBuilder().withConfiguration(config).withPattern("%level{lowerCase=true}: %msg%n")
                .build();
        WriterAppender appender = WriterAppender.newBuilder().setName(NAME).setTarget(text).setLayout(layout)
                .setConfiguration(config).build();
        appender.start();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, Level.DEBUG, null);
        ctx.updateLoggers();
    }

    /** The lines logged so far, each "level: message" ("error: ...", "info: ..."). */
    String text() {
        return text.toString();
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        config.getRootLogger().removeAppender(NAME);
        config.getAppenders().remove(NAME);
        ctx.updateLoggers();
    }
}
