package rnn.cli;

/**
 * The command-line entry point. The only place in the code base that calls {@link System#exit}.
 */
public final class Main {

    private static final org.apache.logging.log4j.Logger LOG = org.apache.logging.log4j.LogManager.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        reportOutOfMemoryInAnyThread(java.util.Arrays.asList(args).contains("--debug"));
        System.exit(run(args));
    }

    /**
     * An {@link OutOfMemoryError} that ends another thread (the main thread's are reported by
     * {@link RnnCommand#execute}) ends the process with its one line and exit code 1, not a stack trace; another
     * throwable that ends a thread is logged in one line (its stack trace with {@code --debug}).
     */
    static void reportOutOfMemoryInAnyThread(boolean debug) {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            OutOfMemoryError oom = OutOfMemory.find(e);
            if (oom != null) {
                System.exit(OutOfMemory.report(oom, debug));
            } else {
                LOG.error("internal error in thread {} ({}: {}){}", thread.getName(), e.getClass().getSimpleName(),
                        e.getMessage(), debug ? "" : "; run again with --debug for the stack trace, and please report it");
                if (debug) {
                    LOG.error("stack trace (--debug):", e);
                }
            }
        });
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
