package rnn.data;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The data options of DESIGN §2, resolved and immutable. Every default is defined once, in the {@code DEFAULT_*}
 * constants, and applied by {@link #defaults(long)}; a picocli mixin can use them in its annotations as
 * {@code defaultValue = "" + DataOptions.DEFAULT_WINDOW}. Column references are header names or 0-based indexes
 * as typed on the command line; they are resolved against the file's header when it is read.
 *
 * <p>The compact constructor checks everything that does not need the file and throws a {@link DataException}
 * with exit code {@value DataException#USAGE} naming the flag.
 *
 * @param targets        {@code --target}: one or more columns; empty = the last column
 * @param features       {@code --features}: the input columns; {@code null} = every numeric column but the
 *                       target, id and time columns (window layout: when that leaves none, the target itself)
 * @param id             {@code --id}: the sequence id column, or {@code null}
 * @param time           {@code --time}: the ordering column (numeric or ISO-8601 text), or {@code null}
 * @param layout         {@code --layout}; {@code null} = {@link Layouts#byDefault}: long with {@code --id}, else
 *                       window
 * @param steps          {@code --steps} T of the wide layout, or {@code null} (required with wide, refused
 *                       otherwise)
 * @param window         {@code --window} W ≥ 1 (window layout)
 * @param horizon        {@code --horizon} H ≥ 0 (window layout): the target is H rows after the window's last row
 * @param stride         {@code --stride} S ≥ 1 (window layout): windows start every S rows
 * @param normalize      {@code --normalize}
 * @param missing        {@code --missing}
 * @param valSplit       {@code --val-split} F in [0, 1): the validation fraction; ignored when {@code valFile} is
 *                       given; 0 = no validation
 * @param valFile        {@code --val}: a validation file with the same columns, or {@code null}
 * @param delimiter      {@code --delimiter}: the field separator
 * @param output         {@code --output}: one target per sequence, or one per step
 * @param classification {@code --loss xent}: the (single) target column holds class labels
 * @param seed           {@code --seed}: drives the validation split of the long and wide layouts
 */
public record DataOptions(List<String> targets, List<String> features, String id, String time, Layout layout,
        Integer steps, int window, int horizon, int stride, Normalization normalize, MissingPolicy missing,
        double valSplit, Path valFile, char delimiter, TargetMode output, boolean classification, long seed) {

    public static final int DEFAULT_WINDOW = 20;
    public static final int DEFAULT_HORIZON = 1;
    public static final int DEFAULT_STRIDE = 1;
    public static final Normalization DEFAULT_NORMALIZE = Normalization.ZSCORE;
    public static final MissingPolicy DEFAULT_MISSING = MissingPolicy.ERROR;
    public static final double DEFAULT_VAL_SPLIT = 0.2;
    public static final char DEFAULT_DELIMITER = ',';
    public static final TargetMode DEFAULT_OUTPUT = TargetMode.LAST;

    public DataOptions {
        targets = targets == null ? List.of() : List.copyOf(targets);
        features = features == null ? null : List.copyOf(features);
        checkColumnList("--target", targets);
        if (features != null) {
            checkColumnList("--features", features);
            if (features.isEmpty()) {
                throw DataException.flag("--features", "at least one column", "none",
                        "leave --features out to use every numeric column");
            }
        }
        id = blankToNull("--id", id);
        time = blankToNull("--time", time);
        if (id != null && id.equals(time)) {
            throw DataException.flag("--time", "a column other than the --id column", DataException.quote(time), "");
        }
        requireNonNull("--normalize", normalize);
        requireNonNull("--missing", missing);
        requireNonNull("--output", output);
        if (window < 1) {
            throw DataException.flag("--window", "a positive integer", String.valueOf(window), "");
        }
        if (horizon < 0) {
            throw DataException.flag("--horizon", "an integer >= 0", String.valueOf(horizon), "");
        }
        if (stride < 1) {
            throw DataException.flag("--stride", "a positive integer", String.valueOf(stride), "");
        }
        if (!(valSplit >= 0 && valSplit < 1)) {
            throw DataException.flag("--val-split", "a fraction in [0, 1)", CsvTable.formatNumber(valSplit), "");
        }
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw DataException.flag("--delimiter", "a character other than a quote or a line break",
                    DataException.quote(String.valueOf(delimiter)), "");
        }
        if (classification && targets.size() > 1) {
            throw DataException.flag("--target", "one column of class labels with --loss xent",
                    targets.size() + " columns (" + String.join(", ", targets) + ")", "");
        }
        Layout resolved = layout != null ? layout : Layouts.byDefault(id != null);
        if (resolved.requiresId() && id == null) {
            throw DataException.flag("--layout " + resolved.cliName(), "--id COL naming the sequence id column",
                    "none", "");
        }
        if (resolved.stepsInColumns() && steps == null) {
            throw DataException.flag("--layout " + resolved.cliName(), "--steps T, the number of steps in each row",
                    "none", "");
        }
        if (steps != null && !resolved.stepsInColumns()) {
            throw DataException.flag("--steps", "--layout wide", "--layout " + resolved.cliName(),
                    "add --layout wide or leave --steps out");
        }
        if (steps != null && steps < 1) {
            throw DataException.flag("--steps", "a positive integer", String.valueOf(steps), "");
        }
    }

    /** The defaults of DESIGN §2 with the given seed. */
    public static DataOptions defaults(long seed) {
        return new DataOptions(List.of(), null, null, null, null, null, DEFAULT_WINDOW, DEFAULT_HORIZON,
                DEFAULT_STRIDE, DEFAULT_NORMALIZE, DEFAULT_MISSING, DEFAULT_VAL_SPLIT, null, DEFAULT_DELIMITER,
                DEFAULT_OUTPUT, false, seed);
    }

    /** The layout in effect: {@link #layout()}, or the default for the presence of {@code --id}. */
    public Layout resolvedLayout() {
        return layout != null ? layout : Layouts.byDefault(id != null);
    }

    public DataOptions withTargets(String... columns) {
        return new DataOptions(List.of(columns), features, id, time, layout, steps, window, horizon, stride,
                normalize, missing, valSplit, valFile, delimiter, output, classification, seed);
    }

    /** {@code null} restores the default rule. */
    public DataOptions withFeatures(String... columns) {
        return new DataOptions(targets, columns == null ? null : List.of(columns), id, time, layout, steps, window,
                horizon, stride, normalize, missing, valSplit, valFile, delimiter, output, classification, seed);
    }

    public DataOptions withId(String column) {
        return new DataOptions(targets, features, column, time, layout, steps, window, horizon, stride, normalize,
                missing, valSplit, valFile, delimiter, output, classification, seed);
    }

    public DataOptions withTime(String column) {
        return new DataOptions(targets, features, id, column, layout, steps, window, horizon, stride, normalize,
                missing, valSplit, valFile, delimiter, output, classification, seed);
    }

    /** {@code steps} only for the wide layout, else {@code null}. */
    public DataOptions withLayout(Layout newLayout, Integer newSteps) {
        return new DataOptions(targets, features, id, time, newLayout, newSteps, window, horizon, stride, normalize,
                missing, valSplit, valFile, delimiter, output, classification, seed);
    }

    public DataOptions withWindow(int w, int h, int s) {
        return new DataOptions(targets, features, id, time, layout, steps, w, h, s, normalize, missing, valSplit,
                valFile, delimiter, output, classification, seed);
    }

    public DataOptions withNormalize(Normalization n) {
        return new DataOptions(targets, features, id, time, layout, steps, window, horizon, stride, n, missing,
                valSplit, valFile, delimiter, output, classification, seed);
    }

    public DataOptions withMissing(MissingPolicy m) {
        return new DataOptions(targets, features, id, time, layout, steps, window, horizon, stride, normalize, m,
                valSplit, valFile, delimiter, output, classification, seed);
    }

    public DataOptions withValSplit(double f) {
        return new DataOptions(targets, features, id, time, layout, steps, window, horizon, stride, normalize,
                missing, f, valFile, delimiter, output, classification, seed);
    }

    public DataOptions withValFile(Path file) {
        return new DataOptions(targets, features, id, time, layout, steps, window, horizon, stride, normalize,
                missing, valSplit, file, delimiter, output, classification, seed);
    }

    public DataOptions withDelimiter(char c) {
        return new DataOptions(targets, features, id, time, layout, steps, window, horizon, stride, normalize,
                missing, valSplit, valFile, c, output, classification, seed);
    }

    public DataOptions withOutput(TargetMode mode) {
        return new DataOptions(targets, features, id, time, layout, steps, window, horizon, stride, normalize,
                missing, valSplit, valFile, delimiter, mode, classification, seed);
    }

    public DataOptions withClassification(boolean c) {
        return new DataOptions(targets, features, id, time, layout, steps, window, horizon, stride, normalize,
                missing, valSplit, valFile, delimiter, output, c, seed);
    }

    public DataOptions withSeed(long s) {
        return new DataOptions(targets, features, id, time, layout, steps, window, horizon, stride, normalize,
                missing, valSplit, valFile, delimiter, output, classification, s);
    }

    private static void checkColumnList(String flag, List<String> columns) {
        Set<String> seen = new HashSet<>();
        for (String c : columns) {
            if (c == null || c.isBlank()) {
                throw DataException.flag(flag, "column names or 0-based indexes separated by commas",
                        "an empty name", "");
            }
            if (!seen.add(c.strip())) {
                throw DataException.flag(flag, "each column once", DataException.quote(c.strip()) + " twice", "");
            }
        }
    }

    private static String blankToNull(String flag, String column) {
        if (column == null) {
            return null;
        }
        if (column.isBlank()) {
            throw DataException.flag(flag, "a column name or 0-based index", "an empty name", "");
        }
        return column.strip();
    }

    private static void requireNonNull(String flag, Object value) {
        if (value == null) {
            throw DataException.flag(flag, "a value", "none", "");
        }
    }
}
