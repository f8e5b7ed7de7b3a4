package rnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import rnn.data.ColumnStats;
import rnn.data.ContractCheck;
import rnn.data.DataSchema;
import rnn.data.InputContract;
import rnn.data.Scaling;
import rnn.data.TargetMode;
import rnn.io.Checkpoint;
import rnn.io.CheckpointException;
import rnn.io.SafeTensors;
import rnn.nn.Compute;
import rnn.nn.ModelSpec;
import rnn.nn.OutputMode;
import rnn.nn.RecurrentModel;
import rnn.train.TrainConfig;
import rnn.train.TrainerState;

/**
 * A trained model named on the command line ({@code --model RUN|FILE} of predict and eval, the argument of
 * inspect): the weights file, the training options and the data schema, and the architecture they give.
 * <ul>
 * <li>{@code RUN} (a run directory) means {@code RUN/best.safetensors}: the weights training kept as best (lowest
 * validation loss, or training loss without validation).</li>
 * <li>{@code FILE} is any checkpoint of {@code rnn train} ({@code last.safetensors},
 * {@code checkpoints/epoch-0007.safetensors}); options and schema come from its metadata.</li>
 * <li>With {@code --schema config.json}, FILE may be a plain safetensors state dict (written by PyTorch from a
 * module with the same tensor names); options and schema come from that {@code config.json} of a run.</li>
 * </ul>
 * Every problem is a {@link CheckpointException} (exit code 4) naming the file.
 *
 * @param file          the weights file read ({@code RUN/best.safetensors} for a run directory)
 * @param checkpoint    its tensors and metadata
 * @param run           the run's configuration as the file (or {@code --schema}) records it
 * @param schema        the data schema the model was trained with
 * @param config        {@code run.config()}: the training options
 * @param spec          the architecture they give
 * @param fromStateDict whether the weights are a plain state dict described by {@code --schema}
 */
record ModelSource(Path file, Checkpoint checkpoint, RunConfig run, DataSchema schema, TrainConfig config,
                   ModelSpec spec, boolean fromStateDict) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A {@code --schema} file larger than this is refused before it is read. */
    static final long MAX_CONFIG_JSON_BYTES = 1024L * 1024 * 1024;

    /**
     * Reads and validates the model file (and {@code schemaFile} when given). Both are untrusted: every field of
     * the description is checked for its type, range and consistency with the others and with the tensors
     * (hidden sizes, inputs and outputs against the weight shapes; the layout's parameters against the rows the
     * training file had; one finite statistic per column) before anything is sized by it.
     *
     * @param model          a run directory or a safetensors file
     * @param schemaFile     a run's {@code config.json}, or {@code null} to use the checkpoint's own metadata
     * @param allowNonfinite accept weights holding NaN or infinities (a model edited on purpose)
     */
    static ModelSource open(Path model, Path schemaFile, boolean allowNonfinite) {
        Path file = RunOrCheckpoint.best(model);
        if (schemaFile == null) {
            Checkpoint c = Checkpoint.read(file);
            RunConfig run;
            try {
                run = RunConfig.fromMetadata(c.metadata());
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(file + ": its training configuration metadata is missing or malformed "
                        + "(" + e.getMessage() + "), so the architecture is unknown");
            }
            DataSchema schema = schemaOf(file, c);
            checkTrainerState(file, c);
            return create(file, c, run, schema, false, file, allowNonfinite);
        }
        JsonNode config = readConfig(schemaFile);
        RunConfig run;
        try {
            run = RunConfig.fromConfigJson(config);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(schemaFile + ": its training configuration is missing or malformed ("
                    + e.getMessage() + ")");
        }
        DataSchema schema;
        try {
            schema = DataSchema.fromJson(config.get("schema"));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(schemaFile + ": not a config.json of rnn train: its \"schema\" is missing "
                    + "or malformed");
        }
        return create(file, Checkpoint.readStateDict(file), run, schema, true, schemaFile, allowNonfinite);
    }

    private static ModelSource create(Path file, Checkpoint c, RunConfig run, DataSchema schema,
                                      boolean fromStateDict, Path described, boolean allowNonfinite) {
        TrainConfig config = run.config();
        try {
            ContractCheck.check(schema);
        } catch (IllegalArgumentException e) {
            throw invalid(described, "schema." + e.getMessage());
        }
        checkAgainstConfig(described, config, schema.contract());
        checkShapes(file, described, c, config, schema.contract());
        c.requireFinite(false, allowNonfinite);
        ModelSpec spec;
        try {
            spec = new ModelSpec(config.cell(), config.activation(), config.gruVariant(),
                    schema.contract().modelInputs(), config.hidden(), schema.contract().outputs(), config.output(),
                    config.dropout(), config.model().recurrentDropout(), config.bidirectional(),
                    config.model().embeddings(schema.contract().categorical()));
            if (schema.contract().layout().readsText()) {
                spec = spec.withTokens(new rnn.nn.TokenInput(schema.contract().outputs(), config.model().embedding()));
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new CheckpointException(described + ": its training options are missing or malformed ("
                    + e.getMessage() + ")");
        }
        return new ModelSource(file, c, run, schema, config, spec, fromStateDict);
    }

    /** One line: the file, the field and value, what was expected, what to do. */
    private static CheckpointException invalid(Path file, String what) {
        return new CheckpointException(file + ": invalid model description: " + what
                + "; use another checkpoint (the run directory keeps the last few)");
    }

    /** The loss and the output mode of the configuration are the schema's. */
    private static void checkAgainstConfig(Path described, TrainConfig config, InputContract contract) {
        if (config.loss().isClassification() != contract.classification()) {
            throw invalid(described, "training.loss is " + rnn.train.ConfigJson.name(config.loss()) + ", expected "
                    + (contract.classification() ? "xent, as the schema lists class labels"
                    : "a regression loss, as the schema lists no class labels"));
        }
        boolean perStep = config.output() == OutputMode.SEQUENCE;
        if (perStep != (contract.output() == TargetMode.SEQUENCE)) {
            throw invalid(described, "model.output is " + rnn.train.ConfigJson.name(config.output())
                    + ", expected the schema's " + contract.output().cliName());
        }
    }

    /**
     * The hidden sizes, inputs and outputs of the description are the weights' shapes (PyTorch's names and shapes:
     * {@code layers.k.weight_ih_l0} [gates·H, I], {@code layers.k.weight_hh_l0} [gates·H, H], {@code head.weight}
     * [O, H]; a bidirectional layer's output, the next layer's input, is 2H wide), and there is no further layer: so
     * that building the model allocates no more than the file holds.
     */
    private static void checkShapes(Path file, Path described, Checkpoint c, TrainConfig config,
                                    InputContract contract) {
        checkHiddenSizes(file, described, c, config);
        int[] hidden = config.hidden();
        long in = contract.inputs() + checkEmbeddings(file, described, c, config, contract);
        if (contract.layout().readsText()) {
            int embedding = config.model().embedding();
            in = embedding == 0 ? contract.outputs() : embedding;
            if (embedding > 0) {
                long[] table = shape(file, c, "embedding.weight");
                if (table.length != 2 || table[0] != contract.outputs() || table[1] != embedding) {
                    throw invalid(described, "model.embedding is " + embedding + " with a vocabulary of "
                            + contract.outputs() + ", expected the shape of tensor \"embedding.weight\" "
                            + Arrays.toString(table));
                }
            }
        }
        for (int k = 0; k < hidden.length; k++) {
            long[] ih = shape(file, c, "layers." + k + ".weight_ih_l0");
            if (ih[1] != in) {
                throw invalid(described, (k == 0 ? "schema.contract.inputs is " + contract.inputs()
                        + (contract.categorical().isEmpty() ? "" : " (+ embeddings of " + (in - contract.inputs())
                        + " values)") : "model.hidden[" + (k - 1) + "] is " + in) + ", expected " + ih[1]
                        + ", the size of tensor \"layers." + k + ".weight_ih_l0\" " + Arrays.toString(ih));
            }
            in = (config.bidirectional() ? 2L : 1L) * hidden[k];
        }
        long[] head = shape(file, c, "head.weight");
        if (head[0] != contract.outputs() || head[1] != in) {
            throw invalid(described, "schema.contract.outputs is " + contract.outputs() + " (on " + in
                    + " hidden units), expected the shape of tensor \"head.weight\" " + Arrays.toString(head));
        }
    }

    /**
     * Each categorical column of the contract has its table {@code inputs.<column>.weight} [levels + 1, D] with D
     * the width the configuration gives it ({@code model.cat_dim}), and the file holds no other table.
     *
     * @return Σ D, the values the embeddings add to the first layer's input
     */
    private static long checkEmbeddings(Path file, Path described, Checkpoint c, TrainConfig config,
                                        InputContract contract) {
        long width = 0;
        java.util.Set<String> expected = new java.util.HashSet<>();
        for (rnn.nn.EmbeddingSpec e : config.model().embeddings(contract.categorical())) {
            expected.add(e.tensorName());
            SafeTensors.Tensor t = c.tensor(e.tensorName());
            long[] want = {e.rows(), e.dim()};
            if (t == null || !Arrays.equals(t.shape(), want)) {
                throw invalid(described, "schema.contract.categorical lists \"" + e.column() + "\" with "
                        + e.levels() + " levels (model.cat_dim gives it " + e.dim() + " values), expected "
                        + (t == null ? "none: the file has no tensor \"" + e.tensorName() + "\""
                        : "the shape of tensor \"" + e.tensorName() + "\" " + Arrays.toString(t.shape())
                        + " (levels + 1 for <unk>, dim)"));
            }
            width += e.dim();
        }
        for (SafeTensors.Tensor t : c.tensors()) {
            String name = t.name();
            if (name.startsWith("inputs.") && !expected.contains(name)) {
                throw invalid(described, "schema.contract.categorical has no column for tensor \"" + name
                        + "\", expected one entry per embedding table");
            }
        }
        return width;
    }

    /**
     * The hidden sizes of {@code config} are those of the weights in {@code c} ({@code layers.k.weight_hh_l0} is
     * [gates·H, H]), layer for layer, each layer has its reverse direction ({@code layers.k.weight_hh_l0_reverse})
     * exactly when {@code model.bidirectional} says, and there is no further layer: checked before a model of those
     * sizes is built (predict, eval, inspect, and {@code train --resume}, whose sizes come from the checkpoint too).
     *
     * @param described the file the configuration comes from (the checkpoint, or {@code --schema}'s config.json)
     */
    static void checkHiddenSizes(Path file, Path described, Checkpoint c, TrainConfig config) {
        int[] hidden = config.hidden();
        for (int k = 0; k < hidden.length; k++) {
            long[] hh = shape(file, c, "layers." + k + ".weight_hh_l0");
            if (hh[1] != hidden[k]) {
                throw invalid(described, "model.hidden[" + k + "] is " + hidden[k] + ", expected " + hh[1]
                        + ", the size of tensor \"layers." + k + ".weight_hh_l0\" " + Arrays.toString(hh));
            }
            String reverse = "layers." + k + ".weight_hh_l0_reverse";
            boolean hasReverse = c.tensor(reverse) != null;
            if (hasReverse != config.bidirectional()) {
                throw invalid(described, "model.bidirectional is " + config.bidirectional() + ", expected "
                        + hasReverse + ": the file " + (hasReverse ? "holds" : "has no") + " tensor \"" + reverse
                        + "\" (the reverse direction of a bidirectional layer)");
            }
        }
        if (c.tensor("layers." + hidden.length + ".weight_hh_l0") != null) {
            throw invalid(described, "model.hidden has " + hidden.length + " layer" + (hidden.length == 1 ? "" : "s")
                    + ", expected more: the file holds tensors of layer " + hidden.length);
        }
    }

    /** The shape of a two-dimensional weight tensor that must exist. */
    private static long[] shape(Path file, Checkpoint c, String name) {
        SafeTensors.Tensor t = c.tensor(name);
        if (t == null || t.shape().length != 2) {
            throw new CheckpointException(file + ": has no " + (t == null ? "" : "two-dimensional ") + "tensor \""
                    + name + "\", so it holds a different architecture; check {{cell}}, {{hidden}} and "
                    + "{{gru_variant}}");
        }
        return t.shape();
    }

    /** An rnn checkpoint's trainer state, epoch, step and best loss are well formed (inspect shows them). */
    private static void checkTrainerState(Path file, Checkpoint c) {
        Map<String, String> meta = c.metadata();
        if (!meta.containsKey(TrainerState.KEY)) {
            return;
        }
        TrainerState state;
        try {
            state = TrainerState.fromMetadata(meta);
        } catch (IllegalArgumentException e) {
            throw invalid(file, e.getMessage());
        }
        String step = meta.get("step");
        if (step != null && !step.equals(Long.toString(state.streams().optimizerSteps()))) {
            throw invalid(file, "step is \"" + step + "\", expected " + state.streams().optimizerSteps()
                    + " as in " + TrainerState.KEY);
        }
        String best = meta.get("best_val_loss");
        if (best != null && !best.equals(Double.toString(state.bestLoss()))) {
            throw invalid(file, "best_val_loss is \"" + best + "\", expected " + state.bestLoss() + " as in "
                    + TrainerState.KEY);
        }
    }

    /**
     * The schema of the metadata; in format 3 with its statistics from the tensors {@link Checkpoint#FEATURE_STATS}
     * and {@link Checkpoint#TARGET_STATS}, one row per column.
     */
    private static DataSchema schemaOf(Path file, Checkpoint c) {
        DataSchema schema;
        try {
            schema = DataSchema.fromJson(JSON.readTree(c.metadata().get(Checkpoint.SCHEMA_KEY)));
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new CheckpointException(file + ": its \"schema\" metadata is missing or malformed, so the data "
                    + "layout is unknown" + (e instanceof IllegalArgumentException ? " (" + e.getMessage() + ")" : ""));
        }
        if (c.formatVersion() < 3) {
            return schema;
        }
        InputContract contract = schema.contract();
        return schema.withStatistics(stats(file, c, Checkpoint.FEATURE_STATS, contract.features()),
                stats(file, c, Checkpoint.TARGET_STATS, contract.classification() ? List.of() : contract.targets()));
    }

    private static List<ColumnStats> stats(Path file, Checkpoint c, String name, List<String> columns) {
        SafeTensors.Tensor t = c.tensor(name);
        long[] expected = {columns.size(), ColumnStats.FIELDS};
        if (t == null || !Arrays.equals(t.shape(), expected)) {
            throw invalid(file, "tensor \"" + name + "\" " + (t == null ? "is missing" : "has shape "
                    + Arrays.toString(t.shape())) + ", expected " + Arrays.toString(expected) + " (one row of "
                    + "normalisation statistics per column)");
        }
        return Scaling.fromTable(columns, t.values());
    }

    private static JsonNode readConfig(Path schemaFile) {
        JsonNode node;
        try {
            BasicFileAttributes a = Files.readAttributes(schemaFile, BasicFileAttributes.class);
            if (!a.isRegularFile() || a.size() > MAX_CONFIG_JSON_BYTES) {
                throw new CheckpointException(schemaFile + ": " + (a.isRegularFile() ? "has " + a.size()
                        + " bytes, more than the " + MAX_CONFIG_JSON_BYTES + " a config.json may have"
                        : "is not a regular file") + "; --schema names the config.json of the run that trained the "
                        + "model");
            }
            node = JSON.readTree(Files.readString(schemaFile));
        } catch (NoSuchFileException e) {
            throw new CheckpointException(schemaFile + ": no such file; --schema names the config.json of the run "
                    + "that trained the model");
        } catch (IOException e) {
            throw new CheckpointException(schemaFile + ": cannot read it as JSON (" + e.getMessage()
                    .lines().findFirst().orElse("") + ")");
        }
        if (node == null || !node.isObject() || !(node.path("options").isObject() || node.path("training").isObject())
                || !node.path("schema").isObject()) {
            throw new CheckpointException(schemaFile + ": not a config.json of rnn train (expected \"training\" (or "
                    + "\"options\") and \"schema\" objects)");
        }
        return node;
    }

    /**
     * The largest magnitude of a prediction in normalised units: no trained model comes near it, and with the
     * statistics' bounds ({@code ContractCheck}) z·scale + center stays finite below it.
     */
    static final double MAX_PREDICTION = 1e200;

    /**
     * Refuses predictions a model with finite but absurd weights (an edited checkpoint) gives: beyond
     * {@link #MAX_PREDICTION} or not finite.
     *
     * @param pred the model's output for {@code batch} ({@link rnn.use.Predictor.BatchConsumer#accept})
     * @throws CheckpointException naming the file and the value
     */
    void checkPredictions(double[] pred, rnn.data.Batch batch) {
        int n = (spec.output() == OutputMode.SEQUENCE ? batch.steps() * batch.size() : batch.size()) * spec.outputs();
        for (int i = 0; i < n; i++) {
            if (!(Math.abs(pred[i]) <= MAX_PREDICTION)) {
                throw new CheckpointException(file + ": the model predicts " + pred[i] + " (normalised units), "
                        + "beyond " + MAX_PREDICTION + ": its weights are out of range (an edited checkpoint?); use "
                        + "another checkpoint, or {{allow_nonfinite}} to use such predictions");
            }
        }
    }

    /** Builds the model and loads its weights. */
    RecurrentModel build(Compute compute) {
        RecurrentModel model = new RecurrentModel(spec, compute);
        checkpoint.loadParameters(model.parameters());
        return model;
    }

    /** The field separator of the training file ({@code --delimiter} of train). */
    char delimiter() {
        return run.data().delimiter();
    }

    /** "gru [64] (classic)" and the like, for log lines. */
    String describe() {
        String cell = Choice.name(config.cell());
        String variant = switch (config.cell()) {
            case GRU -> " " + Choice.name(config.gruVariant());
            case RNN -> " " + Choice.name(config.activation());
            case LSTM -> "";
        };
        return cell + variant + " " + java.util.Arrays.toString(config.hidden());
    }
}
