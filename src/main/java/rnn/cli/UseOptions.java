package rnn.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.apache.logging.log4j.Level;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import rnn.data.DataLoader;
import rnn.data.Dataset;

/** The options and the data argument {@code rnn predict} and {@code rnn eval} share (a picocli mixin). */
final class UseOptions {

    /** Examples per forward pass. Memory grows with it; results do not depend on it. */
    static final int DEFAULT_BATCH_SIZE = 256;

    @Option(names = "--model", required = true, paramLabel = "RUN|FILE", order = 1,
            description = "The trained model: a run directory (its best.safetensors, the weights training kept as "
                    + "best) or a checkpoint file.")
    Path model;

    @Option(names = "--schema", paramLabel = "config.json", order = 2,
            description = "Read --model as a plain safetensors state dict (e.g. written by PyTorch) and take the "
                    + "architecture and data schema from this config.json of the run that trained it.")
    Path schema;

    @Option(names = "--delimiter", paramLabel = "C", order = 3,
            description = "Field separator of DATA.csv (\\t for a tab). Default: the training file's.")
    String delimiter;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "" + DEFAULT_BATCH_SIZE, order = 4,
            showDefaultValue = CommandLine.Help.Visibility.ALWAYS,
            description = "Examples per forward pass (memory, not results, depends on it).")
    int batchSize;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", order = 5,
            showDefaultValue = CommandLine.Help.Visibility.ALWAYS,
            description = "Compute threads; 0 = automatic, as in train (all cores when a time step has enough work "
                    + "to share, else 1). Results are identical for any N.")
    int threads;

    @Option(names = "--allow-nonfinite", order = 19,
            description = "Read a model whose weights hold NaN or infinities (one edited on purpose); without it "
                    + "such a file is refused.")
    boolean allowNonfinite;

    @Option(names = "--quiet", order = 20, description = "Print errors only.")
    boolean quiet;

    @Option(names = "--log-level", paramLabel = "error|warn|info|debug", defaultValue = "info", order = 21,
            description = "Detail of the messages on stderr.")
    String logLevel;

    @Option(names = "--debug", order = 22, description = "Show stack traces of errors.")
    boolean debug;

    /** What the DATA argument says (the commands declare it: required for predict, optional for eval). */
    static final String DATA_DESCRIPTION = "The data: a CSV file with a header row and the columns the model was "
            + "trained on (for eval, the targets included); - reads it from standard input.";

    /**
     * The positional argument, last as on the command line ({@code rnn eval --model RUN [options] DATA.csv}), set by
     * the command from its own parameter; null when eval is given none.
     */
    Path data;

    /**
     * Refuses a missing DATA argument (optional only for the eval of a text model).
     *
     * @param hint what to add to the message
     */
    void requireData(CommandLine cl, String hint) {
        if (data == null) {
            throw new CommandLine.ParameterException(cl, "Missing required parameter: 'DATA.csv'" + hint);
        }
    }

    /** Validates the numbers and sets the console log level. */
    void apply(CommandLine cl) {
        if (batchSize < 1) {
            throw new CommandLine.ParameterException(cl, "--batch-size: expected a positive integer, got "
                    + batchSize);
        }
        if (threads < 0) {
            throw new CommandLine.ParameterException(cl, "--threads: expected 0 (automatic) or a positive number, "
                    + "got " + threads);
        }
        RunLogging.setConsoleLevel(quiet ? Level.ERROR : level(cl, logLevel));
    }

    /** The model of {@code --model} (and {@code --schema}). */
    ModelSource open() {
        return ModelSource.open(model, schema, allowNonfinite);
    }

    /** DATA.csv read with the model's schema and the {@link #delimiter field separator}. */
    Dataset load(CommandLine cl, ModelSource source, DataLoader.Purpose purpose) {
        return DataLoader.loadForModel(DataArgument.input(data), source.schema().contract(), delimiter(cl, source),
                purpose);
    }

    /** The field separator: --delimiter, else the training file's. */
    char delimiter(CommandLine cl, ModelSource source) {
        if (delimiter == null) {
            return source.delimiter();
        }
        if (delimiter.equals("\\t") || delimiter.equals("tab")) {
            return '\t';
        }
        if (delimiter.length() != 1 || delimiter.charAt(0) == '"' || delimiter.charAt(0) == '\n'
                || delimiter.charAt(0) == '\r') {
            throw new CommandLine.ParameterException(cl, "--delimiter: expected one character other than a quote "
                    + "(or \\t for a tab), got \"" + delimiter + "\"");
        }
        return delimiter.charAt(0);
    }

    /**
     * The compute threads for {@code spec} applied to {@code data}: {@code --threads}, or 0 = by the shape and the
     * job's size, as {@code rnn train} chooses them; on the plain-Java kernels for a small job (same results, no
     * vector warm-up: {@link rnn.nn.Compute#forJob}).
     */
    rnn.nn.Compute compute(rnn.nn.ModelSpec spec, rnn.data.Dataset data) {
        long rowSteps = (long) data.size() * data.maxSteps();
        return rnn.nn.Compute.forJob(threads == 0 ? rnn.nn.Compute.defaultThreads(spec, batchSize, rowSteps)
                : threads, rnn.nn.Precision.HOT_PATH, spec, rowSteps);
    }

    static Level level(CommandLine cl, String s) {
        Level l = Level.getLevel(s == null ? "" : s.toUpperCase(Locale.ROOT));
        if (l == null || !List.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE").contains(l.name())) {
            throw new CommandLine.ParameterException(cl, "--log-level: expected one of error, warn, info, debug, "
                    + "trace, got \"" + s + "\"");
        }
        return l;
    }
}
