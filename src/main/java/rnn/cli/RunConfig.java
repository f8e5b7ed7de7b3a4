package rnn.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

import rnn.data.DataOptions;
import rnn.io.Checkpoint;
import rnn.train.ConfigJson;
import rnn.train.TrainConfig;

/**
 * A trained run's configuration as its checkpoint or {@code config.json} records it, in either format:
 * <ul>
 * <li>format 2: {@code model}, {@code training}, {@code output} and {@code data} objects in the project's own
 * vocabulary ({@link ConfigJson}), the input file under {@code input_file} ({@code input.file} in config.json);</li>
 * <li>format 1 (the first release): {@code options}, a map from flag name (without dashes) to the text typed,
 * read by parsing it as the command line it was.</li>
 * </ul>
 *
 * @param config   the model, training and output configuration
 * @param data     the data options (columns resolved against the file as training saw them)
 * @param dataFile the training file as given, or {@code null} when not recorded
 */
record RunConfig(TrainConfig config, DataOptions data, Path dataFile) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./,:=@%+-]+");

    /**
     * From a checkpoint's metadata (format 1 or 2).
     *
     * @throws IllegalArgumentException what is missing or malformed
     */
    static RunConfig fromMetadata(Map<String, String> meta) {
        try {
            if (meta.containsKey("options") && !meta.containsKey("training")) {
                return fromFlagMap(JSON.readTree(meta.get("options")));
            }
            TrainConfig config = ConfigJson.config(read(meta, "model"), read(meta, "training"), read(meta, "output"));
            String file = meta.get("input_file");
            return new RunConfig(config, ConfigJson.data(read(meta, "data"), config), file == null ? null
                    : Path.of(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + ")");
        }
    }

    /** From a run's {@code config.json} (format 1 or 2). */
    static RunConfig fromConfigJson(JsonNode root) {
        JsonNode file = root.path("input").path("file");
        if (root.path("options").isObject() && !root.has("training")) {
            return fromFlagMap(root.get("options"));
        }
        TrainConfig config = ConfigJson.config(root.get("model"), root.get("training"), root.get("output"));
        return new RunConfig(config, ConfigJson.data(root.get("data"), config), file.isTextual()
                ? Path.of(file.asText()) : null);
    }

    private static JsonNode read(Map<String, String> meta, String key) throws IOException {
        String text = meta.get(key);
        if (text == null) {
            throw new IllegalArgumentException("no \"" + key + "\" metadata");
        }
        return JSON.readTree(text);
    }

    /**
     * Format 1: the flag map, parsed as the command line it was; a map without {@code gru-variant} (release 1
     * wrote every option, so only an edited one) is classic ({@link rnn.nn.GruVariant#UNRECORDED}); its target mode
     * is level (release 1 had no other).
     */
    private static RunConfig fromFlagMap(JsonNode options) {
        if (options == null || !options.isObject()) {
            throw new IllegalArgumentException("no \"options\" object");
        }
        Map<String, String> flags = new LinkedHashMap<>();
        options.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("data")) {
                flags.put("--" + e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
            }
        });
        flags.putIfAbsent("--gru-variant", Choice.name(rnn.nn.GruVariant.UNRECORDED));
        flags.putIfAbsent("--target-mode", TrainOptions.UNRECORDED_TARGET_MODE);
        TrainCommand parsed;
        try {
            parsed = TrainCommand.parse(TrainOptions.args(flags));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        TrainConfig config = parsed.config();
        JsonNode data = options.path("data");
        return new RunConfig(config, parsed.dataOptions(config), data.isTextual() ? Path.of(data.asText()) : null);
    }

    /** The flags that give this configuration ({@link TrainOptions#flags}). */
    Map<String, String> flags() {
        return TrainOptions.flags(config, data);
    }

    /**
     * A command line that trains this run again, quoted for a POSIX shell: every option of the configuration
     * (defaults too, so it does not depend on this version's defaults), then the data file.
     */
    String commandLine() {
        List<String> words = new ArrayList<>(List.of("rnn", "train"));
        words.addAll(TrainOptions.args(flags()));
        if (dataFile != null) {
            words.add(dataFile.toString());
        }
        return String.join(" ", words.stream().map(RunConfig::quote).toList());
    }

    /** A word as a POSIX shell reads it back: plain, or in single quotes ({@code '} as {@code '\''}). */
    static String quote(String word) {
        return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
