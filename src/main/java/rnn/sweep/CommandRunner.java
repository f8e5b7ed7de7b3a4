package rnn.sweep;

import java.io.PrintWriter;

/**
 * The rnn command line run in this JVM without exiting: {@code rnn.cli.Main::run} (this package may not import
 * the command line), returning the exit code.
 */
@FunctionalInterface
public interface CommandRunner {
    int run(PrintWriter out, PrintWriter err, String... args);
}
