package rnn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import rnn.data.DataLoader;
import rnn.data.DataOptions;
import rnn.data.LoadedData;
import rnn.io.AtomicFiles;
import rnn.io.Checkpoint;
import rnn.io.CheckpointException;
import rnn.io.LossPlot;
import rnn.io.RunDirectory;
import rnn.io.RunDirectoryException;
import rnn.train.StopSignal;
import rnn.train.TrainConfig;
import rnn.train.Trainer;

/** {@code rnn train}: trains a model on a CSV file and leaves a complete run directory (DESIGN §2, §4). */
@Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = ManifestVersionProvider.class, showDefaultValues = true,
        description = "Trains a recurrent model on a CSV file and writes a run directory: config.json, checkpoints, "
                + "loss.csv, loss.png, train.log and summary.json.",
        footerHeading = "%nExamples:%n",
        footer = {"  rnn train --cell gru sample-data/sunspots.csv",
            "  rnn train --cell lstm --hidden 128,64 --window 30 --epochs 50 --out runs/lstm data.csv",
            "  rnn train --resume runs/lstm --epochs 80"})
final class TrainCommand implements Callable<Integer> {

    private static final Logger LOG = LogManager.getLogger(TrainCommand.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DATA.csv",
            description = "The training data: a CSV file with a header row. Optional with --resume (the run's file).")
    Path data;

    @ArgGroup(validate = false, heading = "%nModel:%n", order = 1)
    ModelOptions model = new ModelOptions();

    @ArgGroup(validate = false, heading = "%nData:%n", order = 2)
    DataFlags dataFlags = new DataFlags();

    @ArgGroup(validate = false, heading = "%nTraining:%n", order = 3)
    TrainingFlags training = new TrainingFlags();

    @ArgGroup(validate = false, heading = "%nOutput:%n", order = 4)
    OutputFlags output = new OutputFlags();

    static final class ModelOptions {
        @Option(names = "--cell", paramLabel = "rnn|gru|lstm", defaultValue = TrainConfig.DEFAULT_CELL,
                description = "The recurrent cell of every layer.")
        String cell;
        @Option(names = "--hidden", paramLabel = "H[,H...]", defaultValue = TrainConfig.DEFAULT_HIDDEN,
                description = "Hidden units of each layer, bottom first; two sizes make two layers.")
        String hidden;
        @Option(names = "--activation", paramLabel = "tanh|relu", defaultValue = TrainConfig.DEFAULT_ACTIVATION,
                description = "Activation of the simple RNN (--cell rnn only).")
        String activation;
        @Option(names = "--gru-variant", paramLabel = "classic|reset-after",
                defaultValue = TrainConfig.DEFAULT_GRU_VARIANT,
                description = "Where the GRU applies its reset gate: classic (Cho et al. 2014, Keras reset_after=False)"
                        + " or reset-after (PyTorch nn.GRU).")
        String gruVariant;
        @Option(names = "--dropout", paramLabel = "P", defaultValue = "" + TrainConfig.DEFAULT_DROPOUT,
                description = "Dropout probability between stacked layers, in training only.")
        String dropout;
        @Option(names = "--output", paramLabel = "last|sequence", defaultValue = TrainConfig.DEFAULT_OUTPUT,
                description = "Predict from each sequence's last step, or at every step.")
        String output;
    }

    static final class DataFlags {
        @Option(names = "--target", paramLabel = "COL[,COL]", description = "Target column(s) by header name or "
                + "0-based index. Default: the last column.")
        String target;
        @Option(names = "--features", paramLabel = "COL,...", description = "Input columns. Default: every numeric "
                + "column but the target, id and time columns.")
        String features;
        @Option(names = "--id", paramLabel = "COL", description = "Sequence id column: one sequence per id (the long "
                + "layout), or one series per id with --layout window.")
        String id;
        @Option(names = "--time", paramLabel = "COL", description = "Ordering column (numeric or ISO-8601); never a "
                + "feature.")
        String time;
        @Option(names = "--layout", paramLabel = "window|long|wide", description = "How rows form sequences. "
                + "Default: long with --id, else window.")
        String layout;
        @Option(names = "--steps", paramLabel = "T", description = "Steps per row in the wide layout.")
        String steps;
        @Option(names = "--window", paramLabel = "W", defaultValue = "" + DataOptions.DEFAULT_WINDOW,
                description = "Steps per window (window layout).")
        String window;
        @Option(names = "--horizon", paramLabel = "H", defaultValue = "" + DataOptions.DEFAULT_HORIZON,
                description = "How many rows after a window's last row its target lies (window layout).")
        String horizon;
        @Option(names = "--stride", paramLabel = "S", defaultValue = "" + DataOptions.DEFAULT_STRIDE,
                description = "Rows between the starts of consecutive windows (window layout).")
        String stride;
        @Option(names = "--normalize", paramLabel = "zscore|minmax|none", defaultValue = "zscore",
                description = "Scaling of features and targets, fitted on the training part only.")
        String normalize;
        @Option(names = "--missing", paramLabel = "error|drop|ffill", defaultValue = "error",
                description = "What an empty or non-numeric value does: stop with its position, drop the row, or "
                        + "carry the previous value forward.")
        String missing;
        @Option(names = "--val-split", paramLabel = "F", defaultValue = "" + DataOptions.DEFAULT_VAL_SPLIT,
                description = "Fraction held out for validation (the last windows in time; a seeded random subset "
                        + "of sequences otherwise). 0 = none.")
        String valSplit;
        @Option(names = "--val", paramLabel = "FILE", description = "A validation file with the same columns "
                + "(instead of --val-split).")
        String val;
        @Option(names = "--delimiter", paramLabel = "C", defaultValue = "" + DataOptions.DEFAULT_DELIMITER,
                description = "Field separator (\\t for a tab).")
        String delimiter;
    }

    static final class TrainingFlags {
        @Option(names = "--epochs", paramLabel = "N", defaultValue = "" + TrainConfig.DEFAULT_EPOCHS,
                description = "Epochs in total (a resumed run continues up to this number).")
        String epochs;
        @Option(names = "--batch-size", paramLabel = "B", defaultValue = "" + TrainConfig.DEFAULT_BATCH_SIZE,
                description = "Sequences per batch.")
        String batchSize;
        @Option(names = "--lr", paramLabel = "RATE", defaultValue = "" + TrainConfig.DEFAULT_LR,
                description = "Learning rate.")
        String lr;
        @Option(names = "--optimizer", paramLabel = "adam|adamw|sgd|rmsprop",
                defaultValue = TrainConfig.DEFAULT_OPTIMIZER, description = "The optimizer.")
        String optimizer;
        @Option(names = "--weight-decay", paramLabel = "L",
                description = "Weight decay (decoupled for adamw, whose default is 0.01; L2 otherwise, default 0).")
        String weightDecay;
        @Option(names = "--momentum", paramLabel = "M", description = "Momentum for sgd and rmsprop (default 0).")
        String momentum;
        @Option(names = "--nesterov", description = "Nesterov momentum (sgd with --momentum).")
        boolean nesterov;
        @Option(names = "--clip-norm", paramLabel = "N", defaultValue = "" + TrainConfig.DEFAULT_CLIP_NORM,
                description = "Clip the global gradient L2 norm to N; 0 = off.")
        String clipNorm;
        @Option(names = "--clip-value", paramLabel = "V", defaultValue = "" + TrainConfig.DEFAULT_CLIP_VALUE,
                description = "Clip every gradient entry to [-V, V]; 0 = off.")
        String clipValue;
        @Option(names = "--tbptt", paramLabel = "K", defaultValue = "" + TrainConfig.DEFAULT_TBPTT,
                description = "Truncated backpropagation through time: gradients flow back at most K steps; 0 = "
                        + "full.")
        String tbptt;
        @Option(names = "--lr-schedule", paramLabel = "constant|step|cosine|plateau",
                defaultValue = TrainConfig.DEFAULT_LR_SCHEDULE, description = "Learning-rate schedule: step halves "
                + "it every 10 epochs, cosine anneals it to 0 over --epochs, plateau halves it after 3 epochs "
                + "without improvement.")
        String lrSchedule;
        @Option(names = "--early-stopping", paramLabel = "P", defaultValue = "" + TrainConfig.DEFAULT_EARLY_STOPPING,
                description = "Stop after P epochs without a better validation loss and keep the best weights; 0 = "
                        + "off.")
        String earlyStopping;
        @Option(names = "--loss", paramLabel = "mse|mae|huber|xent", defaultValue = TrainConfig.DEFAULT_LOSS,
                description = "Training objective; xent (softmax cross-entropy) makes the target a class label.")
        String loss;
        @Option(names = "--seed", paramLabel = "S", defaultValue = "" + TrainConfig.DEFAULT_SEED,
                description = "Seed of initialisation, shuffling, dropout and the validation split.")
        String seed;
        @Option(names = "--threads", paramLabel = "N", defaultValue = "" + TrainConfig.DEFAULT_THREADS,
                description = "Compute threads; 0 = automatic (all cores when a time step has enough work to share, "
                        + "else 1). Results are identical for any N.")
        String threads;
    }

    static final class OutputFlags {
        @Option(names = "--out", paramLabel = "DIR", description = "The run directory. Default: "
                + "runs/<timestamp>-<cell>.")
        String out;
        @Option(names = "--overwrite", description = "Replace an earlier run in a non-empty --out.")
        boolean overwrite;
        @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "" + TrainConfig.DEFAULT_CHECKPOINT_EVERY,
                description = "Write a checkpoint every N epochs.")
        String checkpointEvery;
        @Option(names = "--keep", paramLabel = "K", defaultValue = "" + TrainConfig.DEFAULT_KEEP,
                description = "Keep the last K epoch checkpoints (best and last are always kept).")
        String keep;
        @Option(names = "--resume", paramLabel = "RUN|FILE", description = "Continue a run from its last "
                + "checkpoint (or from a checkpoint file) up to --epochs in total.")
        Path resume;
        @Option(names = "--plot", paramLabel = "png|svg|none", defaultValue = TrainConfig.DEFAULT_PLOT,
                description = "Format of the loss plot.")
        String plot;
        @Option(names = "--json", description = "Print the final summary as JSON on stdout (and nothing else there).")
        boolean json;
        @Option(names = "--quiet", description = "Print errors only.")
        boolean quiet;
        @Option(names = "--log-level", paramLabel = "error|warn|info|debug", defaultValue = "info",
                description = "Detail of the messages on stderr.")
        String logLevel;
        @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
        boolean noProgress;
        @Option(names = "--debug", description = "Show stack traces of errors.")
        boolean debug;
    }

    /** Options that steer this invocation only and are not part of the run's configuration. */
    private static final List<String> NOT_CONFIG = List.of("help", "version", "overwrite", "resume", "json", "quiet",
            "log-level", "no-progress", "debug");

    @Override
    public Integer call() throws Exception {
        Level level;
        try {
            level = output.quiet ? Level.ERROR : parseLevel(output.logLevel);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        RunLogging.setConsoleLevel(level);

        Checkpoint resume = output.resume == null ? null : Checkpoint.read(resolveCheckpoint(output.resume));
        TrainOptions options = resolveOptions(resume);
        TrainConfig config;
        DataOptions dataOptions;
        try {
            config = options.trainConfig();
            dataOptions = options.dataOptions();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path dataFile = data != null ? data : resume != null && options.get("data") != null
                ? Path.of(options.get("data")) : null;
        if (dataFile == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'DATA.csv'");
        }
        if (DataArgument.isStdin(dataFile)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "DATA.csv: expected a file, got \"-\" "
                    + "(standard input); a run records its data file's path and SHA-256, so save the data to a "
                    + "file and name it");
        }

        RunDirectory run = new RunDirectory(runDirectory(config, resume));
        if (resume == null) {
            run.prepareNew(output.overwrite);
        } else {
            run.prepareResume();
        }
        RunLogging.addRunFile(run.log());
        try {
            return train(config, dataOptions, options, dataFile, run, resume);
        } finally {
            RunLogging.removeRunFile();
        }
    }

    private int train(TrainConfig config, DataOptions dataOptions, TrainOptions options, Path dataFile,
                      RunDirectory run, Checkpoint resume) throws IOException {
        String sha = sha256(dataFile);
        if (resume != null && !sha.equals(resume.metadata().get("input_sha256"))) {
            LOG.warn("{} has changed since the run started (SHA-256 {} then, {} now); training continues on the "
                    + "new contents", dataFile, shortSha(resume.metadata().get("input_sha256")), shortSha(sha));
        }
        LoadedData loaded = DataLoader.load(dataFile, dataOptions);
        try {
            rnn.train.TrainingStep.requireTruncationFits(config.tbptt(), loaded.train().maxSteps());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        LOG.info("rnn {}: {} {} on {}", ManifestVersionProvider.version(), TrainOptions.cliName(config.cell()),
                java.util.Arrays.toString(config.hidden()), dataFile);
        for (String line : loaded.schema().describe()) {
            LOG.info("{}", line);
        }
        options = resolved(options, config, loaded, run);
        Trainer trainer = new Trainer(config, loaded, run, runMetadata(options, dataFile, sha, loaded),
                listener(config), StopSignal.install());
        LOG.info("model: {} parameters; training {} epochs with {} (lr {}), batch {}, into {}",
                trainer.model().parameters().count(), config.epochs(), config.optimizer().kind().cliName(),
                config.lr(), config.batchSize(), run.root());
        writeConfig(run, options, dataFile, sha, loaded);
        Trainer.Outcome outcome = trainer.train(resume);

        ObjectNode summary = summary(outcome, run, config);
        AtomicFiles.write(run.summary(), JSON.writeValueAsString(summary) + "\n");
        LOG.info("done: {} epochs in {}s; best {} loss {} at epoch {}; model in {}", outcome.epochs(),
                String.format(Locale.ROOT, "%.1f", outcome.seconds()),
                Double.isNaN(outcome.valLoss()) ? "training" : "validation", fmt(outcome.bestLoss()),
                outcome.bestEpoch(), run.root());
        if (output.json) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(JSON.writeValueAsString(summary));
            out.flush();
        }
        return outcome.interrupted() == null ? ExitCodes.OK : outcome.interrupted().exitCode();
    }

    /** The options with every default that depends on the data or the optimizer made explicit. */
    private static TrainOptions resolved(TrainOptions options, TrainConfig config, LoadedData loaded,
                                         RunDirectory run) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("out", run.root().toString());
        r.put("target", String.join(",", loaded.contract().targets()));
        r.put("features", String.join(",", loaded.contract().features()));
        r.put("layout", loaded.contract().layout().cliName());
        r.put("weight-decay", Double.toString(config.optimizer().weightDecay()));
        r.put("momentum", Double.toString(config.optimizer().momentum()));
        r.put("nesterov", Boolean.toString(config.optimizer().nesterov()));
        return options.overlay(r);
    }

    private rnn.train.TrainingListener listener(TrainConfig config) {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"))
                && System.getenv("CI") == null;
        if (output.quiet) {
            return new rnn.train.TrainingListener() {
            };
        }
        return new EpochProgress(terminal && !output.noProgress);
    }

    /** The stored options of the resumed run overlaid with what was typed now; or what was typed now. */
    private TrainOptions resolveOptions(Checkpoint resume) {
        Map<String, String> typed = new LinkedHashMap<>();
        Map<String, String> all = new LinkedHashMap<>();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (OptionSpec o : spec.options()) {
            String name = o.longestName().substring(2);
            if (NOT_CONFIG.contains(name)) {
                continue;
            }
            Object v = o.getValue();
            String text = v == null ? null : v.toString();
            if (o.typeInfo().isBoolean()) {
                text = Boolean.TRUE.equals(v) ? "true" : null;
            }
            all.put(name, text);
            if (parsed.hasMatchedOption(o.longestName())) {
                typed.put(name, text);
            }
        }
        if (data != null) {
            all.put("data", data.toString());
            typed.put("data", data.toString());
        }
        if (resume == null) {
            return new TrainOptions(all);
        }
        TrainOptions stored;
        try {
            JsonNode node = new ObjectMapper().readTree(resume.metadata().get("options"));
            Map<String, String> m = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
            stored = new TrainOptions(m);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(resume.path() + ": cannot resume from it: its options metadata is missing "
                    + "or malformed");
        }
        TrainOptions merged = stored.overlay(typed);
        List<String> diffs = merged.architectureDifferences(stored);
        if (!diffs.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--resume " + output.resume
                    + ": incompatible options: " + String.join("; ", diffs) + "; start a new run instead");
        }
        return merged;
    }

    private Path runDirectory(TrainConfig config, Checkpoint resume) {
        if (config.out() != null && (resume == null || output.out != null)) {
            return config.out();
        }
        if (resume != null) {
            Path file = resume.path().toAbsolutePath();
            Path parent = file.getParent();
            return parent.getFileName() != null && parent.getFileName().toString().equals(RunDirectory.CHECKPOINTS)
                    ? parent.getParent() : parent;
        }
        return RunDirectory.defaultFor(Path.of("runs"), TrainOptions.cliName(config.cell()), LocalDateTime.now());
    }

    private static Path resolveCheckpoint(Path resume) {
        if (Files.isDirectory(resume)) {
            Path last = resume.resolve(RunDirectory.LAST);
            if (!Files.exists(last)) {
                throw new CheckpointException(resume + ": has no " + RunDirectory.LAST + "; is it a run directory of "
                        + "rnn train that finished at least one checkpoint?");
            }
            return last;
        }
        return resume;
    }

    private Map<String, String> runMetadata(TrainOptions options, Path dataFile, String sha, LoadedData loaded)
            throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("tool_version", ManifestVersionProvider.version());
        m.put("options", new ObjectMapper().writeValueAsString(optionsWithData(options, dataFile)));
        m.put("schema", loaded.schema().toJsonText());
        m.put("input_sha256", sha);
        return m;
    }

    private static Map<String, String> optionsWithData(TrainOptions options, Path dataFile) {
        Map<String, String> m = new LinkedHashMap<>(options.values());
        m.put("data", dataFile.toString());
        return m;
    }

    private void writeConfig(RunDirectory run, TrainOptions options, Path dataFile, String sha, LoadedData loaded)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("tool", "rnn");
        root.put("tool_version", ManifestVersionProvider.version());
        root.put("command", "train");
        ObjectNode input = root.putObject("input");
        input.put("file", dataFile.toString());
        input.put("sha256", sha);
        ObjectNode opts = root.putObject("options");
        optionsWithData(options, dataFile).forEach(opts::put);
        root.set("schema", loaded.schema().toJson());
        try {
            AtomicFiles.write(run.config(), JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new RunDirectoryException(4, run.config() + ": cannot write (" + e.getMessage() + ")");
        }
    }

    private static ObjectNode summary(Trainer.Outcome o, RunDirectory run, TrainConfig config) {
        ObjectNode s = JSON.createObjectNode();
        s.put("run", run.root().toString());
        s.put("status", o.interrupted() != null ? "interrupted" : o.earlyStopped() ? "early-stopped" : "completed");
        s.put("epochs", o.epochs());
        s.put("final_train_loss", o.trainLoss());
        putNumber(s, "final_val_loss", o.valLoss());
        if (config.loss().isClassification()) {
            putNumber(s, "final_val_accuracy", o.valAccuracy());
        }
        putNumber(s, "best_loss", o.bestLoss());
        s.put("best_loss_is", Double.isNaN(o.valLoss()) ? "train" : "validation");
        s.put("best_epoch", o.bestEpoch());
        s.put("parameters", o.parameters());
        s.put("wall_seconds", Math.round(o.seconds() * 1000) / 1000.0);
        s.put("samples_per_second", Math.round(o.samplesPerSecond() * 10) / 10.0);
        s.put("best_checkpoint", run.best().toString());
        s.put("last_checkpoint", run.last().toString());
        return s;
    }

    private static void putNumber(ObjectNode s, String key, double v) {
        if (Double.isFinite(v)) {
            s.put(key, v);
        } else {
            s.putNull(key);
        }
    }

    private static Level parseLevel(String s) {
        Level l = Level.getLevel(s == null ? "" : s.toUpperCase(Locale.ROOT));
        if (l == null || !List.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE").contains(l.name())) {
            throw new IllegalArgumentException("--log-level: expected one of error, warn, info, debug, trace, got \""
                    + s + "\"");
        }
        return l;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            // the data loader reports a missing or unreadable file with its own message
            return "unreadable";
        }
    }

    private static String shortSha(String s) {
        return s == null ? "unknown" : s.substring(0, Math.min(12, s.length()));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.5g", v);
    }
}
