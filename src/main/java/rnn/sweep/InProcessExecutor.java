package rnn.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * Runs each attempt in this JVM through the command line's {@code run(out, err, args)} (a {@link CommandRunner}:
 * {@code rnn.cli.Main::run}), its results and usage messages appended to the trial's log, its error line the last
 * error the attempt logged or printed. A training run sets up this JVM's logging and signal handling for itself, so
 * attempts here run one at a time (a lock shared by every instance); use {@link ChildProcessExecutor} for
 * trials side by side. Used by {@code rnn sweep --trial I} and meant for Spark tasks.
 */
public final class InProcessExecutor implements TrialExecutor {

    private static final Object ONE_AT_A_TIME = new Object();

    private final CommandRunner runner;

    public InProcessExecutor(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public Result run(Launch launch) {
        String[] args = new String[launch.trainArgs().size() + 1];
        args[0] = "train";
        for (int i = 0; i < launch.trainArgs().size(); i++) {
            args[i + 1] = launch.trainArgs().get(i);
        }
        synchronized (ONE_AT_A_TIME) {
            try {
                Files.createDirectories(launch.log().getParent());
                try (OutputStream file = Files.newOutputStream(launch.log(), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                     PrintWriter out = new PrintWriter(new OutputStreamWriter(file, StandardCharsets.UTF_8));
                     ErrorCapture errors = ErrorCapture.attach()) {
                    LastLineWriter err = new LastLineWriter(out);
                    int code = runner.run(out, new PrintWriter(err, true), args);
                    String line = err.last() != null ? err.last() : errors.last();
                    return new Result(code, code == 0 ? null : line);
                }
            } catch (IOException e) {
                return new Result(4, "cannot write " + launch.log() + " (" + e.getMessage() + ")");
            }
        }
    }

    @Override
    public void close() {
        // an attempt in this JVM ends with the call that runs it
    }

    /** Passes text to the log and keeps the last "rnn: ..." line (a usage error), without the prefix. */
    private static final class LastLineWriter extends java.io.Writer {
        private final PrintWriter log;
        private final StringBuilder line = new StringBuilder();
        private String last;

        LastLineWriter(PrintWriter log) {
            this.log = log;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            log.write(buf, off, len);
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '\n') {
                    String l = line.toString();
                    String m = TrialExecutor.errorMessage(l);
                    last = m != null ? m : last;
                    line.setLength(0);
                } else if (line.length() < 4096) {
                    line.append(buf[i]);
                }
            }
        }

        String last() {
            return last;
        }

        @Override
        public void flush() {
            log.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
