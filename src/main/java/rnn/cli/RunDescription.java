package rnn.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rnn.data.DataOptions;
import rnn.data.LoadedData;
import rnn.io.Checkpoint;
import rnn.train.ConfigJson;
import rnn.train.TrainConfig;

/**
 * What a run records about itself, in the project's own vocabulary (format 2): the checkpoint metadata
 * ({@link #metadata}) and {@code config.json} ({@link #configJson}). Both carry the same {@code model},
 * {@code training}, {@code output} and {@code data} objects ({@link ConfigJson}), the data schema, the input file
 * and its SHA-256, and the tool version.
 */
record RunDescription(TrainConfig config, DataOptions data, LoadedData loaded, Path dataFile, String sha256) {

    private static final ObjectMapper JSON = new ObjectMapper();

    ObjectNode model() {
        return ConfigJson.model(config.model(), loaded.contract().inputs(), loaded.contract().outputs(),
                config.model().embeddings(loaded.contract().categorical()));
    }

    /**
     * The checkpoint metadata (the format name and version are added by {@link Checkpoint#write}); the schema
     * without its per-column statistics, which the trainer writes as tensors (format 3).
     */
    Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Checkpoint.TOOL_VERSION_KEY, ManifestVersionProvider.version());
        m.put(Checkpoint.MODEL_KEY, model().toString());
        m.put(Checkpoint.TRAINING_KEY, ConfigJson.training(config.training()).toString());
        m.put(Checkpoint.OUTPUT_KEY, ConfigJson.output(config.files()).toString());
        m.put(Checkpoint.DATA_KEY, ConfigJson.data(data).toString());
        m.put(Checkpoint.SCHEMA_KEY, loaded.schema().withoutStatistics().toJsonText());
        m.put(Checkpoint.INPUT_FILE_KEY, dataFile.toString());
        m.put(Checkpoint.INPUT_SHA256_KEY, sha256);
        return m;
    }

    /**
     * {@code config.json}: {@code format_version}, {@code tool}, {@code tool_version}, {@code command},
     * {@code input} ({@code file}, {@code sha256}), {@code model}, {@code training}, {@code output}, {@code data},
     * {@code schema}. A valid {@code --config} file as it is.
     */
    ObjectNode configJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", Checkpoint.FORMAT_VERSION);
        root.put("tool", "rnn");
        root.put("tool_version", ManifestVersionProvider.version());
        root.put("command", "train");
        ObjectNode input = root.putObject("input");
        input.put("file", dataFile.toString());
        input.put("sha256", sha256);
        root.set("model", model());
        root.set("training", ConfigJson.training(config.training()));
        root.set("output", ConfigJson.output(config.files()));
        root.set("data", ConfigJson.data(data));
        root.set("schema", loaded.schema().toJson());
        return root;
    }
}
