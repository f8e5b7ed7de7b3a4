package rnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import rnn.data.DataSchema;
import rnn.io.Checkpoint;
import rnn.io.CheckpointException;
import rnn.io.RunDirectory;
import rnn.nn.Compute;
import rnn.nn.ModelSpec;
import rnn.nn.RecurrentModel;
import rnn.train.TrainConfig;

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
 */
final class ModelSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Checkpoint checkpoint;
    private final Map<String, String> options;
    private final DataSchema schema;
    private final TrainConfig config;
    private final ModelSpec spec;
    private final boolean fromStateDict;

    private ModelSource(Path file, Checkpoint checkpoint, Map<String, String> options, DataSchema schema,
                        TrainConfig config, ModelSpec spec, boolean fromStateDict) {
        this.file = file;
        this.checkpoint = checkpoint;
        this.options = options;
        this.schema = schema;
        this.config = config;
        this.spec = spec;
        this.fromStateDict = fromStateDict;
    }

    /**
     * Reads and validates the model file (and {@code schemaFile} when given).
     *
     * @param model      a run directory or a safetensors file
     * @param schemaFile a run's {@code config.json}, or {@code null} to use the checkpoint's own metadata
     */
    static ModelSource open(Path model, Path schemaFile) {
        Path file = resolve(model);
        if (schemaFile == null) {
            Checkpoint c = Checkpoint.read(file);
            Map<String, String> options = optionsOf(file, c.metadata().get("options"));
            DataSchema schema = schemaOf(file, c.metadata().get("schema"));
            return create(file, c, options, schema, false, file);
        }
        JsonNode config = readConfig(schemaFile);
        Map<String, String> options = new LinkedHashMap<>();
        config.path("options").fields().forEachRemaining(e -> options.put(e.getKey(),
                e.getValue().isNull() ? null : e.getValue().asText()));
        DataSchema schema;
        try {
            schema = DataSchema.fromJson(config.get("schema"));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(schemaFile + ": not a config.json of rnn train: its \"schema\" is missing "
                    + "or malformed");
        }
        return create(file, Checkpoint.readStateDict(file), options, schema, true, schemaFile);
    }

    /** A run directory → its best.safetensors; a file as it is. */
    static Path resolve(Path model) {
        if (Files.isDirectory(model)) {
            Path best = model.resolve(RunDirectory.BEST);
            if (!Files.exists(best)) {
                throw new CheckpointException(model + ": has no " + RunDirectory.BEST + "; is it a run directory of "
                        + "rnn train that finished at least one epoch? (or name a checkpoint file)");
            }
            return best;
        }
        return model;
    }

    private static ModelSource create(Path file, Checkpoint c, Map<String, String> options, DataSchema schema,
                                      boolean fromStateDict, Path described) {
        TrainConfig config;
        ModelSpec spec;
        try {
            config = new TrainOptions(options).trainConfig();
            spec = new ModelSpec(config.cell(), config.activation(), config.gruVariant(), schema.contract().inputs(),
                    config.hidden(), schema.contract().outputs(), config.output(), config.dropout());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new CheckpointException(described + ": its training options are missing or malformed ("
                    + e.getMessage() + ")");
        }
        return new ModelSource(file, c, options, schema, config, spec, fromStateDict);
    }

    private static Map<String, String> optionsOf(Path file, String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IOException("not an object");
            }
            Map<String, String> m = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().isNull() ? null
                    : e.getValue().asText()));
            return m;
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new CheckpointException(file + ": its \"options\" metadata is missing or malformed, so the "
                    + "architecture is unknown");
        }
    }

    private static DataSchema schemaOf(Path file, String text) {
        try {
            return DataSchema.fromJson(JSON.readTree(text));
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new CheckpointException(file + ": its \"schema\" metadata is missing or malformed, so the data "
                    + "layout is unknown");
        }
    }

    private static JsonNode readConfig(Path schemaFile) {
        JsonNode node;
        try {
            node = JSON.readTree(Files.readString(schemaFile));
        } catch (NoSuchFileException e) {
            throw new CheckpointException(schemaFile + ": no such file; --schema names the config.json of the run "
                    + "that trained the model");
        } catch (IOException e) {
            throw new CheckpointException(schemaFile + ": cannot read it as JSON (" + e.getMessage()
                    .lines().findFirst().orElse("") + ")");
        }
        if (node == null || !node.isObject() || !node.path("options").isObject() || !node.path("schema").isObject()) {
            throw new CheckpointException(schemaFile + ": not a config.json of rnn train (expected \"options\" and "
                    + "\"schema\" objects)");
        }
        return node;
    }

    /** Builds the model and loads its weights. */
    RecurrentModel build(Compute compute) {
        RecurrentModel model = new RecurrentModel(spec, compute);
        checkpoint.loadParameters(model.parameters());
        return model;
    }

    /** The field separator of the training file ({@code --delimiter} of train). */
    char delimiter() {
        String d = options.get("delimiter");
        if (d == null || d.isEmpty()) {
            return rnn.data.DataOptions.DEFAULT_DELIMITER;
        }
        return d.length() == 1 ? d.charAt(0) : '\t';
    }

    Path file() {
        return file;
    }

    Checkpoint checkpoint() {
        return checkpoint;
    }

    Map<String, String> options() {
        return java.util.Collections.unmodifiableMap(options);
    }

    DataSchema schema() {
        return schema;
    }

    TrainConfig config() {
        return config;
    }

    ModelSpec spec() {
        return spec;
    }

    boolean fromStateDict() {
        return fromStateDict;
    }

    /** "gru [64] (classic)" and the like, for log lines. */
    String describe() {
        String cell = TrainOptions.cliName(config.cell());
        String variant = switch (config.cell()) {
            case GRU -> " " + TrainOptions.cliName(config.gruVariant());
            case RNN -> " " + TrainOptions.cliName(config.activation());
            case LSTM -> "";
        };
        return cell + variant + " " + java.util.Arrays.toString(config.hidden());
    }
}
