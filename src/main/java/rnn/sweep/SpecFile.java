package rnn.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A sweep's spec file ({@code --spec FILE}, JSON or YAML by its extension), untrusted input: at most
 * {@link SweepLimits#MAX_SPEC_BYTES} (checked before reading), duplicate keys refused, YAML aliases and nesting
 * bounded, every field checked with one message naming the file and the field. Its fields, each optional:
 * <pre>
 * data: sales.csv                 # relative to the spec file's folder; the DATA argument replaces it
 * options: {cell: gru, epochs: 9} # fixed train options (long names without dashes); a switch is true/false
 * grid: {hidden: [32, 64], lr: [0.001, 0.003]}                                  # or
 * random: {trials: 8, space: {lr: "log-uniform(1e-4,1e-2)", hidden: "choice(32,64)"}}
 * halving: {min_epochs: 1, eta: 3}  # or halving: true
 * </pre>
 *
 * @param data        the data file, or null
 * @param options     the fixed options as {@code train} arguments
 * @param grid        the grid (key → values), or null
 * @param trials      the random search's trial count, or null
 * @param space       the random search's space, or null
 * @param halving     whether halving is asked for
 * @param minEpochs   halving's first budget, or null
 * @param eta         halving's factor, or null
 */
public record SpecFile(Path data, List<String> options, Map<String, List<String>> grid, Integer trials,
                       Map<String, Distribution> space, boolean halving, Integer minEpochs, Integer eta) {

    private static final List<String> FIELDS = List.of("data", "options", "grid", "random", "halving");
    /**
     * Aliases a YAML spec may use (a spec has no need of them; a few are harmless). Duplicate keys are refused by
     * Jackson's strict detection, in YAML as in JSON.
     */
    private static final int MAX_YAML_ALIASES = 10;
    private static final int MAX_YAML_DEPTH = 10;

    /**
     * Reads and checks {@code file}.
     *
     * @throws SweepException exit code 2 with "FILE (field): expected X, got Y; what to do"
     */
    public static SpecFile read(Path file, TrainKeys keys) {
        JsonNode root = parse(file);
        String name = file.toString();
        if (root == null || !root.isObject()) {
            throw bad(name, null, "expected an object of " + String.join(", ", FIELDS) + ", got "
                    + kind(root));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw bad(name, SearchText.cut(f), "unknown field; expected one of " + String.join(", ", FIELDS));
            }
        }
        Path data = null;
        if (root.has("data")) {
            String d = scalar(name, "data", root.get("data"));
            Path parent = file.toAbsolutePath().getParent();
            data = parent.resolve(d).normalize();
        }
        List<String> options = options(name, root.get("options"), keys);
        if (root.has("grid") && root.has("random")) {
            throw bad(name, "random", "expected either grid or random, got both; keep one");
        }
        Map<String, List<String>> grid = root.has("grid") ? grid(name, root.get("grid"), keys) : null;
        Integer trials = null;
        Map<String, Distribution> space = null;
        if (root.has("random")) {
            JsonNode r = object(name, "random", root.get("random"), Set.of("trials", "space"));
            trials = whole(name, "random.trials", r.get("trials"), 1, SweepLimits.MAX_TRIALS);
            space = space(name, r.get("space"), keys);
        }
        boolean halving = false;
        Integer minEpochs = null;
        Integer eta = null;
        JsonNode h = root.get("halving");
        if (h != null && h.isBoolean()) {
            halving = h.booleanValue();
        } else if (h != null) {
            object(name, "halving", h, Set.of("min_epochs", "eta"));
            halving = true;
            minEpochs = h.has("min_epochs") ? whole(name, "halving.min_epochs", h.get("min_epochs"), 1,
                    Integer.MAX_VALUE) : null;
            eta = h.has("eta") ? whole(name, "halving.eta", h.get("eta"), 2, SweepLimits.MAX_ETA) : null;
        }
        return new SpecFile(data, options, grid, trials, space, halving, minEpochs, eta);
    }

    private static JsonNode parse(Path file) {
        String lower = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = lower.endsWith(".yaml") || lower.endsWith(".yml");
        if (!yaml && !lower.endsWith(".json")) {
            throw SweepException.usage("{{spec}} " + file + ": expected a .json, .yaml or .yml file, got \""
                    + SearchText.cut(lower) + "\"; rename it to say its format");
        }
        try {
            if (!Files.isRegularFile(file)) {
                throw SweepException.usage("{{spec}} " + file + ": " + (Files.exists(file) ? "not a regular file"
                        : "no such file") + "; give the path of a spec file");
            }
            long size = Files.size(file);
            if (size > SweepLimits.MAX_SPEC_BYTES) {
                throw SweepException.usage("{{spec}} " + file + ": " + size + " bytes, more than the limit of "
                        + SweepLimits.MAX_SPEC_BYTES + "; a spec holds options and a search, not data");
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return mapper(yaml).readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw SweepException.usage(file + where + ": not valid " + (yaml ? "YAML" : "JSON") + " ("
                    + SearchText.cut(e.getOriginalMessage().lines().findFirst().orElse("").strip())
                    + "); fix the file");
        } catch (IOException e) {
            throw SweepException.usage("{{spec}} " + file + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    private static ObjectMapper mapper(boolean yaml) {
        if (!yaml) {
            return new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_YAML_ALIASES);
        options.setNestingDepthLimit(MAX_YAML_DEPTH);
        options.setCodePointLimit((int) SweepLimits.MAX_SPEC_BYTES);
        return new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build())
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    private static List<String> options(String name, JsonNode node, TrainKeys keys) {
        List<String> args = new ArrayList<>();
        if (node == null) {
            return args;
        }
        object(name, "options", node, null);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "options." + SearchText.cut(e.getKey());
            keys.check(name + " (" + field + ")", e.getKey());
            JsonNode v = e.getValue();
            if (v.isBoolean()) {
                if (v.booleanValue()) {
                    args.add("--" + e.getKey());
                }
                continue;
            }
            args.add("--" + e.getKey());
            args.add(scalar(name, field, v));
        }
        return args;
    }

    private static Map<String, List<String>> grid(String name, JsonNode node, TrainKeys keys) {
        object(name, "grid", node, null);
        if (node.isEmpty()) {
            throw bad(name, "grid", "expected at least one option with its values, got none");
        }
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "grid." + SearchText.cut(e.getKey());
            keys.check(name + " (" + field + ")", e.getKey());
            if (axes.size() == SweepLimits.MAX_KEYS) {
                throw bad(name, "grid", "more than " + SweepLimits.MAX_KEYS + " options; sweep fewer");
            }
            JsonNode list = e.getValue();
            if (!list.isArray() || list.isEmpty()) {
                throw bad(name, field, "expected a non-empty list of values, got " + kind(list));
            }
            if (list.size() > SweepLimits.MAX_TRIALS) {
                throw bad(name, field, list.size() + " values, more than " + SweepLimits.MAX_TRIALS);
            }
            List<String> values = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                values.add(SearchText.value(name + " (" + field + "[" + i + "])",
                        scalar(name, field + "[" + i + "]", list.get(i)), seen));
            }
            axes.put(e.getKey(), values);
        }
        return axes;
    }

    private static Map<String, Distribution> space(String name, JsonNode node, TrainKeys keys) {
        if (node == null) {
            throw bad(name, "random.space", "expected an object of option: distribution, got nothing");
        }
        object(name, "random.space", node, null);
        if (node.isEmpty()) {
            throw bad(name, "random.space", "expected at least one option with its distribution, got none");
        }
        Map<String, Distribution> dims = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "random.space." + SearchText.cut(e.getKey());
            keys.check(name + " (" + field + ")", e.getKey());
            if (dims.size() == SweepLimits.MAX_KEYS) {
                throw bad(name, "random.space", "more than " + SweepLimits.MAX_KEYS + " options; sweep fewer");
            }
            if (!e.getValue().isTextual()) {
                throw bad(name, field, "expected a distribution such as \"log-uniform(1e-4,1e-2)\", got "
                        + kind(e.getValue()));
            }
            dims.put(e.getKey(), Distribution.parse(name + " (" + field + ")", e.getValue().asText()));
        }
        return dims;
    }

    /** {@code node} as an object, its fields among {@code allowed} (null: any). */
    private static JsonNode object(String name, String field, JsonNode node, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            throw bad(name, field, "expected an object, got " + kind(node));
        }
        if (allowed != null) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!allowed.contains(f)) {
                    throw bad(name, field + "." + SearchText.cut(f), "unknown field; expected one of "
                            + String.join(", ", allowed.stream().sorted().toList()));
                }
            }
        }
        return node;
    }

    private static String scalar(String name, String field, JsonNode v) {
        if (v == null || !(v.isTextual() || v.isNumber() || v.isBoolean())) {
            throw bad(name, field, "expected a text or a number, got " + kind(v));
        }
        String s = v.asText();
        if (s.isBlank() || s.length() > SweepLimits.MAX_VALUE_CHARS) {
            throw bad(name, field, "expected a value of 1 to " + SweepLimits.MAX_VALUE_CHARS + " characters, got "
                    + s.length());
        }
        return s;
    }

    private static int whole(String name, String field, JsonNode v, int min, int max) {
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < min || v.intValue() > max) {
            throw bad(name, field, "expected a whole number from " + min + " to " + max + ", got "
                    + (v == null ? "nothing" : SearchText.cut(v.toString())));
        }
        return v.intValue();
    }

    private static String kind(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "nothing";
        }
        return switch (n.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING -> "a text";
            default -> n.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }

    private static SweepException bad(String name, String field, String what) {
        return SweepException.usage(name + (field == null ? "" : " (" + field + ")") + ": " + what);
    }
}
