package rnn.cli;

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
     * Runs the command line and returns the process exit code (see {@link ExitCodes}), without exiting. Results
     * go to file descriptor 1 through a {@link ResultWriter}, so that a failed write is an error and a closed pipe
     * a quiet stop.
     */
    public static int run(String... args) {
        picocli.CommandLine cl = RnnCommand.commandLine();
        cl.setOut(ResultWriter.stdout());
        return RnnCommand.execute(cl, args);
    }

    /** Runs the command line with the given output (results) and error (diagnostics) writers. */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        picocli.CommandLine cl = RnnCommand.commandLine();
        cl.setOut(out);
        cl.setErr(err);
        int code = RnnCommand.execute(cl, args);
        out.flush();
        err.flush();
        return code;
    }
}
