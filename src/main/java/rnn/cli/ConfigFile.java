package rnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

import rnn.train.ConfigJson;
import rnn.train.TrainConfig;

/**
 * A {@code --config FILE} of {@code rnn train}: a JSON object whose {@code model}, {@code training},
 * {@code output} and {@code data} objects hold options in the vocabulary of {@code config.json} (so a run's own
 * {@code config.json} is one, and repeats the run), every field optional. A format-1 {@code config.json} (an
 * {@code options} map of flag names) is read too. A run's description that records no GRU variant is classic
 * ({@link #storedDescription}). The informational fields of config.json ({@code format_version},
 * {@code tool}, {@code tool_version}, {@code command}, {@code schema}, {@code model.inputs},
 * {@code model.outputs}) are ignored; {@code input.file} is the data file when none is given. Every other key is
 * an error, as is a value the option would refuse: {@code run.json: training.epochs: expected a whole number, got
 * "ten"}.
 *
 * @param args     the options as command-line arguments (given before the typed ones, which override them)
 * @param dataFile the file's {@code input.file}, or {@code null}
 */
record ConfigFile(List<String> args, Path dataFile) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> IGNORED = Set.of("format_version", "tool", "tool_version", "command", "input",
            "schema");
    private static final Map<String, Set<String>> SECTIONS = new LinkedHashMap<>();

    static {
        SECTIONS.put("model", ConfigJson.MODEL_FIELDS);
        SECTIONS.put("training", ConfigJson.TRAINING_FIELDS);
        SECTIONS.put("output", ConfigJson.OUTPUT_FIELDS);
        SECTIONS.put("data", ConfigJson.DATA_FIELDS);
    }

    /**
     * Reads and checks the file.
     *
     * @throws IllegalArgumentException one line naming the file and the key
     */
    static ConfigFile read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("--config " + file + ": cannot read it as JSON (" + e.getMessage()
                    .lines().findFirst().orElse("").strip() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("--config " + file + ": expected a JSON object like a run's "
                    + "config.json, got " + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase()));
        }
        Map<String, String> keys = new LinkedHashMap<>();
        Map<String, String> flags = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String section = e.getKey();
            if (IGNORED.contains(section)) {
                continue;
            }
            if (section.equals("options") && !root.has("training")) {
                formatOne(file, e.getValue(), keys, flags);
                continue;
            }
            Set<String> fields = SECTIONS.get(section);
            if (fields == null) {
                throw unknown(file, section, SECTIONS.keySet());
            }
            if (!e.getValue().isObject()) {
                throw new IllegalArgumentException(file + ": " + section + ": expected an object, got "
                        + e.getValue());
            }
            for (Iterator<Map.Entry<String, JsonNode>> f = e.getValue().fields(); f.hasNext(); ) {
                Map.Entry<String, JsonNode> field = f.next();
                String key = section + "." + field.getKey();
                if (!fields.contains(field.getKey())) {
                    throw unknown(file, key, fields.stream().map(k -> section + "." + k).toList());
                }
                if (section.equals("model") && rnn.train.ConfigJson.MODEL_FACTS.contains(field.getKey())) {
                    continue;
                }
                put(file, key, TrainOptions.flagOf(field.getKey()), field.getValue(), keys, flags);
            }
        }
        if (storedDescription(root) && !flags.containsKey("--gru-variant")) {
            flags.put("--gru-variant", Choice.name(rnn.nn.GruVariant.UNRECORDED));
        }
        if (storedDescription(root) && !root.path("data").has("target_mode")) {
            flags.put("--target-mode", TrainOptions.UNRECORDED_TARGET_MODE); // a run from before target modes
        }
        List<String> args = TrainOptions.args(flags);
        check(file, args, keys);
        JsonNode input = root.path("input").path("file");
        JsonNode v1 = root.path("options").path("data");
        Path data = input.isTextual() ? Path.of(input.asText()) : v1.isTextual() ? Path.of(v1.asText()) : null;
        return new ConfigFile(args, data);
    }

    /**
     * A run's own description (a config.json: format 1's {@code options} map, or {@code format_version}), as
     * opposed to a file of options written by hand: its missing GRU variant is the one of the release that wrote
     * it ({@link rnn.nn.GruVariant#UNRECORDED}), and so is its missing target mode (level); a hand-written file without one gets the default, as the command
     * line does.
     */
    private static boolean storedDescription(JsonNode root) {
        return root.has("format_version") || (root.path("options").isObject() && !root.has("training"));
    }

    private static void formatOne(Path file, JsonNode options, Map<String, String> keys, Map<String, String> flags) {
        Set<String> known = new TreeSet<>();
        new CommandLine(new TrainCommand()).getCommandSpec().options().forEach(o -> known.add(o.longestName()));
        for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = "options." + e.getKey();
            if (e.getKey().equals("data")) {
                continue;
            }
            if (!known.contains("--" + e.getKey())) {
                throw unknown(file, key, List.of("the options of 'rnn train'"));
            }
            put(file, key, "--" + e.getKey(), e.getValue(), keys, flags);
        }
    }

    private static void put(Path file, String key, String flag, JsonNode v, Map<String, String> keys,
                            Map<String, String> flags) {
        String text;
        if (v.isNull()) {
            return;
        } else if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(x -> items.add(x.asText()));
            text = String.join(",", items);
        } else if (v.isValueNode()) {
            text = v.asText();
        } else {
            throw new IllegalArgumentException(file + ": " + key + ": expected a value, got " + v);
        }
        keys.put(flag, key);
        flags.put(flag, text);
        if (TrainOptions.SWITCHES.contains(flag) && !text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException(file + ": " + key + ": expected true or false, got " + v);
        }
        try {
            TrainCommand.parse(TrainOptions.args(Map.of(flag, text)));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(file + ": " + key + ": " + reason(e));
        }
    }

    /** The file's options together, checked as the command line checks them, with the key named. */
    private static void check(Path file, List<String> args, Map<String, String> keys) {
        try {
            TrainCommand parsed = TrainCommand.parse(args);
            TrainConfig config = parsed.config();
            parsed.dataOptions(config);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(file + ": " + reason(e));
        } catch (RuntimeException e) {
            String m = String.valueOf(TrainOptions.render(e.getMessage()));
            for (Map.Entry<String, String> k : keys.entrySet()) {
                if (m.startsWith(k.getKey() + ":") || m.startsWith(k.getKey() + " ")) {
                    throw new IllegalArgumentException(file + ": " + k.getValue() + m.substring(k.getKey().length()));
                }
            }
            throw new IllegalArgumentException(file + ": " + m);
        }
    }

    private static String reason(CommandLine.ParameterException e) {
        return e.getCause() instanceof CommandLine.TypeConversionException t ? t.getMessage() : e.getMessage();
    }

    private static IllegalArgumentException unknown(Path file, String key, java.util.Collection<String> expected) {
        return new IllegalArgumentException(file + ": unknown key \"" + key + "\"; expected one of "
                + String.join(", ", new TreeSet<>(expected)));
    }
}
