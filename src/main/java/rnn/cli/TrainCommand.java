package rnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import rnn.data.DataInput;
import rnn.data.DataLoader;
import rnn.data.DataOptions;
import rnn.data.LoadedData;
import rnn.io.AtomicFiles;
import rnn.io.Checkpoint;
import rnn.io.CheckpointException;
import rnn.io.RunDirectory;
import rnn.io.RunDirectoryException;
import rnn.train.DataParallel;
import rnn.train.EpochTraining;
import rnn.train.StopSignal;
import rnn.train.TrainConfig;
import rnn.train.Trainer;
import rnn.data.Dataset;
import rnn.nn.Compute;
import rnn.nn.Precision;
import rnn.use.BaselineScores;

/**
 * {@code rnn train}: trains a model on a CSV file and leaves a complete run directory (DESIGN §2, §4).
 *
 * <p>Where the options come from, later ones replacing earlier ones: the defaults of the annotations
 * ({@link TrainOptions}); the resumed run's configuration ({@code --resume}: its checkpoint's description, format 2,
 * or flag map, format 1); the {@code --config} file; the options typed on this command line (only those:
 * {@link #typedArgs}). A resumed run may not change its architecture ({@link TrainOptions#ARCHITECTURE}) and needs
 * an {@code --epochs} above the epochs it has done.
 */
@Command(name = "train", sortOptions = false, modelTransformer = TrainOptions.Sections.class,
        showDefaultValues = true,
        description = "Trains a recurrent model on a CSV file (or a UTF-8 text: --layout text, the default for a .txt "
                + "file) and writes a run directory: config.json, checkpoints, "
                + "loss.csv, loss.png, train.log and summary.json.",
        footerHeading = "%nExamples:%n",
        footer = {"  rnn train --cell gru sample-data/sunspots.csv",
            "  rnn train --cell lstm --hidden 128,64 --window 30 --epochs 50 --out runs/lstm data.csv",
            "  rnn train --resume runs/lstm --epochs 80",
            "  rnn train --config runs/lstm/config.json --seed 7 --out runs/lstm-seed7"})
final class TrainCommand implements Callable<Integer> {

    private static final Logger LOG = LogManager.getLogger(TrainCommand.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DATA.csv",
            description = "The training data: a CSV file with a header row. Optional with --resume (the run's file).")
    Path data;

    @Mixin
    TrainOptions.Model model = new TrainOptions.Model();

    @Mixin
    TrainOptions.Data dataFlags = new TrainOptions.Data();

    @Mixin
    TrainOptions.Training training = new TrainOptions.Training();

    @Mixin
    TrainOptions.Output output = new TrainOptions.Output();

    @picocli.CommandLine.Option(names = "--spark", paramLabel = "MASTER", description = "Train data-parallel on "
            + "Apache Spark: local[*], local[N], spark://HOST:PORT, yarn or k8s://URL (needs the Spark build: "
            + "scripts/rnn makes it, or spark-submit target/rnn-spark.jar).")
    String spark;

    @picocli.CommandLine.Option(names = "--sync-every", paramLabel = "K", defaultValue = "0", description = "With "
            + "--spark: local steps of each worker between two averagings of the parameters and optimizer moments; "
            + "0 = chosen so that synchronisation costs at most 10%% of a round, with at least 3 averagings per epoch.")
    int syncEvery;

    @picocli.CommandLine.Option(names = "--workers", paramLabel = "W", defaultValue = "0", description = "With "
            + "--spark: data-parallel workers (one Spark task each per round); 0 = Spark's default parallelism.")
    int workers;

    @picocli.CommandLine.Option(names = "--lr-scaling", paramLabel = "linear|none", defaultValue = "linear",
            description = "With --spark: linear = each of W workers steps at W x the learning rate (W averaged "
            + "workers then progress per epoch about as one machine does); none = at the rate itself.")
    String lrScaling;

    /** Parses {@code args} as options of {@code rnn train} (a later value of an option replaces an earlier one). */
    static TrainCommand parse(List<String> args) {
        TrainCommand c = new TrainCommand();
        Converters.register(new CommandLine(c)).parseArgs(args.toArray(String[]::new));
        return c;
    }

    /** The configuration these options give; {@code --flag: expected X, got Y} when one is wrong. */
    TrainConfig config() {
        return TrainOptions.config(model, training, output);
    }

    DataOptions dataOptions(TrainConfig config) {
        return TrainOptions.dataOptions(dataFlags, config);
    }

    @Override
    public Integer call() throws Exception {
        StopSignal stop = StopSignal.install(); // first: every state of the run answers SIGINT and SIGTERM
        Level level;
        try {
            level = output.quiet ? Level.ERROR : parseLevel(output.logLevel);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        RunLogging.setConsoleLevel(level);

        Checkpoint resume = output.resume == null ? null : Checkpoint.read(resolveCheckpoint(output.resume));
        RunConfig stored = resume == null ? null : storedConfig(resume);
        if (stored != null) {
            ModelSource.checkHiddenSizes(resume.path(), resume.path(), resume, stored.config());
        }
        ConfigFile file;
        try {
            file = output.config == null ? null : ConfigFile.read(output.config);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Path dataFile = data != null ? data : stored != null && stored.dataFile() != null ? stored.dataFile()
                : file != null ? file.dataFile() : null;
        TrainCommand effective = withEarlierOptions(stored, file, dataFile);
        TrainConfig config;
        DataOptions dataOptions;
        try {
            config = TrainOptions.bounded(effective.config());
            dataOptions = effective.dataOptions(config);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (stored != null) {
            checkResumable(stored, resume, config, dataOptions);
        }
        if (dataFile == null) {
            throw usage("Missing required parameter: 'DATA.csv'");
        }
        DataParallel cluster = cluster(config);
        RunDirectory run = new RunDirectory(runDirectory(config, resume));
        if (resume == null) {
            run.requireUsableForNew(output.overwrite);
        }
        return train(config, dataOptions, dataFile, run, resume, stop, cluster);
    }

    /**
     * The data-parallel implementation for {@code --spark} (null without it), after checking the options that
     * go with it.
     */
    private DataParallel cluster(TrainConfig config) {
        boolean typed = spec.commandLine().getParseResult().hasMatchedOption("--lr-scaling");
        if (spark == null) {
            if (syncEvery != DataParallel.Settings.AUTO || workers != 0 || typed) {
                throw usage((syncEvery != DataParallel.Settings.AUTO ? "--sync-every" : workers != 0 ? "--workers"
                        : "--lr-scaling") + ": only with --spark MASTER (data-parallel training)");
            }
            return null;
        }
        if (!List.of("linear", "none").contains(lrScaling)) {
            throw usage("--lr-scaling: expected linear or none, got \"" + lrScaling + "\"");
        }
        requireSparkMaster(spark, spec.commandLine());
        if (syncEvery < 0) {
            throw usage("--sync-every: expected a positive number of steps (or 0 = automatic), got " + syncEvery);
        }
        if (workers < 0) {
            throw usage("--workers: expected a positive number of workers (or 0 = Spark's default parallelism), got "
                    + workers);
        }
        if (config.training().stateful()) {
            throw usage("--spark: --stateful carries the state from batch to batch in order, which data-parallel "
                    + "workers cannot; train it without --spark");
        }
        if (data != null && DataArgument.isStdin(data)) {
            throw usage("--spark: the data must be a file that every worker can read, not standard input");
        }
        return DataParallel.find().orElseThrow(() -> usage("--spark: " + DataParallel.HOW_TO_GET));
    }

    /** The DATA argument as typed (a Hadoop URI such as hdfs://nn/x.csv is not a path: Path would drop a slash). */
    private String typedLocation(Path dataFile) {
        var positional = spec.commandLine().getParseResult().matchedPositional(0);
        return data != null && positional != null && !positional.originalStringValues().isEmpty()
                ? positional.originalStringValues().get(0) : dataFile.toString();
    }

    /**
     * This command's options on top of the resumed run's and the {@code --config} file's (in that order): the
     * arguments typed now are parsed again after theirs, so only what was typed replaces them.
     */
    private TrainCommand withEarlierOptions(RunConfig stored, ConfigFile file, Path dataFile) {
        List<String> args = new ArrayList<>();
        if (stored != null) {
            args.addAll(TrainOptions.args(stored.flags()));
        }
        if (file != null) {
            args.addAll(file.args());
        }
        args.addAll(typedArgs());
        try {
            return withLayoutDefaults(stored == null && file == null ? this : parse(args), args, dataFile);
        } catch (CommandLine.ParameterException e) {
            throw usage(e.getMessage());
        }
    }

    /**
     * {@code layered} (the options {@code args} give) with the text layout's defaults under them when its layout
     * reads text: the text layout's defaults come first, then {@code args}; the stride defaults to the window.
     * {@code rnn sweep} checks each trial's options through this and {@link #parse}, as train would take them.
     *
     * @throws CommandLine.ParameterException an option that does not parse
     */
    static TrainCommand withLayoutDefaults(TrainCommand layered, List<String> args, Path dataFile) {
        rnn.data.Layout layout = layered.dataFlags.layout != null ? layered.dataFlags.layout
                : layered.dataFlags.text != null ? rnn.data.Layouts.named("text").orElseThrow()
                : rnn.data.Layouts.byDefault(layered.dataFlags.id != null,
                        dataFile == null ? null : dataFile.getFileName().toString());
        if (!layout.readsText()) {
            return layered;
        }
        // the text layout's defaults come first, then every layer as above; the stride defaults to the window
        List<String> text = new ArrayList<>(TrainOptions.textDefaults());
        text.addAll(args);
        TrainCommand t = parse(text);
        if (!args.contains("--stride")) {
            text.add("--stride");
            text.add(Integer.toString(t.dataFlags.window));
            t = parse(text);
        }
        return t;
    }

    /** The options typed on this command line, as arguments ({@code --flag value}; a boolean flag alone). */
    private List<String> typedArgs() {
        List<String> typed = new ArrayList<>();
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (o.arity().max() == 0) {
                typed.add(o.longestName());
                continue;
            }
            for (String v : o.originalStringValues()) {
                typed.add(o.longestName());
                typed.add(v);
            }
        }
        return typed;
    }

    private static RunConfig storedConfig(Checkpoint resume) {
        try {
            return RunConfig.fromMetadata(resume.metadata());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(resume.path() + ": cannot resume from it: its configuration metadata is "
                    + "missing or malformed (" + e.getMessage() + ")");
        }
    }

    /** Refuses architecture changes and an --epochs that leaves nothing to train. */
    private void checkResumable(RunConfig stored, Checkpoint resume, TrainConfig config, DataOptions dataOptions) {
        List<String> diffs = TrainOptions.architectureDifferences(stored.flags(),
                TrainOptions.flags(config, dataOptions));
        if (!diffs.isEmpty()) {
            throw usage("--resume " + output.resume + ": incompatible options: " + String.join("; ", diffs)
                    + "; start a new run instead");
        }
        int done;
        try {
            done = Integer.parseInt(resume.metadata().getOrDefault("epoch", "0"));
        } catch (NumberFormatException e) {
            throw new CheckpointException(resume.path() + ": corrupt checkpoint: its epoch is \""
                    + resume.metadata().get("epoch") + "\", expected a whole number");
        }
        if (config.epochs() <= done) {
            throw usage("--epochs: the run being resumed has done " + done + " epochs; give --epochs above " + done
                    + " to train more");
        }
    }

    /** {@code --spark MASTER}'s own check, for {@code train} and {@code sweep}: a master URL, not a blank. */
    static void requireSparkMaster(String master, CommandLine commandLine) {
        if (master.isBlank()) {
            throw new CommandLine.ParameterException(commandLine, "--spark: expected a Spark master URL such as "
                    + "local[*], local[4], spark://HOST:7077, yarn or k8s://https://HOST:443, got \"\"");
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /**
     * The run, in an order that touches the run directory last: read the data once (its SHA-256 from the same
     * bytes), check it against the configuration, build the model; only then claim the directory (locked; an
     * earlier run set aside until this one has written a checkpoint, see {@link RunDirectory#claimNew}).
     */
    private int train(TrainConfig config, DataOptions dataOptions, Path dataFile, RunDirectory run,
                      Checkpoint resume, StopSignal stop, DataParallel cluster) throws IOException {
        String location = cluster == null ? null : typedLocation(dataFile);
        DataInput input = (cluster == null ? DataArgument.input(dataFile) : cluster.input(location)).withSha256();
        LoadedData loaded = DataLoader.load(input, dataOptions);
        String sha = input.sha256();
        try {
            rnn.train.TrainingStep.requireTruncationFits(config.tbptt(), loaded.train().maxSteps());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        // --stateful: the batch size is the number of streams, not lowered to the (plain) windows
        config = new TrainConfig(config.model(), config.training().stateful() ? config.training()
                : TrainOptions.batchWithin(config.training(), loaded.train().size()),
                config.files().withOut(run.root()));
        DataOptions resolved = resolved(dataOptions, loaded);
        RunDescription description = new RunDescription(config, resolved, loaded, dataFile, sha);
        try (EpochTraining elsewhere = cluster == null ? null : cluster.start(new DataParallel.Job(
                new DataParallel.Settings(spark, syncEvery, workers,
                        lrScaling.equals("linear")), config, loaded, location,
                TrainRecipe.args(config, resolved)))) {
            Trainer trainer = new Trainer(config, loaded, run, description.metadata(), listener(config), stop,
                    elsewhere);
            return train(trainer, config, dataFile, run, resume, loaded, description, sha);
        }
    }

    private int train(Trainer trainer, TrainConfig config, Path dataFile, RunDirectory run, Checkpoint resume,
                      LoadedData loaded, RunDescription description, String sha) throws IOException {
        try (RunDirectory.Claim claim = resume == null ? run.claimNew(output.overwrite) : run.claimResume()) {
            RunLogging.addRunFile(run.log());
            try {
                LOG.info("rnn {}: {} {} on {}", ManifestVersionProvider.version(), Choice.name(config.cell()),
                        java.util.Arrays.toString(config.hidden()), dataFile);
                if (resume != null && !sha.equals(resume.metadata().get("input_sha256"))) {
                    LOG.warn("{} has changed since the run started (SHA-256 {} then, {} now); training continues on "
                            + "the new contents", dataFile, shortSha(resume.metadata().get("input_sha256")),
                            shortSha(sha));
                }
                for (String line : loaded.schema().describe()) {
                    LOG.info("{}", line);
                }
                BaselineScores baselines = BaselineScores.of(loaded.validation(), loaded.schema(), config.loss());
                for (String line : baselines.lines(config.loss().name().toLowerCase(Locale.ROOT))) {
                    LOG.info("{}", line);
                }
                if (claim.replacing()) {
                    LOG.info("replacing the earlier run in {} once this one has written a checkpoint", run.root());
                }
                return train(trainer, config, description, run, resume, baselines, loaded.validation());
            } finally {
                RunLogging.removeRunFile();
            }
        }
    }

    private int train(Trainer trainer, TrainConfig config, RunDescription description, RunDirectory run,
                      Checkpoint resume, BaselineScores baselines, Dataset validation) throws IOException {
        LOG.info("model: {} parameters; training {} epochs with {} (lr {}), batch {}, into {}",
                trainer.model().parameters().count(), config.epochs(), config.optimizer().kind().cliName(),
                config.lr(), config.batchSize(), run.root());
        writeConfig(run, description);
        Trainer.Outcome outcome = trainer.train(resume);

        ObjectNode summary = summary(outcome, run, config);
        boolean validated = Double.isFinite(outcome.bestLoss()) && !Double.isNaN(outcome.valLoss());
        double modelRmse = validated && !baselines.regression().isEmpty() ? bestModelRmse(run, validation, config)
                : Double.NaN;
        BaselineScores.Verdict verdict = validated ? baselines.verdict(outcome.bestLoss(), modelRmse) : null;
        if (!baselines.isEmpty()) {
            ObjectNode b = baselinesJson(baselines, verdict);
            JsonNumbers.putFinite(b, "model_rmse", modelRmse);
            summary.set("baselines", b);
        }
        AtomicFiles.write(run.summary(), JSON.writeValueAsString(summary) + "\n");
        LOG.info("done: {} epochs in {}s; best {} loss {} at epoch {}; model in {}", outcome.epochs(),
                String.format(Locale.ROOT, "%.1f", outcome.seconds()),
                Double.isNaN(outcome.valLoss()) ? "training" : "validation", fmt(outcome.bestLoss()),
                outcome.bestEpoch(), run.root());
        if (verdict != null && verdict.beatsAll()) {
            LOG.info("{}", verdict.line());
        } else if (verdict != null) {
            LOG.warn("{}", verdict.line());
        }
        if (output.json) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(JSON.writeValueAsString(summary));
            out.flush();
        }
        return outcome.interrupted() == null ? ExitCodes.OK : outcome.interrupted().exitCode();
    }

    /**
     * The validation RMSE, in the target's units, of the weights in {@code RUN/best.safetensors} (read back as
     * {@code rnn eval} reads them: predictions de-normalised, a delta added back, the transform inverted), for the
     * end-of-training comparison with the baselines; NaN when the checkpoint cannot be read.
     */
    private static double bestModelRmse(RunDirectory run, Dataset validation, TrainConfig config) {
        try {
            ModelSource best = ModelSource.open(run.best(), null, true);
            try (Compute compute = Compute.forJob(1, Precision.HOT_PATH, best.spec(),
                    (long) validation.size() * validation.maxSteps())) {
                rnn.use.EvalReport r = rnn.use.Evaluator.evaluate(best.build(compute), validation,
                        best.schema().contract(), best.config().loss(), config.batchSize());
                return r.regression() == null ? Double.NaN : r.regression().model().rmse();
            }
        } catch (RuntimeException e) {
            LOG.warn("could not score the best model against the baselines: {}", e.getMessage());
            return Double.NaN;
        }
    }

    /** The data options with the columns and layout the loader chose made explicit (so a resume needs no rule). */
    static DataOptions resolved(DataOptions d, LoadedData loaded) {
        if (loaded.contract().layout().readsText()) {
            return d.toBuilder().layout(loaded.contract().layout()).build(); // a text has no columns to name
        }
        List<String> categorical = loaded.contract().categorical().stream().map(rnn.data.CategoricalColumn::column)
                .toList();
        List<String> inputs = new java.util.ArrayList<>(loaded.contract().features());
        inputs.addAll(categorical);
        return d.toBuilder().targets(loaded.contract().targets()).features(inputs).categorical(categorical)
                .time(loaded.contract().time()).layout(loaded.contract().layout())
                .season(loaded.contract().shape().season()).build(); // a detected time and season too
    }

    private rnn.train.TrainingListener listener(TrainConfig config) {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"))
                && System.getenv("CI") == null;
        return new EpochProgress(terminal && !output.noProgress && !output.quiet, !output.quiet);
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
        return RunDirectory.defaultFor(Path.of("runs"), Choice.name(config.cell()), LocalDateTime.now());
    }

    private static Path resolveCheckpoint(Path resume) {
        return RunOrCheckpoint.last(resume);
    }

    private static void writeConfig(RunDirectory run, RunDescription description) throws IOException {
        try {
            AtomicFiles.write(run.config(), JSON.writeValueAsString(description.configJson()) + "\n");
        } catch (IOException e) {
            throw new RunDirectoryException(4, run.config() + ": cannot write (" + e.getMessage() + ")");
        }
    }

    /**
     * summary.json: {@code run}, {@code status} (completed, early-stopped or interrupted), {@code epochs},
     * {@code final_train_loss}, {@code final_val_loss}, [{@code final_val_accuracy}], {@code best_loss},
     * {@code best_loss_is} (validation or train), {@code best_epoch}, {@code parameters}, {@code wall_seconds},
     * {@code samples_per_second}, {@code best_checkpoint}, {@code last_checkpoint}, [{@code baselines}] (with validation data, see {@link #baselinesJson}). Numbers are JSON numbers;
     * one that is not defined (no validation data, a diverged loss) is {@code null}.
     */
    private static ObjectNode summary(Trainer.Outcome o, RunDirectory run, TrainConfig config) {
        ObjectNode s = JSON.createObjectNode();
        s.put("run", run.root().toString());
        s.put("status", o.status().jsonName());
        s.put("epochs", o.epochs());
        JsonNumbers.putFinite(s, "final_train_loss", o.trainLoss());
        JsonNumbers.putFinite(s, "final_val_loss", o.valLoss());
        if (config.loss().isClassification()) {
            JsonNumbers.putFinite(s, "final_val_accuracy", o.valAccuracy());
        }
        JsonNumbers.putFinite(s, "best_loss", o.bestLoss());
        s.put("best_loss_is", Double.isNaN(o.valLoss()) ? "train" : "validation");
        s.put("best_epoch", o.bestEpoch());
        s.put("parameters", o.parameters());
        JsonNumbers.putFinite(s, "wall_seconds", Math.round(o.seconds() * 1000) / 1000.0);
        JsonNumbers.putFinite(s, "samples_per_second", Math.round(o.samplesPerSecond() * 10) / 10.0);
        s.put("best_checkpoint", run.best().toString());
        s.put("last_checkpoint", run.last().toString());
        return s;
    }

    /**
     * summary.json's {@code baselines}: per baseline its validation loss ({@code val_loss}, normalised units) and
     * errors in target units ({@code mse}, {@code rmse}, {@code mae}, {@code r2}), or for {@code majority} its
     * {@code class}, {@code accuracy} and {@code log_loss}; {@code beaten_by_model} (whether the best validation
     * loss is below every baseline's, absent when the run has none to compare) and {@code note}.
     */
    static ObjectNode baselinesJson(BaselineScores b, BaselineScores.Verdict verdict) {
        ObjectNode o = JSON.createObjectNode();
        for (rnn.use.EvalReport.Baseline r : b.regression()) {
            ObjectNode n = o.putObject(r.name());
            JsonNumbers.putFinite(n, "val_loss", r.loss());
            JsonNumbers.putFinite(n, "mse", r.errors().mse());
            JsonNumbers.putFinite(n, "rmse", r.errors().rmse());
            JsonNumbers.putFinite(n, "mae", r.errors().mae());
            JsonNumbers.putFinite(n, "r2", r.errors().r2());
        }
        if (b.majority() != null) {
            ObjectNode n = o.putObject(b.majority().name());
            n.put("class", b.majority().predicted());
            JsonNumbers.putFinite(n, "accuracy", b.majority().accuracy());
            JsonNumbers.putFinite(n, "log_loss", b.majority().logLoss());
        }
        if (verdict != null) {
            o.put("beaten_by_model", verdict.beatsAll());
        }
        if (b.note() != null) {
            o.put("note", b.note());
        }
        return o;
    }

    private static Level parseLevel(String s) {
        Level l = Level.getLevel(s == null ? "" : s.toUpperCase(Locale.ROOT));
        if (l == null || !List.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE").contains(l.name())) {
            throw new IllegalArgumentException("--log-level: expected one of error, warn, info, debug, trace, got \""
                    + s + "\"");
        }
        return l;
    }

    private static String shortSha(String s) {
        return s == null ? "unknown" : s.substring(0, Math.min(12, s.length()));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.5g", v);
    }
}
