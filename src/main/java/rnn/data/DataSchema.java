package rnn.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the data layer understood from the training file and options: the model's {@link InputContract} (what
 * reading new data needs) and the {@link LoadReport} (what loading found). {@link #describe()} gives the lines a
 * run prints first.
 *
 * <p>JSON, in config.json and checkpoints:
 * <ul>
 * <li>written ({@link #toJson()}): <code>{"contract": {...}, "report": {...}}</code>, each as
 * {@link InputContract#toJson()} and {@link LoadReport#toJson()} write it;</li>
 * <li>read ({@link #fromJson}): that form, or the flat data schema of format 1 written by release 1 (33 keys:
 * {@code file, layout, features, targets, id, time, inputs, outputs, output, classification, classes, window,
 * horizon, stride, steps, normalize, missing, featureStats, targetStats, statsRows, rows, droppedRows,
 * filledValues, series, examples, minSteps, maxSteps, trainExamples, validationExamples, valSplit, valFile,
 * ignoredColumns, warnings}), whose values map one to one onto the contract and the report.</li>
 * </ul>
 * Enums and layouts are written by their lower-case names.
 *
 * @param contract the model's input contract
 * @param report   the load report
 */
public record DataSchema(InputContract contract, LoadReport report) {

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * A text model's first validation token: ⌊(1 − F)·N⌋ of the N tokens its training file had (F = the report's
     * validation split, 0 without validation: then N).
     */
    public long textValidationStart() {
        return TextLayout.trainTokens(report.rows(), report.split().valSplit());
    }

    /** The schema as JSON: <code>{"contract": {...}, "report": {...}}</code>. */
    public ObjectNode toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.set("contract", contract.toJson());
        node.set("report", report.toJson());
        return node;
    }

    /** {@link #toJson()} as compact text. */
    public String toJsonText() {
        try {
            return JSON.writeValueAsString(toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a data schema is always serialisable", e);
        }
    }

    /**
     * This schema without the per-column statistics (empty lists): the form checkpoints of format 3 keep in their
     * metadata, the statistics being stored as tensors ({@link Scaling#table}) so that the header stays small.
     */
    public DataSchema withoutStatistics() {
        return withStatistics(List.of(), List.of());
    }

    /** This schema with these per-column statistics. */
    public DataSchema withStatistics(List<ColumnStats> featureStats, List<ColumnStats> targetStats) {
        return new DataSchema(contract.withScaling(new Scaling(contract.normalize(), featureStats, targetStats)),
                report);
    }

    /**
     * A schema read back from {@link #toJson()}, or from the format-1 data schema of release 1.
     *
     * @throws IllegalArgumentException when the tree is neither
     */
    public static DataSchema fromJson(JsonNode node) {
        if (node != null && node.has("contract")) {
            return new DataSchema(InputContract.fromJson(node.get("contract")),
                    LoadReport.fromJson(node.get("report")));
        }
        return new DataSchema(InputContract.fromJson(node), LoadReport.fromJson(node));
    }

    /**
     * Reads {@code node} as a {@code type}; any failure becomes one line naming {@code what}. A flat format-1
     * schema (without the key {@code marker} of the new form) is read by letting each nested record in
     * {@code nested} pick its components from the flat object, where they have the same names.
     */
    static <T> T read(JsonNode node, Class<T> type, String what, String marker, String... nested) {
        JsonNode tree = node;
        if (node != null && node.isObject() && !node.has(marker)) {
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            for (String key : nested) {
                copy.set(key, node);
            }
            tree = copy;
        }
        return read(tree, type, what);
    }

    /** Reads {@code node} as a {@code type}; any failure becomes one line naming {@code what}. */
    static <T> T read(JsonNode node, Class<T> type, String what) {
        try {
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return JSON.treeToValue(node, type);
        } catch (JsonProcessingException | RuntimeException e) {
            if (e instanceof com.fasterxml.jackson.databind.exc.ValueInstantiationException
                    && e.getCause() instanceof IllegalArgumentException own) {
                // a creator's own check (CategoricalColumn's levels): its one-line message says more than Jackson's
                throw new IllegalArgumentException("data schema: " + own.getMessage(), e);
            }
            throw new IllegalArgumentException("data schema: expected the JSON of " + what + ", got "
                    + DataException.oneLine(String.valueOf(e.getMessage())), e);
        }
    }

    /**
     * "What was understood", one line each: source and rows, layout and examples, features, target, split,
     * normalisation, ignored columns and warnings.
     */
    public List<String> describe() {
        return contract.layout().understood(this);
    }

    /** {@link #describe()} for the layouts that read a table. */
    List<String> describeTable() {
        InputContract c = contract;
        LoadReport r = report;
        Layout layout = c.layout();
        List<String> lines = new ArrayList<>();
        StringBuilder data = new StringBuilder("data: ").append(r.file()).append(", ")
                .append(plural(r.rows(), "row"));
        if (r.droppedRows() > 0) {
            data.append(" (").append(r.droppedRows()).append(" dropped for missing values")
                    .append(r.droppedExamples() > 0 ? ", removing " + plural(r.droppedExamples(),
                            layout.exampleNoun()) : "").append(")");
        }
        if (r.filledValues() > 0) {
            data.append(" (").append(plural(r.filledValues(), "value")).append(" filled forward)");
        }
        lines.add(data.toString());
        lines.add(layout.describe(c, r));
        lines.addAll(r.notes());
        lines.add("features (" + c.features().size() + "): " + String.join(", ", c.features())
                + layout.featureNote(c));
        if (!c.categorical().isEmpty()) {
            lines.add("categorical (" + c.categorical().size() + ", embedded; a value not in the training rows or "
                    + "blank reads as " + CategoricalColumn.UNKNOWN + "): " + c.categorical().stream()
                    .map(k -> k.column() + " (" + plural(k.levels().size(), "level") + ")")
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
        String kind = c.classification() ? "classification, " + c.classes().size() + " classes: "
                + String.join(", ", c.classes()) : "regression";
        lines.add("target: " + String.join(", ", c.targets()) + " (" + kind + ", output " + c.output().cliName()
                + (c.targetSteps() > 1 ? ", every step 1.." + c.targetSteps() + ": " + c.outputs() + " outputs, "
                        + "step-major" : "") + ")");
        if (!c.transform().isNone() || c.targetMode() != TargetForm.LEVEL) {
            lines.add(targetTreatment(c));
        }
        SplitCounts split = r.split();
        String noun = layout.examplesNoun();
        String how = split.valFile() != null ? "validation from " + split.valFile()
                : split.validationExamples() == 0 ? "no validation"
                : layout.validationRule(split.valSplit(), c.classification());
        lines.add(String.format(Locale.ROOT, "split: %d training %s, %d validation %s (%s)", split.trainExamples(),
                noun, split.validationExamples(), noun, how));
        lines.add("normalisation: " + c.normalize().cliName() + (c.normalize() == Normalization.NONE ? ""
                : ", fitted on " + plural(r.statsRows(), "training row")) + "; missing values: "
                + c.missing().cliName() + (c.missingTarget().cliName().equals(c.missing().cliName()) ? ""
                : " (features), " + c.missingTarget().cliName() + " (targets)"));
        if (!r.ignoredColumns().isEmpty()) {
            lines.add("ignored columns: " + String.join(", ", r.ignoredColumns()));
        }
        for (String w : r.warnings()) {
            lines.add("warning: " + w);
        }
        return lines;
    }

    /** The line saying which target transform and mode are in use. */
    private static String targetTreatment(InputContract c) {
        TargetTransforms t = c.transform();
        int w = t.warmup();
        String transform = t.isNone() ? "none" : t + (w == 0 ? "" : " (no window starts on the first "
                + (w == 1 ? "row" : w + " rows") + " of a series or after a dropped row: " + (w == 1 ? "it has"
                : "they have") + " no difference)");
        String mode = c.targetMode() == TargetForm.DELTA ? "delta (the model predicts the change from the target on"
                + " the window's last row; added back, and the transform inverted, on predictions)"
                : "level" + (t.isNone() ? "" : " (the transform is inverted on predictions)");
        return "target transform: " + transform + "; target mode: " + mode;
    }

    /** " by \"id\"", or "" without an id column (for a layout's description). */
    static String byId(InputContract c) {
        return c.id() == null ? "" : " by \"" + c.id() + "\"";
    }

    /** ", ordered by \"time\"", or "" without a time column. */
    static String orderedBy(InputContract c) {
        return c.time() == null ? "" : ", ordered by \"" + c.time() + "\"";
    }

    static String plural(long n, String noun) {
        return n + " " + (n == 1 || noun.endsWith("series") ? noun : noun + "s");
    }

    public static String percent(double f) {
        return CsvTable.formatNumber(Math.round(f * 1e6) / 1e4) + "%";
    }
}
