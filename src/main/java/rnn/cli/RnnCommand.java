package rnn.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root command {@code rnn}. Subcommands ({@code train}, {@code predict}, {@code eval}, {@code inspect},
 * {@code export}, and the hidden {@code bench} and {@code bench-data} of the scripts) are registered here. Its {@code --help}/{@code
 * --version} options, version provider and exit-code footer are inherited by every subcommand
 * ({@code scope = INHERIT}; a subcommand's own footer replaces the footer).
 */
@Command(name = "rnn", scope = CommandLine.ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        subcommands = {TrainCommand.class, PredictCommand.class, EvalCommand.class, GenerateCommand.class,
            InspectCommand.class, ExportCommand.class, SweepCommand.class, BenchCommand.class, BenchDataCommand.class},
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
            "  130/143  interrupted by SIGINT/SIGTERM after a checkpoint was written",
            "  141 the reader of stdout closed the pipe (as SIGPIPE would)"})
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
        CommandLine cl = Converters.register(new CommandLine(new RnnCommand()));
        cl.setOverwrittenOptionsAllowed(true); // a repeated option: its last value wins, in every command
        cl.setExecutionExceptionHandler(RnnCommand::handleExecutionException);
        cl.setParameterExceptionHandler(RnnCommand::handleParameterException);
        return cl;
    }

    /**
     * Runs {@code args} on {@code cl} (built by {@link #commandLine()}) and returns the exit code. Arguments of the
     * form {@code @FILE} are read from FILE by picocli (options separated by white space or new lines, quotes and
     * {@code #} comments allowed; {@code @@x} is the literal {@code @x}); a missing or unreadable FILE, which
     * picocli would take as a literal argument, is a usage error here.
     */
    static int execute(CommandLine cl, String... args) {
        String problem = ArgumentFiles.problem(args);
        if (problem != null) {
            usageError(cl, problem);
            return ExitCodes.USAGE;
        }
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) { // picocli's handlers take exceptions only: an Error comes through
            return OutOfMemory.report(e, java.util.Arrays.asList(args).contains("--debug"));
        }
        if (code == ExitCodes.OK || code == ExitCodes.GATE_FAILED) {
            try {
                ResultWriter.check(cl.getOut());
            } catch (ResultWriter.OutputFailedException e) {
                return outputFailed(e);
            }
        }
        return code;
    }

    /**
     * The exit code of results that could not be written: {@link ExitCodes#BROKEN_PIPE}, quietly, when the reader
     * closed the pipe; else {@link ExitCodes#MODEL_OR_IO} with one line on stderr.
     */
    private static int outputFailed(ResultWriter.OutputFailedException e) {
        if (e.closedPipe()) {
            LOG.debug("stdout was closed by its reader; stopped");
            return ExitCodes.BROKEN_PIPE;
        }
        LOG.error("{}", e.getMessage());
        return ExitCodes.MODEL_OR_IO;
    }

    private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String message = TrainOptions.render(message(ex));
        if (ex.getCause() instanceof CommandLine.TypeConversionException t
                && ex.getArgSpec() instanceof CommandLine.Model.OptionSpec o) {
            message = o.longestName() + ": " + t.getMessage(); // a typed option's converter: "--epochs: expected ..."
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.isUnknownOption()
                && !u.getUnmatched().isEmpty() && !cl.getSubcommands().isEmpty()) {
            unknownCommand(cl, u);
        } else {
            usageError(cl, message);
        }
        return ExitCodes.USAGE;
    }

    /**
     * The one-line message of a usage error (its option references are spelled as flags by the caller): picocli's,
     * and for an unknown option the nearest visible one ({@code Unknown option: '--cel'; did you mean --cell?}).
     */
    private static String message(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && u.isUnknownOption()
                && !u.getUnmatched().isEmpty()) {
            String nearest = nearest(u);
            return "Unknown option: '" + u.getUnmatched().get(0) + "'"
                    + (nearest == null ? "" : "; did you mean " + nearest + "?");
        }
        return ex.getMessage();
    }

    /** {@code rnn: unknown command 'trian'; did you mean train? See 'rnn --help'.} */
    private static void unknownCommand(CommandLine cl, CommandLine.UnmatchedArgumentException u) {
        String nearest = nearest(u);
        PrintWriter err = cl.getErr();
        err.println("rnn: unknown command '" + u.getUnmatched().get(0) + "'"
                + (nearest == null ? "." : "; did you mean " + nearest + "?") + " See '"
                + cl.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
    }

    /**
     * The nearest visible option or command name, or null when none is near: picocli's suggestions come most
     * similar first and leave out hidden options and commands (bench's {@code --child}, {@code rnn bench}).
     */
    private static String nearest(CommandLine.UnmatchedArgumentException u) {
        List<String> suggestions = u.getSuggestions();
        return suggestions.isEmpty() ? null : suggestions.get(0);
    }

    /**
     * Maps what a command threw to one line on stderr and the documented exit code (DESIGN §5), the option
     * references of its message ({@link rnn.option.OptionRef}) spelled as flags. The stack trace is shown only
     * with {@code --debug}.
     */
    private static int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        boolean debug = debugRequested(parsed);
        if (ex instanceof java.io.UncheckedIOException u) {
            ex = u.getCause();
        }
        if (ex instanceof ResultWriter.OutputFailedException e) {
            int code = outputFailed(e);
            if (debug) {
                LOG.error("stack trace (--debug):", ex);
            }
            return code;
        }
        int code;
        String message = TrainOptions.render(ex.getMessage());
        if (ex instanceof rnn.data.DataException e) {
            code = e.exitCode();
        } else if (ex instanceof rnn.io.CheckpointException e) {
            code = e.exitCode();
        } else if (ex instanceof rnn.io.RunDirectoryException e) {
            code = e.exitCode();
        } else if (ex instanceof rnn.sweep.SweepException e) {
            code = e.exitCode();
        } else if (ex instanceof rnn.train.SizeLimitException) {
            code = ExitCodes.USAGE;
        } else if (ex instanceof rnn.train.TrainingFailedException) {
            code = ExitCodes.FAILED;
        } else if (ex instanceof java.io.IOException) {
            code = ExitCodes.MODEL_OR_IO;
            message = "I/O error: " + message;
        } else {
            code = ExitCodes.FAILED;
            message = "internal error (" + ex.getClass().getSimpleName() + ": " + message + ")"
                    + (debug ? "" : "; run again with --debug for the stack trace, and please report it");
        }
        if (code == ExitCodes.USAGE) {
            usageError(cl, message);
        } else {
            LOG.error("{}", message);
        }
        if (debug) {
            LOG.error("stack trace (--debug):", ex);
        }
        return code;
    }

    /** One line: {@code rnn: MESSAGE (see 'rnn train --help')}. */
    private static void usageError(CommandLine cl, String message) {
        PrintWriter err = cl.getErr();
        err.println("rnn: " + message + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
    }

    private static boolean debugRequested(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }
}
