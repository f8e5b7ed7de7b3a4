package rnn.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root command {@code rnn}. Subcommands ({@code train}, {@code predict}, {@code eval}, {@code inspect})
 * are registered here as they are built.
 */
@Command(name = "rnn",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersionProvider.class,
        description = "Trains recurrent sequence models (simple RNN, GRU, LSTM) on CSV data.",
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0   success",
            "  1   training failed (loss became NaN/Inf) or internal error",
            "  2   usage error (bad or missing flags)",
            "  3   data error (file, line, column and reason)",
            "  4   model or I/O error (missing or corrupt checkpoint, unwritable output)",
            "  5   eval quality gate failed",
            "  130/143  interrupted by SIGINT/SIGTERM after a checkpoint was written"})
public final class RnnCommand implements Callable<Integer> {

    private static final Logger LOG = LogManager.getLogger(RnnCommand.class);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // "rnn" alone: the usage on stderr and a usage error, like git or docker.
        PrintWriter err = spec.commandLine().getErr();
        err.println("rnn: missing a command.");
        spec.commandLine().usage(err);
        err.flush();
        return ExitCodes.USAGE;
    }

    /** Builds the configured picocli command line: error handlers map failures to the documented exit codes. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new RnnCommand());
        cl.setExecutionExceptionHandler(RnnCommand::handleExecutionException);
        cl.setParameterExceptionHandler(RnnCommand::handleParameterException);
        return cl;
    }

    private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("rnn: " + ex.getMessage());
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        LOG.error("internal error: {}", String.valueOf(ex.getMessage()), ex);
        return ExitCodes.FAILED;
    }
}
