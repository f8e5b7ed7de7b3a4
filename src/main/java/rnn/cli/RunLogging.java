package rnn.cli;

import java.nio.file.Path;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Log routing for a command: diagnostics to stderr at the level the user chose ({@code --log-level},
 * {@code --quiet} = errors only), and for a training run everything from INFO up also to {@code RUN/train.log}.
 * stdout is never logged to: it carries results only.
 */
final class RunLogging {

    private static final String STDERR = "stderr";
    private static final String RUN_FILE = "run-file";

    private RunLogging() {
    }

    /** Sets the level of the stderr appender. */
    static void setConsoleLevel(Level level) {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        Appender stderr = config.getAppender(STDERR);
        if (stderr != null) {
            root.removeAppender(STDERR);
            root.addAppender(stderr, level, null);
        }
        root.setLevel(Level.DEBUG.isMoreSpecificThan(level) ? level : Level.DEBUG);
        ctx.updateLoggers();
    }

    /** Also writes INFO and above to {@code file} (appending: a resumed run continues its log). */
    static void addRunFile(Path file) {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        removeRunFile();
        PatternLayout layout = PatternLayout.newBuilder().withConfiguration(config)
                .withPattern("%d{yyyy-MM-dd HH:mm:ss} %-5level %msg%n").build();
        FileAppender appender = FileAppender.newBuilder().setName(RUN_FILE).withFileName(file.toString())
                .withAppend(true).setImmediateFlush(true).setLayout(layout).setConfiguration(config).build();
        appender.start();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, Level.INFO, null);
        ctx.updateLoggers();
    }

    /** Detaches and closes the run's log file (at the end of a run, and between runs in tests). */
    static void removeRunFile() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        Appender old = config.getAppender(RUN_FILE);
        if (old != null) {
            config.getRootLogger().removeAppender(RUN_FILE);
            old.stop();
            config.getAppenders().remove(RUN_FILE);
        }
        ctx.updateLoggers();
    }
}
