package rnn.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the data layer understood from the file and options: layout, columns, classes, normalisation
 * statistics, counts. {@link #describe()} gives the lines a run prints first; {@link #toJson()} and
 * {@link #fromJson} give the form stored in config.json and checkpoints (field names as below, enums by their
 * command-line names).
 *
 * @param file               the training file as given
 * @param layout             the layout in effect
 * @param features           the feature columns (wide: the T×I columns, step-major)
 * @param targets            the target columns (wide {@code --output sequence}: T×O, step-major)
 * @param id                 the id column or {@code null}
 * @param time               the time column or {@code null}
 * @param inputs             I, features per step
 * @param outputs            O, model outputs (regression: target values per step; classification: classes)
 * @param output             where the target is read
 * @param classification     class labels ({@code --loss xent})
 * @param classes            the labels; the index of a label is its class index (sorted: numerically when all
 *                           are integers, else by {@link String#compareTo}); empty for regression
 * @param window             W (window layout) or {@code null}
 * @param horizon            H (window layout) or {@code null}
 * @param stride             S (window layout) or {@code null}
 * @param steps              T (wide layout) or {@code null}
 * @param normalize          the normalisation
 * @param missing            the missing-value policy
 * @param featureStats       one per feature column, in {@code features} order
 * @param targetStats        one per target column for regression (empty for classification)
 * @param statsRows          the training rows the statistics come from
 * @param rows               data rows in the training file (kept and dropped)
 * @param droppedRows        rows dropped by {@code --missing drop}
 * @param filledValues       values filled by {@code --missing ffill}
 * @param series             window: series; long: sequences; wide: rows (of the training file)
 * @param examples           windows (window), sequences (long, wide) of the training file
 * @param minSteps           steps of the shortest example of the training file
 * @param maxSteps           steps of the longest example of the training file
 * @param trainExamples      examples used for training
 * @param validationExamples examples used for validation (from the split or {@code valFile})
 * @param valSplit           the validation fraction applied (0 with {@code valFile} or without validation)
 * @param valFile            the validation file or {@code null}
 * @param ignoredColumns     columns with no role, and why
 * @param warnings           the warnings given while loading (also logged)
 */
public record DataSchema(String file, Layout layout, List<String> features, List<String> targets, String id,
        String time, int inputs, int outputs, TargetMode output, boolean classification, List<String> classes,
        Integer window, Integer horizon, Integer stride, Integer steps, Normalization normalize,
        MissingPolicy missing, List<ColumnStats> featureStats, List<ColumnStats> targetStats, long statsRows,
        long rows, long droppedRows, long filledValues, int series, int examples, int minSteps, int maxSteps,
        int trainExamples, int validationExamples, double valSplit, String valFile, List<String> ignoredColumns,
        List<String> warnings) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public DataSchema {
        features = List.copyOf(features);
        targets = List.copyOf(targets);
        classes = List.copyOf(classes);
        featureStats = List.copyOf(featureStats);
        targetStats = List.copyOf(targetStats);
        ignoredColumns = List.copyOf(ignoredColumns);
        warnings = List.copyOf(warnings);
    }

    /** The schema as a JSON tree (for config.json and checkpoint metadata). */
    public JsonNode toJson() {
        return JSON.valueToTree(this);
    }

    /** The schema as compact JSON text. */
    public String toJsonText() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a data schema is always serialisable", e);
        }
    }

    /**
     * A schema read back from {@link #toJson()}.
     *
     * @throws IllegalArgumentException when the tree is not a data schema
     */
    public static DataSchema fromJson(JsonNode node) {
        try {
            return JSON.treeToValue(node, DataSchema.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("data schema: expected the JSON of a data schema, got "
                    + DataException.oneLine(String.valueOf(e.getMessage())), e);
        }
    }

    /** Statistics of a target column by position (to de-normalise predictions), for regression. */
    public ColumnStats targetStats(int o) {
        return targetStats.get(o);
    }

    /**
     * "What was understood", one line each: source and rows, layout and examples, features, target, split,
     * normalisation, ignored columns and warnings.
     */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        StringBuilder data = new StringBuilder("data: ").append(file).append(", ").append(plural(rows, "row"));
        if (droppedRows > 0) {
            data.append(" (").append(droppedRows).append(" dropped for missing values)");
        }
        if (filledValues > 0) {
            data.append(" (").append(plural(filledValues, "value")).append(" filled forward)");
        }
        lines.add(data.toString());
        String idPart = id == null ? "" : " by \"" + id + "\"";
        String timePart = time == null ? "" : ", ordered by \"" + time + "\"";
        switch (layout) {
            case WINDOW -> lines.add(String.format(Locale.ROOT,
                    "layout: window, %s%s%s; window %d, horizon %d, stride %d: %s", plural(series, "series"),
                    idPart, timePart, window, horizon, stride, plural(examples, "window")));
            case LONG -> lines.add("layout: long, " + plural(series, "sequence") + idPart + timePart
                    + " (" + stepsRange() + ")");
            case WIDE -> lines.add("layout: wide, " + plural(series, "row") + ", each a sequence of " + steps
                    + " steps of " + inputs + (inputs == 1 ? " feature" : " features"));
        }
        String featureNote = layout == Layout.WIDE ? " (" + inputs + " per step)"
                : layout == Layout.WINDOW && features.equals(targets) ? " (the target series' own past)" : "";
        lines.add("features (" + features.size() + "): " + String.join(", ", features) + featureNote);
        String kind = classification ? "classification, " + classes.size() + " classes: " + String.join(", ",
                classes) : "regression";
        lines.add("target: " + String.join(", ", targets) + " (" + kind + ", output " + output.cliName() + ")");
        String noun = layout == Layout.WINDOW ? "windows" : layout == Layout.LONG ? "sequences" : "rows";
        String how = valFile != null ? "validation from " + valFile
                : validationExamples == 0 ? "no validation"
                : layout == Layout.WINDOW ? "validation = the last " + percent(valSplit) + " of each series' windows"
                : "validation = a seeded random " + percent(valSplit) + (classification ? ", stratified by class" : "");
        lines.add(String.format(Locale.ROOT, "split: %d training %s, %d validation %s (%s)", trainExamples, noun,
                validationExamples, noun, how));
        lines.add("normalisation: " + normalize.cliName() + (normalize == Normalization.NONE ? ""
                : ", fitted on " + plural(statsRows, "training row")) + "; missing values: " + missing.cliName());
        if (!ignoredColumns.isEmpty()) {
            lines.add("ignored columns: " + String.join(", ", ignoredColumns));
        }
        for (String w : warnings) {
            lines.add("warning: " + w);
        }
        return lines;
    }

    private String stepsRange() {
        return minSteps == maxSteps ? plural(maxSteps, "step") + " each" : minSteps + " to " + maxSteps + " steps";
    }

    private static String plural(long n, String noun) {
        return n + " " + (n == 1 || noun.endsWith("series") ? noun : noun + "s");
    }

    private static String percent(double f) {
        return CsvTable.formatNumber(Math.round(f * 1e6) / 1e4) + "%";
    }
}
