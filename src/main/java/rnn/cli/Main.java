package rnn.cli;

import picocli.CommandLine;

/**
 * The command-line entry point. The only place in the code base that calls {@link System#exit}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line and returns the process exit code (see {@link ExitCodes}), without exiting.
     * Tests call this directly.
     */
    public static int run(String... args) {
        return RnnCommand.commandLine().execute(args);
    }
}
