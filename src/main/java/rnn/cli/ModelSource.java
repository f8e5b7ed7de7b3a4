package rnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import rnn.data.DataSchema;
import rnn.io.Checkpoint;
import rnn.io.CheckpointException;
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

    /**
     * Reads and validates the model file (and {@code schemaFile} when given).
     *
     * @param model      a run directory or a safetensors file
     * @param schemaFile a run's {@code config.json}, or {@code null} to use the checkpoint's own metadata
     */
    static ModelSource open(Path model, Path schemaFile) {
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
            DataSchema schema = schemaOf(file, c.metadata().get(Checkpoint.SCHEMA_KEY));
            return create(file, c, run, schema, false, file);
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
        return create(file, Checkpoint.readStateDict(file), run, schema, true, schemaFile);
    }

    private static ModelSource create(Path file, Checkpoint c, RunConfig run, DataSchema schema,
                                      boolean fromStateDict, Path described) {
        TrainConfig config = run.config();
        ModelSpec spec;
        try {
            spec = new ModelSpec(config.cell(), config.activation(), config.gruVariant(), schema.contract().inputs(),
                    config.hidden(), schema.contract().outputs(), config.output(), config.dropout());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new CheckpointException(described + ": its training options are missing or malformed ("
                    + e.getMessage() + ")");
        }
        return new ModelSource(file, c, run, schema, config, spec, fromStateDict);
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
        if (node == null || !node.isObject() || !(node.path("options").isObject() || node.path("training").isObject())
                || !node.path("schema").isObject()) {
            throw new CheckpointException(schemaFile + ": not a config.json of rnn train (expected \"training\" (or "
                    + "\"options\") and \"schema\" objects)");
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
