package rnn.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import picocli.CommandLine.Option;

import rnn.data.DataOptions;
import rnn.data.Horizon;
import rnn.data.Layout;
import rnn.data.Layouts;
import rnn.data.TextOptions;
import rnn.data.TokenKind;
import rnn.data.MissingPolicy;
import rnn.data.MissingTargetPolicy;
import rnn.data.TargetForm;
import rnn.data.TargetTransforms;
import rnn.data.Named;
import rnn.data.Normalization;
import rnn.data.TargetMode;
import rnn.io.LossPlot;
import rnn.nn.Activation;
import rnn.nn.CellType;
import rnn.nn.Compute;
import rnn.nn.GruVariant;
import rnn.nn.Loss;
import rnn.nn.ModelSpec;
import rnn.nn.OutputMode;
import rnn.option.OptionRef;
import rnn.optim.LrSchedule;
import rnn.optim.OptimizerSettings;
import rnn.train.ModelConfig;
import rnn.train.OutputConfig;
import rnn.train.TrainConfig;
import rnn.train.TrainingConfig;
import rnn.train.WorkingSet;

/**
 * The options of {@code rnn train}, typed once: four classes of options (model, data, training, output), mixed into
 * the command and shown under their own headings in the help ({@link Sections}), whose fields hold the converted
 * values, each default stated once (in the annotation, or as a constant of the record
 * that owns the value); {@link #config} and {@link #dataOptions} check every value with a message naming the
 * flag ({@code --epochs: expected a positive integer, got 0}) and build the records below the command line.
 * {@link #flags} goes the other way: a configuration as the flags that give it, for a command line that can be
 * pasted back ({@code rnn inspect}), for resuming, and for comparing architectures.
 */
final class TrainOptions {

    private static final org.apache.logging.log4j.Logger LOG =
            org.apache.logging.log4j.LogManager.getLogger(TrainOptions.class);

    /** Flags that fix the model's architecture or the meaning of its inputs: a resumed run may not change them. */
    static final Set<String> ARCHITECTURE = Set.of("--cell", "--hidden", "--activation", "--gru-variant", "--output",
            "--bidirectional", "--cat-dim", "--loss", "--target", "--features", "--categorical", "--id", "--time",
            "--layout", "--steps", "--window", "--horizon", "--normalize", "--tokens", "--min-count", "--max-vocab",
            "--embedding", "--text", "--transform", "--target-mode");

    /**
     * The target mode of a stored run description written before target modes existed: level, what it trained (the
     * default for new runs is delta where possible: {@link DataOptions#DEFAULT_TARGET_MODE}).
     */
    static final String UNRECORDED_TARGET_MODE = TargetForm.LEVEL.cliName();

    /** The flags that take no value: given alone when true, left out when false ({@link #args}). */
    static final Set<String> SWITCHES = Set.of("--nesterov", "--bidirectional", "--stateful");

    private TrainOptions() {
    }

    static final class Model {
        @Option(names = "--cell", paramLabel = "CELL", defaultValue = "gru", converter = Choice.Cells.class,
                completionCandidates = Choice.Cells.class,
                description = "The recurrent cell of every layer: ${COMPLETION-CANDIDATES}.")
        CellType cell;
        @Option(names = "--hidden", paramLabel = "H[,H...]", defaultValue = "64", converter = Converters.SizeList.class,
                description = "Hidden units of each layer, bottom first; two sizes make two layers.")
        Converters.Sizes hidden;
        @Option(names = "--activation", paramLabel = "NAME", defaultValue = "tanh",
                converter = Choice.Activations.class, completionCandidates = Choice.Activations.class,
                description = "Activation of the simple RNN (--cell rnn only): ${COMPLETION-CANDIDATES}.")
        Activation activation;
        @Option(names = "--gru-variant", paramLabel = "NAME", defaultValue = "reset-after",
                converter = Choice.GruVariants.class, completionCandidates = Choice.GruVariants.class,
                description = "Where the GRU applies its reset gate: reset-after (PyTorch nn.GRU, Keras "
                        + "reset_after=True) or classic (Cho et al. 2014, Keras reset_after=False). A model "
                        + "trained before reset-after became the default keeps classic.")
        GruVariant gruVariant;
        @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
                description = "Dropout probability between stacked layers, in training only.")
        double dropout;
        @Option(names = "--recurrent-dropout", paramLabel = "P",
                defaultValue = "" + ModelConfig.DEFAULT_RECURRENT_DROPOUT,
                description = "Variational dropout of the recurrent state, in training only: each hidden unit of "
                        + "each sequence is dropped with probability P where h(t-1) enters the recurrent multiply, "
                        + "with one mask per sequence for every step (Keras's recurrent_dropout).")
        double recurrentDropout;
        @Option(names = "--output", paramLabel = "MODE", defaultValue = "last", converter = Choice.Outputs.class,
                completionCandidates = Choice.Outputs.class,
                description = "Predict from each sequence's last step, or at every step: ${COMPLETION-CANDIDATES}.")
        OutputMode output;
        @Option(names = "--bidirectional", description = "Run every layer forward and reversed over each sequence "
                + "and concatenate the two (2H outputs per layer; PyTorch's bidirectional=True). Not with --tbptt "
                + "and --output sequence.")
        boolean bidirectional;
        @Option(names = "--cat-dim", paramLabel = "D", description = "Width of each categorical column's embedding "
                + "(1 to " + ModelConfig.MAX_CAT_DIM + "). Default: min(" + ModelConfig.AUTO_CAT_DIM_CAP
                + ", levels/2 rounded up) per column.")
        Integer catDim;
        @Option(names = "--embedding", paramLabel = "D", defaultValue = "" + ModelConfig.DEFAULT_EMBEDDING,
                description = "Text models: how a token enters the first layer: 0 = one-hot (weight_ih_l0 [G*H, V] is "
                        + "the embedding), D > 0 = a learned table embedding.weight [V, D] (nn.Embedding).")
        int embedding;
    }

    static final class Data {
        @Option(names = "--target", paramLabel = "COL[,COL]", description = "Target column(s) by header name or "
                + "0-based index. Default: the last column.")
        String target;
        @Option(names = "--features", paramLabel = "COL,...", description = "Input columns (a text column among them is "
                + "categorical). Default: every column but the target, id and time columns; numeric ones as numbers, "
                + "text ones as categories.")
        String features;
        @Option(names = "--categorical", paramLabel = "COL[,COL]", description = "Columns read as categories, even "
                + "numeric ones: each level (from the training rows) gets a learned embedding of --cat-dim values; a "
                + "value training never saw, or a blank, reads as <unk>.")
        String categorical;
        @Option(names = "--id", paramLabel = "COL", description = "Sequence id column: one sequence per id (the long "
                + "layout), or one series per id with --layout window.")
        String id;
        @Option(names = "--time", paramLabel = "COL", description = "Ordering column (numeric or ISO-8601); never a "
                + "feature.")
        String time;
        @Option(names = "--layout", paramLabel = "LAYOUT", converter = Choice.Layouts.class,
                completionCandidates = Choice.Layouts.class, description = "How rows form sequences: "
                + "${COMPLETION-CANDIDATES}. Default: long with --id, else window.")
        Layout layout;
        @Option(names = "--steps", paramLabel = "T",
                description = "Steps per row in the wide layout.")
        Integer steps;
        @Option(names = "--window", paramLabel = "W", defaultValue = "" + DataOptions.DEFAULT_WINDOW,
                description = "Steps per window (window layout; text layout: tokens per window, default "
                        + TextOptions.DEFAULT_WINDOW + ").")
        int window;
        @Option(names = "--horizon", paramLabel = "H|1..H", defaultValue = "" + DataOptions.DEFAULT_HORIZON,
                converter = Converters.HorizonText.class,
                description = "How many rows after a window's last row its target lies (window layout); 1..H: "
                        + "one model forecasting every step from 1 to H (H outputs per target, step-major).")
        Horizon horizon;
        @Option(names = "--stride", paramLabel = "S", defaultValue = "" + DataOptions.DEFAULT_STRIDE,
                description = "Rows between the starts of consecutive windows (window layout; text layout: tokens, "
                        + "default the window).")
        int stride;
        @Option(names = "--normalize", paramLabel = "NAME", defaultValue = "zscore",
                converter = Choice.Normalizations.class, completionCandidates = Choice.Normalizations.class,
                description = "Scaling of features and targets, fitted on the training part only: "
                        + "${COMPLETION-CANDIDATES}.")
        Normalization normalize;
        @Option(names = "--missing", paramLabel = "POLICY", defaultValue = "error",
                converter = Choice.MissingPolicies.class, completionCandidates = Choice.MissingPolicies.class,
                description = "What an empty or non-numeric value does (${COMPLETION-CANDIDATES}): stop with its "
                        + "position, drop the row, or carry the previous value forward.")
        MissingPolicy missing;
        @Option(names = "--text", paramLabel = "COL", description = "Text layout from a CSV: column COL (a name or "
                + "0-based index) holds one document per row (quoted fields may span lines); the documents, each "
                + "followed by the token <eod>, are the text. Implies --layout text.")
        String text;
        @Option(names = "--missing-target", paramLabel = "POLICY", converter = Choice.MissingTargetPolicies.class,
                completionCandidates = Choice.MissingTargetPolicies.class,
                description = "What a missing target value does (${COMPLETION-CANDIDATES}): stop with its position, "
                        + "drop the row, or interpolate linearly between its known neighbours in the series; never "
                        + "carried forward. Default: drop with --missing drop, else error.")
        MissingTargetPolicy missingTarget;
        @Option(names = "--season", paramLabel = "M", description = "Rows in one seasonal cycle (window layout), for "
                + "the seasonal-naive baseline (the value M rows before the target). Default: from the time column's "
                + "step: 12 monthly, 4 quarterly, 52 weekly, 7 daily, 24 hourly; none otherwise.")
        Integer season;
        @Option(names = "--transform", paramLabel = "T[,T]", converter = Converters.Transforms.class,
                description = "Regression: transform of the target series, applied in the written order before "
                        + "scaling and inverted on predictions: none, log (values > 0), log1p (values > -1), diff, "
                        + "seasonal-diff:M (y - y M rows back), e.g. log,diff or log,seasonal-diff:12,diff; a "
                        + "difference starts no window in the first rows it leaves without a value. A target that is "
                        + "an input is read transformed too. Default: none.")
        TargetTransforms transform;
        @Option(names = "--target-mode", paramLabel = "MODE", converter = Choice.TargetForms.class,
                completionCandidates = Choice.TargetForms.class, description = "Regression: what the model predicts "
                + "(${COMPLETION-CANDIDATES}): the (transformed) target, or its change from the target's value on the"
                + " window's last row, added back on predictions (the window layout with the target among the "
                + "inputs). Default: delta where possible, else level.")
        TargetForm targetMode;
        @Option(names = "--tokens", paramLabel = "KIND", defaultValue = "char", converter = Choice.TokenKinds.class,
                completionCandidates = Choice.TokenKinds.class, description = "Text layout: what a token is: "
                + "${COMPLETION-CANDIDATES} (char = a Unicode code point; word = a word, number or punctuation mark, "
                + "line breaks kept).")
        TokenKind tokens;
        @Option(names = "--min-count", paramLabel = "K", defaultValue = "" + TextOptions.DEFAULT_MIN_COUNT,
                description = "Text layout: symbols seen fewer than K times in the training part read as <unk>.")
        int minCount;
        @Option(names = "--max-vocab", paramLabel = "N", defaultValue = "" + TextOptions.DEFAULT_MAX_VOCAB,
                description = "Text layout: the largest vocabulary (with <unk>); a larger one is an error.")
        int maxVocab;
        @Option(names = "--val-split", paramLabel = "F", defaultValue = "" + DataOptions.DEFAULT_VAL_SPLIT,
                description = "Fraction held out for validation (the last windows in time; a seeded random subset "
                        + "of sequences otherwise). 0 = none.")
        double valSplit;
        @Option(names = "--val", paramLabel = "FILE", description = "A validation file with the same columns "
                + "(instead of --val-split).")
        Path val;
        @Option(names = "--delimiter", paramLabel = "C", defaultValue = "" + DataOptions.DEFAULT_DELIMITER,
                converter = Converters.Delimiter.class, description = "Field separator (\\t for a tab).")
        char delimiter;
    }

    static final class Training {
        @Option(names = "--epochs", paramLabel = "N", defaultValue = "" + TrainingConfig.DEFAULT_EPOCHS,
                description = "Epochs in total (a resumed run continues up to this number).")
        int epochs;
        @Option(names = "--batch-size", paramLabel = "B", defaultValue = "" + TrainingConfig.DEFAULT_BATCH_SIZE,
                description = "Sequences per batch.")
        int batchSize;
        @Option(names = "--lr", paramLabel = "RATE", defaultValue = "" + TrainingConfig.DEFAULT_LR,
                description = "Learning rate.")
        double lr;
        @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam", converter = Choice.Optimizers.class,
                completionCandidates = Choice.Optimizers.class, description = "The optimizer: "
                + "${COMPLETION-CANDIDATES}.")
        OptimizerSettings.Kind optimizer;
        @Option(names = "--weight-decay", paramLabel = "L",
                description = "Weight decay (decoupled for adamw, whose default is 0.01; L2 otherwise, default 0).")
        Double weightDecay;
        @Option(names = "--momentum", paramLabel = "M",
                description = "Momentum for sgd and rmsprop (default 0).")
        Double momentum;
        @Option(names = "--nesterov", description = "Nesterov momentum (sgd with --momentum).")
        boolean nesterov;
        @Option(names = "--clip-norm", paramLabel = "N", defaultValue = "" + TrainingConfig.DEFAULT_CLIP_NORM,
                description = "Clip the global gradient L2 norm to N; 0 = off.")
        double clipNorm;
        @Option(names = "--clip-value", paramLabel = "V", defaultValue = "" + TrainingConfig.DEFAULT_CLIP_VALUE,
                description = "Clip every gradient entry to [-V, V]; 0 = off.")
        double clipValue;
        @Option(names = "--tbptt", paramLabel = "K", defaultValue = "" + TrainingConfig.DEFAULT_TBPTT,
                description = "Truncated backpropagation through time: "
                + "gradients flow back at most K steps; 0 = full.")
        int tbptt;
        @Option(names = "--stateful", description = "Text only: char-rnn's layout: the training text cut into "
                + "--batch-size contiguous streams, batch j holding window j of every stream (no shuffling), the "
                + "hidden state carried from batch to batch (gradients truncated at window edges), reset at each "
                + "epoch. Not with --tbptt.")
        boolean stateful;
        @Option(names = "--lr-schedule", paramLabel = "NAME", defaultValue = "constant",
                completionCandidates = Schedules.class, description = "Learning-rate schedule "
                + "(${COMPLETION-CANDIDATES}): step halves it every 10 epochs, cosine anneals it to 0 over --epochs, "
                + "plateau halves it after 3 epochs without improvement.")
        String lrSchedule;
        @Option(names = "--early-stopping", paramLabel = "P", defaultValue = "" + TrainingConfig.DEFAULT_EARLY_STOPPING,
                description = "Stop after P epochs without a better validation "
                + "loss and keep the best weights; 0 = off.")
        int earlyStopping;
        @Option(names = "--loss", paramLabel = "NAME", defaultValue = "mse", converter = Choice.Losses.class,
                completionCandidates = Choice.Losses.class, description = "Training objective "
                + "(${COMPLETION-CANDIDATES}); xent (softmax cross-entropy) makes the target a class label.")
        Loss loss;
        @Option(names = "--seed", paramLabel = "S", defaultValue = "" + TrainingConfig.DEFAULT_SEED,
                description = "Seed of initialisation, shuffling, dropout and the validation split.")
        long seed;
        @Option(names = "--threads", paramLabel = "N", defaultValue = "" + TrainingConfig.DEFAULT_THREADS,
                description = "Compute threads; 0 = automatic (all cores when a "
                + "time step has enough work to share, else 1). Results are identical for any N.")
        int threads;
    }

    static final class Output {
        @Option(names = "--out", paramLabel = "DIR", description = "The run directory. Default: "
                + "runs/<timestamp>-<cell>.")
        Path out;
        @Option(names = "--overwrite", description = "Replace an earlier run in a non-empty --out.")
        boolean overwrite;
        @Option(names = "--checkpoint-every", paramLabel = "N",
                defaultValue = "" + OutputConfig.DEFAULT_CHECKPOINT_EVERY,
                description = "Write a checkpoint every N epochs.")
        int checkpointEvery;
        @Option(names = "--keep", paramLabel = "K", defaultValue = "" + OutputConfig.DEFAULT_KEEP,
                description = "Keep the last K epoch checkpoints (best and last are always kept).")
        int keep;
        @Option(names = "--resume", paramLabel = "RUN|FILE", description = "Continue a run from its last "
                + "checkpoint (or from a checkpoint file) up to --epochs in total; options typed again override "
                + "the run's.")
        Path resume;
        @Option(names = "--config", paramLabel = "FILE", description = "Read options from a JSON file such as a "
                + "run's config.json (objects model, training, output, data); options typed here override the "
                + "file's.")
        Path config;
        @Option(names = "--plot", paramLabel = "FORMAT", defaultValue = "png", converter = Choice.Plots.class,
                completionCandidates = Choice.Plots.class,
                description = "Format of the loss plot: ${COMPLETION-CANDIDATES}.")
        LossPlot.Format plot;
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

    /**
     * The help of {@code rnn train} in sections (Model, Data, Training, Output: the options of each mixin class
     * under its heading, after the options of no section such as {@code --help}), and a repeated option's last
     * value wins ({@code --cell lstm --hidden 4 --cell gru} is gru [4]).
     *
     * <p>Why not picocli argument groups, which would give the sections for free: a group's option typed twice
     * starts a second instance of the group, and the command keeps that instance, so every other option of the
     * group fell back to its default ({@code --cell lstm --hidden 4 --cell lstm} trained lstm [64]). Mixins are
     * plain options of the command, and picocli's "overwritten options allowed" makes the last value win.
     */
    static final class Sections implements picocli.CommandLine.IModelTransformer {
        /** Each section's heading and the name of its mixin (the field of {@code TrainCommand}). */
        private static final List<Map.Entry<String, String>> HEADINGS = List.of(Map.entry("%nModel:%n", "model"),
                Map.entry("%nData:%n", "dataFlags"), Map.entry("%nTraining:%n", "training"),
                Map.entry("%nOutput:%n", "output"));

        @Override
        public picocli.CommandLine.Model.CommandSpec transform(picocli.CommandLine.Model.CommandSpec spec) {
            spec.parser().overwrittenOptionsAllowed(true);
            spec.usageMessage().sectionMap().put(picocli.CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                    help -> optionList(spec, help));
            return spec;
        }

        private static String optionList(picocli.CommandLine.Model.CommandSpec spec, picocli.CommandLine.Help help) {
            Set<picocli.CommandLine.Model.OptionSpec> inSections = new java.util.HashSet<>();
            StringBuilder sections = new StringBuilder();
            for (Map.Entry<String, String> h : HEADINGS) {
                List<picocli.CommandLine.Model.OptionSpec> options = spec.mixins().get(h.getValue()).options();
                inSections.addAll(options);
                sections.append(help.createHeading(h.getKey())).append(list(help, options));
            }
            List<picocli.CommandLine.Model.OptionSpec> rest = spec.options().stream()
                    .filter(o -> !inSections.contains(o) && !o.hidden()).toList();
            return list(help, rest) + sections;
        }

        private static String list(picocli.CommandLine.Help help, List<picocli.CommandLine.Model.OptionSpec> options) {
            return help.optionListExcludingGroups(options, help.createDefaultLayout(), null,
                    help.createDefaultParamLabelRenderer());
        }
    }

    /** The names of {@code --lr-schedule}, for the help. */
    static final class Schedules implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return LrSchedule.NAMES.iterator();
        }
    }

    /**
     * Checks every model, training and output option and builds the configuration.
     *
     * @throws IllegalArgumentException {@code --flag: expected X, got Y}
     */
    static TrainConfig config(Model m, Training t, Output o) {
        if (m.cell != CellType.RNN && m.activation != Activation.TANH) {
            throw new IllegalArgumentException("--activation " + Choice.name(m.activation) + ": only the simple RNN "
                    + "(--cell rnn) takes an activation; " + Choice.name(m.cell)
                    + " uses fixed sigmoid and tanh gates");
        }
        if (!(m.dropout >= 0 && m.dropout < 1)) {
            throw new IllegalArgumentException("--dropout: expected a probability in [0, 1), got " + m.dropout);
        }
        if (!(m.recurrentDropout >= 0 && m.recurrentDropout < 1)) {
            throw new IllegalArgumentException("--recurrent-dropout: expected a probability in [0, 1), got "
                    + m.recurrentDropout);
        }
        if (m.embedding < 0) {
            throw new IllegalArgumentException("--embedding: expected 0 (one-hot) or a positive size, got "
                    + m.embedding);
        }
        positive("--epochs", t.epochs);
        positive("--batch-size", t.batchSize);
        positive("--checkpoint-every", o.checkpointEvery);
        positive("--keep", o.keep);
        if (!(t.lr > 0)) {
            throw new IllegalArgumentException("--lr: expected a positive number, got " + t.lr);
        }
        nonNegative("--clip-norm", t.clipNorm);
        nonNegative("--clip-value", t.clipValue);
        if (t.tbptt < 0) {
            throw new IllegalArgumentException("--tbptt: expected 0 (full BPTT) or a positive number of steps, got "
                    + t.tbptt);
        }
        if (t.earlyStopping < 0) {
            throw new IllegalArgumentException("--early-stopping: expected 0 (off) or a positive patience, got "
                    + t.earlyStopping);
        }
        if (t.threads < 0) {
            throw new IllegalArgumentException("--threads: expected 0 (automatic) or a positive number, got "
                    + t.threads);
        }
        if (t.stateful && t.tbptt > 0) {
            throw new IllegalArgumentException("--stateful: expected --tbptt 0 (with --stateful each window is the "
                    + "truncation: gradients stop at its edges, the state carries on), got --tbptt " + t.tbptt
                    + "; leave out --tbptt or --stateful, or use --window " + t.tbptt);
        }
        if (m.bidirectional && t.tbptt > 0 && m.output == OutputMode.SEQUENCE) {
            throw new IllegalArgumentException("--bidirectional: expected --tbptt 0 with --output sequence (the reverse "
                    + "direction reads each sequence whole, --tbptt " + t.tbptt + " trains on chunks of " + t.tbptt
                    + " steps), got --tbptt " + t.tbptt + "; leave out --tbptt or use --output last");
        }
        if (m.catDim != null) {
            if (m.catDim == ModelConfig.AUTO_CAT_DIM) {
                throw new IllegalArgumentException("--cat-dim: expected a whole number from 1 to "
                        + ModelConfig.MAX_CAT_DIM + ", got 0; leave --cat-dim out for min("
                        + ModelConfig.AUTO_CAT_DIM_CAP + ", levels/2 rounded up) per column");
            }
            ModelConfig.checkCatDim("--cat-dim", m.catDim);
        }
        if (!LrSchedule.NAMES.contains(t.lrSchedule)) {
            throw new IllegalArgumentException("--lr-schedule: expected one of " + String.join(", ", LrSchedule.NAMES)
                    + ", got \"" + t.lrSchedule + "\"");
        }
        return new TrainConfig(
                new ModelConfig(m.cell, m.hidden.sizes(), m.activation, m.gruVariant, m.dropout, m.output,
                        m.recurrentDropout, m.bidirectional,
                        m.catDim == null ? ModelConfig.AUTO_CAT_DIM : m.catDim, m.embedding),
                new TrainingConfig(t.epochs, t.batchSize, t.lr, optimizer(t), t.clipNorm, t.clipValue, t.tbptt,
                        t.lrSchedule, t.earlyStopping, t.loss, t.seed, t.threads, t.stateful),
                new OutputConfig(o.out, o.checkpointEvery, o.keep, o.plot));
    }

    private static OptimizerSettings optimizer(Training t) {
        String kind = Choice.name(t.optimizer);
        if (t.weightDecay != null && !(t.weightDecay >= 0)) {
            throw new IllegalArgumentException("--weight-decay: expected a non-negative number, got " + t.weightDecay);
        }
        if (t.momentum != null && !(t.momentum >= 0 && t.momentum < 1)) {
            throw new IllegalArgumentException("--momentum: expected a value in [0, 1), got " + t.momentum);
        }
        boolean momentumApplies = t.optimizer == OptimizerSettings.Kind.SGD
                || t.optimizer == OptimizerSettings.Kind.RMSPROP;
        if (t.momentum != null && t.momentum > 0 && !momentumApplies) {
            throw new IllegalArgumentException("--momentum: expected 0 with --optimizer " + kind
                    + " (momentum applies to sgd and rmsprop), got " + t.momentum);
        }
        if (t.nesterov && t.optimizer != OptimizerSettings.Kind.SGD) {
            throw new IllegalArgumentException("--nesterov: expected --optimizer sgd, got " + kind);
        }
        if (t.nesterov && (t.momentum == null || t.momentum == 0)) {
            throw new IllegalArgumentException("--nesterov: expected --momentum > 0, got "
                    + (t.momentum == null ? 0.0 : t.momentum));
        }
        OptimizerSettings opt = OptimizerSettings.defaults(t.optimizer);
        if (t.weightDecay != null) {
            opt = opt.withWeightDecay(t.weightDecay);
        }
        if (t.momentum != null) {
            opt = opt.withMomentum(t.momentum);
        }
        return t.nesterov ? opt.withNesterov(true) : opt;
    }

    /**
     * The data options of the {@code Data} group, for a run of {@code config}: the combinations of flags checked
     * here with what to do, the rest by {@link DataOptions} (its messages name the field, spelled as the flag by
     * {@link #render} where the message is printed).
     */
    static DataOptions dataOptions(Data d, TrainConfig config) {
        Layout layout = d.layout != null ? d.layout : Layouts.byDefault(d.id != null);
        if (layout.requiresId() && d.id == null) {
            throw new IllegalArgumentException("--layout " + layout.cliName() + ": expected --id COL naming the "
                    + "sequence id column, got none");
        }
        if (layout.stepsInColumns() && d.steps == null) {
            throw new IllegalArgumentException("--layout " + layout.cliName() + ": expected --steps T, the number of "
                    + "steps in each row, got none");
        }
        if (d.steps != null && !layout.stepsInColumns()) {
            throw new IllegalArgumentException("--steps: expected --layout wide, got --layout " + layout.cliName()
                    + "; add --layout wide or leave --steps out");
        }
        if (layout.readsText()) {
            requireTextFits(d, config);
        } else if (d.text != null) {
            throw new IllegalArgumentException("--text: expected --layout text (a column of documents is a text), got"
                    + " --layout " + layout.cliName() + "; leave --layout out");
        } else if (config.training().stateful()) {
            throw new IllegalArgumentException("--stateful: expected --layout text (streams of a token stream), got "
                    + "--layout " + layout.cliName() + "; leave --stateful out");
        }
        if (d.features != null && list(d.features).isEmpty()) {
            throw new IllegalArgumentException("--features: expected at least one column, got none; leave "
                    + "--features out to use every numeric column");
        }
        if (d.categorical != null && list(d.categorical).isEmpty()) {
            throw new IllegalArgumentException("--categorical: expected at least one column, got none; leave "
                    + "--categorical out to make only text columns categorical");
        }
        if (d.id != null && d.id.strip().equals(d.time == null ? null : d.time.strip())) {
            throw new IllegalArgumentException("--time: expected a column other than the --id column, got \""
                    + d.time.strip() + "\"");
        }
        if (config.loss().isClassification() && list(d.target).size() > 1) {
            throw new IllegalArgumentException("--target: expected one column of class labels with --loss xent, got "
                    + list(d.target).size() + " columns (" + String.join(", ", list(d.target)) + ")");
        }
        try {
            return DataOptions.builder(config.seed()).targets(list(d.target)).features(d.features == null ? null
                            : list(d.features)).categorical(list(d.categorical)).id(d.id).time(d.time).layout(d.layout).steps(d.steps)
                    .window(d.window).horizon(d.horizon).stride(d.stride).normalize(d.normalize).missing(d.missing)
                    .missingTarget(d.missingTarget).season(d.season).transform(d.transform).targetMode(d.targetMode).valSplit(d.valSplit).valFile(d.val).delimiter(d.delimiter)
                    .output(config.output() == OutputMode.SEQUENCE ? TargetMode.SEQUENCE : TargetMode.LAST)
                    .classification(config.loss().isClassification())
                    .text(new TextOptions(d.tokens, d.minCount, d.maxVocab, d.text)).build();
        } catch (rnn.data.DataException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The flags the text layout gives (before the earlier layers and the typed ones): see {@link TrainCommand}. */
    static List<String> textDefaults() {
        return List.of("--layout", "text", "--loss", "xent", "--output", "sequence", "--window",
                Integer.toString(TextOptions.DEFAULT_WINDOW), "--val-split", Double.toString(TextOptions.DEFAULT_VAL_SPLIT));
    }

    /** The text layout reads tokens, not columns, and predicts the next token at every step (softmax). */
    private static void requireTextFits(Data d, TrainConfig config) {
        String[][] columnFlags = {{"--target", d.target}, {"--features", d.features}, {"--id", d.id},
            {"--time", d.time}, {"--val", d.val == null ? null : d.val.toString()}};
        for (String[] f : columnFlags) {
            if (f[1] != null) {
                throw new IllegalArgumentException(f[0] + ": expected none with --layout text (a text has no columns;"
                        + " validation is its last --val-split part), got \"" + f[1] + "\"; leave " + f[0] + " out");
            }
        }
        if (config.loss() != rnn.nn.Loss.XENT) {
            throw new IllegalArgumentException("--loss: expected xent with --layout text (the next token is a class),"
                    + " got " + Choice.name(config.loss()) + "; leave --loss out");
        }
        if (config.output() != OutputMode.SEQUENCE) {
            throw new IllegalArgumentException("--output: expected sequence with --layout text (a prediction at every"
                    + " step), got " + Choice.name(config.output()) + "; leave --output out");
        }
        if (config.bidirectional()) {
            throw new IllegalArgumentException("--bidirectional: expected none with --layout text (the reverse "
                    + "direction would read the tokens it predicts); leave --bidirectional out");
        }
        if (config.training().stateful() && d.stride != d.window) {
            throw new IllegalArgumentException("--stride: expected the window (" + d.window + ") with --stateful "
                    + "(each stream's windows follow one another), got " + d.stride + "; leave --stride out");
        }
    }

    /** The flag of a field of config.json's objects: {@code batch_size} → {@code --batch-size}. */
    static String flagOf(String field) {
        return switch (field) {
            case "targets" -> "--target";
            case "val_file" -> "--val";
            default -> "--" + field.replace('_', '-');
        };
    }

    /**
     * {@code message} with every option reference ({@link OptionRef}) spelled as its flag ({@code {{lr}}} →
     * {@code --lr}); a field that is no option of any rnn command ({@code beta1}) stays its bare name.
     */
    static String render(String message) {
        return OptionRef.render(message, field -> {
            String flag = flagOf(field);
            return AllFlags.NAMES.contains(flag) ? flag : null;
        });
    }

    /** The long names of every option of every rnn command, read once from the picocli model. */
    private static final class AllFlags {
        static final Set<String> NAMES = collect(new picocli.CommandLine(new RnnCommand()), new java.util.HashSet<>());

        private static Set<String> collect(picocli.CommandLine cl, Set<String> names) {
            cl.getCommandSpec().options().forEach(o -> names.addAll(Arrays.asList(o.names())));
            cl.getSubcommands().values().forEach(sub -> collect(sub, names));
            return names;
        }
    }

    private static List<String> list(String v) {
        if (v == null || v.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(v.split(",", -1)).map(String::strip).toList();
    }

    /**
     * The flags that give {@code config} and {@code data}, in the help's order, as flag → text ({@code null} =
     * not given; a {@link #SWITCHES switch} is "true" or {@code null}). Every option of the configuration appears.
     */
    static Map<String, String> flags(TrainConfig c, DataOptions d) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("--cell", Choice.name(c.cell()));
        f.put("--hidden", Arrays.stream(c.hidden()).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        f.put("--activation", Choice.name(c.activation()));
        f.put("--gru-variant", Choice.name(c.gruVariant()));
        f.put("--dropout", Double.toString(c.dropout()));
        f.put("--recurrent-dropout", Double.toString(c.model().recurrentDropout()));
        f.put("--output", Choice.name(c.output()));
        f.put("--bidirectional", c.bidirectional() ? "true" : null);
        f.put("--cat-dim", c.model().catDim() == ModelConfig.AUTO_CAT_DIM ? null
                : Integer.toString(c.model().catDim()));
        boolean text = d.resolvedLayout().readsText();
        f.put("--embedding", text ? Integer.toString(c.model().embedding()) : null);
        f.put("--target", d.targets().isEmpty() ? null : String.join(",", d.targets()));
        f.put("--features", d.features() == null ? null : String.join(",", d.features()));
        f.put("--categorical", d.categorical().isEmpty() ? null : String.join(",", d.categorical()));
        f.put("--id", d.id());
        f.put("--time", d.time());
        f.put("--layout", d.layout() == null ? null : d.layout().cliName());
        f.put("--steps", d.steps() == null ? null : d.steps().toString());
        f.put("--window", Integer.toString(d.window()));
        f.put("--horizon", Horizon.of(d).toString());
        f.put("--stride", Integer.toString(d.stride()));
        f.put("--normalize", Choice.name(d.normalize()));
        f.put("--missing", Choice.name(d.missing()));
        f.put("--missing-target", d.missingTarget() == null ? null : Choice.name(d.missingTarget()));
        f.put("--season", d.season() == null ? null : d.season().toString());
        f.put("--transform", text || d.transform() == null ? null : d.transform().toString());
        f.put("--target-mode", text || d.targetMode() == null ? null : d.targetMode().cliName());
        f.put("--val-split", Double.toString(d.valSplit()));
        f.put("--val", d.valFile() == null ? null : d.valFile().toString());
        f.put("--delimiter", Converters.delimiterText(d.delimiter()));
        f.put("--text", text ? d.text().column() : null);
        f.put("--tokens", text ? d.text().tokens().cliName() : null);
        f.put("--min-count", text ? Integer.toString(d.text().minCount()) : null);
        f.put("--max-vocab", text ? Integer.toString(d.text().maxVocab()) : null);
        f.put("--epochs", Integer.toString(c.epochs()));
        f.put("--batch-size", Integer.toString(c.batchSize()));
        f.put("--lr", Double.toString(c.lr()));
        f.put("--optimizer", Choice.name(c.optimizer().kind()));
        f.put("--weight-decay", Double.toString(c.optimizer().weightDecay()));
        f.put("--momentum", Double.toString(c.optimizer().momentum()));
        f.put("--nesterov", c.optimizer().nesterov() ? "true" : null);
        f.put("--clip-norm", Double.toString(c.clipNorm()));
        f.put("--clip-value", Double.toString(c.clipValue()));
        f.put("--tbptt", Integer.toString(c.tbptt()));
        f.put("--stateful", c.training().stateful() ? "true" : null);
        f.put("--lr-schedule", c.lrSchedule());
        f.put("--early-stopping", Integer.toString(c.earlyStopping()));
        f.put("--loss", Choice.name(c.loss()));
        f.put("--seed", Long.toString(c.seed()));
        f.put("--threads", Integer.toString(c.threads()));
        f.put("--out", c.out() == null ? null : c.out().toString());
        f.put("--checkpoint-every", Integer.toString(c.checkpointEvery()));
        f.put("--keep", Integer.toString(c.keep()));
        f.put("--plot", Choice.name(c.plot()));
        return f;
    }

    /** Flags as command-line arguments: {@code --flag value}, a true {@link #SWITCHES switch} alone, unset ones left out. */
    static List<String> args(Map<String, String> flags) {
        List<String> a = new ArrayList<>();
        flags.forEach((flag, v) -> {
            if (v == null || (SWITCHES.contains(flag) && !v.equals("true"))) {
                return;
            }
            a.add(flag);
            if (!SWITCHES.contains(flag)) {
                a.add(v);
            }
        });
        return a;
    }

    /** The architecture flags whose values differ: "--cell: the run being resumed used "gru", got "lstm"". */
    static List<String> architectureDifferences(Map<String, String> before, Map<String, String> now) {
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<String, String> e : now.entrySet()) {
            String was = before.get(e.getKey());
            if (ARCHITECTURE.contains(e.getKey()) && !Objects.equals(was, e.getValue())) {
                diffs.add(e.getKey() + ": the run being resumed used " + show(was) + ", got " + show(e.getValue()));
            }
        }
        return diffs;
    }

    private static String show(String v) {
        return v == null ? "(not set)" : "\"" + v + "\"";
    }

    /**
     * {@code config} within the limits that depend on the options alone, checked before any data is read: an
     * explicit {@code --threads} above {@link Compute#maxThreads} is lowered to it with a note on stderr (more
     * threads than that only wait for each other), and a model whose own arrays could not be allocated (a
     * {@code --hidden} whose weight matrix exceeds a Java array, or parameters beyond the JVM's memory, counted
     * with one input and one output: {@link WorkingSet}) is refused.
     *
     * @throws rnn.train.SizeLimitException {@code --hidden 46341: ...; lower --hidden (at most 26754 units per
     *                                      gru layer)}
     */
    static TrainConfig bounded(TrainConfig config) {
        ModelSpec smallest = new ModelSpec(config.cell(), config.activation(), config.gruVariant(), 1,
                config.hidden(), 1, config.output(), config.dropout(), config.model().recurrentDropout(),
                config.bidirectional());
        String hidden = Arrays.stream(config.hidden()).mapToObj(Integer::toString).collect(Collectors.joining(","));
        try {
            WorkingSet.of(smallest, 1, 1, config.optimizer().stateArrays(), 0)
                    .requireFits(Runtime.getRuntime().maxMemory(), "lower --hidden (at most "
                            + WorkingSet.maxUnits(config.cell()) + " units per " + Choice.name(config.cell())
                            + " layer)");
        } catch (rnn.train.SizeLimitException e) {
            throw new rnn.train.SizeLimitException("--hidden " + hidden + ": " + e.getMessage());
        }
        int max = Compute.maxThreads();
        if (config.threads() <= max) {
            return config;
        }
        LOG.warn("--threads {}: more than {} per processor ({} processors); using {} threads", config.threads(),
                Compute.MAX_THREADS_PER_CORE, Runtime.getRuntime().availableProcessors(), max);
        TrainingConfig t = config.training();
        return new TrainConfig(config.model(), t.withThreads(max), config.files());
    }

    /**
     * {@code t} with a batch of at most {@code examples} (the training examples; like Keras, a batch larger than
     * the data is the whole data), with a note on stderr when it lowers {@code --batch-size}. Results are the same
     * either way: one batch of every example per epoch.
     */
    static TrainingConfig batchWithin(TrainingConfig t, int examples) {
        if (t.batchSize() <= examples || examples < 1) {
            return t;
        }
        LOG.warn("--batch-size {}: more than the {} training examples; using {} (one batch per epoch)",
                t.batchSize(), examples, examples);
        return t.withBatchSize(examples);
    }

    private static void positive(String flag, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(flag + ": expected a positive integer, got " + v);
        }
    }

    private static void nonNegative(String flag, double v) {
        if (!(v >= 0)) {
            throw new IllegalArgumentException(flag + ": expected a number >= 0 (0 = off), got " + v);
        }
    }
}
