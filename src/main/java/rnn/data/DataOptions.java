package rnn.data;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import rnn.option.OptionRef;

/**
 * The data options of DESIGN §2, resolved and immutable. Every default is defined once, in the {@code DEFAULT_*}
 * constants, and applied by {@link #defaults(long)}; a picocli mixin can use them in its annotations as
 * {@code defaultValue = "" + DataOptions.DEFAULT_WINDOW}. Column references are header names or 0-based indexes
 * as typed on the command line; they are resolved against the file's header when it is read.
 *
 * <p>The compact constructor checks everything that does not need the file and throws a {@link DataException}
 * with exit code {@value DataException#USAGE} naming the field as {@code config.json}'s {@code data} object does
 * ({@code {{window}}: expected a positive integer, got 0}, an {@link OptionRef}); the command line spells it
 * as its flag. Build one with
 * {@link #builder} (named values, checked once in {@link Builder#build}) or change one with a {@code withX}.
 *
 * @param targets        one or more columns; empty = the last column
 * @param features       the input columns; {@code null} = every numeric column but the
 *                       target, id and time columns (window layout: when that leaves none, the target itself),
 *                       and every column whose first value is text as a categorical input
 * @param categorical    columns read as categories (embedded), empty = none besides those the rule above or a
 *                       text column in {@code features} makes categorical; a column listed here and not in an
 *                       explicit {@code features} is an input too
 * @param id             the sequence id column, or {@code null}
 * @param time           the ordering column (numeric or ISO-8601 text), or {@code null}
 * @param layout         {@code null} = {@link Layouts#byDefault}: long with an id column, else
 *                       window
 * @param steps          T, the steps per row of the wide layout, or {@code null} (required with wide, refused
 *                       otherwise)
 * @param window         W ≥ 1 (window layout)
 * @param horizon        H ≥ 0 (window layout): the target is H rows after the window's last row
 * @param stride         S ≥ 1 (window layout): windows start every S rows
 * @param normalize      the scaling of features and targets
 * @param missing        what a missing value does
 * @param valSplit       F in [0, 1): the validation fraction; ignored when {@code valFile} is
 *                       given; 0 = no validation
 * @param valFile        a validation file with the same columns, or {@code null}
 * @param delimiter      the field separator
 * @param output         one target per sequence, or one per step
 * @param classification the (single) target column holds class labels
 * @param seed           drives the validation split of the long and wide layouts
 * @param text           the token kind and vocabulary limits of the text layout ({@code null} = the defaults)
 * @param missingTarget  what a missing value in a target column does, or {@code null} for the default that
 *                       {@link MissingTargetPolicy#byDefault} derives from {@code missing} (see
 *                       {@link #resolvedMissingTarget()})
 * @param horizonFrom    1 for the path 1..H ({@code horizon} = H ≥ 1: one model forecasting every step from 1 to H;
 *                       window layout, {@code --output last}, regression only), or {@code null} for the one step H
 *                       (see {@link Horizon})
 * @param season         M ≥ 2: the rows in one seasonal cycle, for the seasonal-naive baseline (window layout), or
 *                       {@code null} to take it from the time column's step ({@link TimeStep#seasonalPeriod()})
 * @param transform      the target transform, or {@code null} for {@link #DEFAULT_TRANSFORM}
 * @param targetMode     what a regression model outputs, or {@code null} for the default: {@link #DEFAULT_TARGET_MODE}
 *                       where the layout allows it (the window layout with every target among the inputs), else
 *                       level (see {@link #resolvedTargetMode})
 */
public record DataOptions(List<String> targets, List<String> features, List<String> categorical, String id, String time, Layout layout,
        Integer steps, int window, int horizon, int stride, Normalization normalize, MissingPolicy missing,
        double valSplit, Path valFile, char delimiter, TargetMode output, boolean classification, long seed,
        TextOptions text, MissingTargetPolicy missingTarget, Integer horizonFrom, Integer season,
        TargetTransforms transform, TargetForm targetMode) {

    public static final int DEFAULT_WINDOW = 20;
    public static final int DEFAULT_HORIZON = 1;
    public static final int DEFAULT_STRIDE = 1;
    public static final Normalization DEFAULT_NORMALIZE = Normalization.ZSCORE;
    public static final MissingPolicy DEFAULT_MISSING = MissingPolicy.ERROR;
    public static final double DEFAULT_VAL_SPLIT = 0.2;
    public static final char DEFAULT_DELIMITER = ',';
    public static final TargetMode DEFAULT_OUTPUT = TargetMode.LAST;
    /** The target transform without {@code --transform}. */
    public static final TargetTransforms DEFAULT_TRANSFORM = TargetTransforms.NONE;
    /**
     * The target mode without {@code --target-mode}, where the layout allows it (else level): a model that outputs
     * 0 is then the naive last-value forecast, and the defaults beat that forecast (README, "Target transforms").
     */
    public static final TargetForm DEFAULT_TARGET_MODE = TargetForm.DELTA;

    /** Options without categorical columns and text options (the defaults). */
    public DataOptions(List<String> targets, List<String> features, String id, String time, Layout layout,
            Integer steps, int window, int horizon, int stride, Normalization normalize, MissingPolicy missing,
            double valSplit, Path valFile, char delimiter, TargetMode output, boolean classification, long seed) {
        this(targets, features, List.of(), id, time, layout, steps, window, horizon, stride, normalize, missing,
                valSplit, valFile, delimiter, output, classification, seed, TextOptions.DEFAULTS, null, null, null, null, null);
    }

    public DataOptions {
        text = text == null ? TextOptions.DEFAULTS : text;
        targets = targets == null ? List.of() : List.copyOf(targets);
        features = features == null ? null : List.copyOf(features);
        categorical = categorical == null ? List.of() : List.copyOf(categorical);
        checkColumnList("targets", targets);
        checkColumnList("categorical", categorical);
        if (features != null) {
            checkColumnList("features", features);
            if (features.isEmpty()) {
                throw invalid("features", "at least one column (or none given: every numeric column)", "none");
            }
        }
        id = blankToNull("id", id);
        time = blankToNull("time", time);
        if (id != null && id.equals(time)) {
            throw invalid("time", "a column other than the id column", DataException.quote(time));
        }
        requireNonNull("normalize", normalize);
        requireNonNull("missing", missing);
        requireNonNull("output", output);
        if (window < 1) {
            throw invalid("window", "a positive integer", String.valueOf(window));
        }
        if (horizon < 0) {
            throw invalid("horizon", "an integer >= 0", String.valueOf(horizon));
        }
        if (horizonFrom != null) {
            checkPath(horizonFrom, horizon, layout != null ? layout : Layouts.byDefault(id != null), output,
                    classification);
        }
        if (stride < 1) {
            throw invalid("stride", "a positive integer", String.valueOf(stride));
        }
        if (!(valSplit >= 0 && valSplit < 1)) {
            throw invalid("val_split", "a fraction in [0, 1)", CsvTable.formatNumber(valSplit));
        }
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw invalid("delimiter", "a character other than a quote or a line break",
                    DataException.quote(String.valueOf(delimiter)));
        }
        if (classification && targets.size() > 1) {
            throw invalid("targets", "one column of class labels with a classification loss",
                    targets.size() + " columns (" + String.join(", ", targets) + ")");
        }
        Layout resolved = layout != null ? layout : Layouts.byDefault(id != null);
        if (resolved.requiresId() && id == null) {
            throw invalid("id", "the sequence id column with the long layout", "none");
        }
        if (resolved.stepsInColumns() && steps == null) {
            throw invalid("steps", "the number of steps in each row with the wide layout", "none");
        }
        if (steps != null && !resolved.stepsInColumns()) {
            throw invalid("steps", "none outside the wide layout", steps + " with the " + resolved.cliName()
                    + " layout");
        }
        if (steps != null && steps < 1) {
            throw invalid("steps", "a positive integer", String.valueOf(steps));
        }
        if (season != null && season < 2) {
            throw invalid("season", "a whole number >= 2 (the rows in one seasonal cycle)", String.valueOf(season));
        }
        if (season != null && (!resolved.targetFollowsInputs() || resolved.readsText())) {
            throw invalid("season", "none outside the window layout (it sets the seasonal-naive baseline)",
                    season + " with the " + resolved.cliName() + " layout");
        }
        if (missingTarget == MissingTargetPolicy.INTERPOLATE) {
            if (classification) {
                throw invalid("missing_target", "error or drop for class labels (a label cannot be interpolated)",
                        "interpolate");
            }
            if (resolved.stepsInColumns() || resolved.readsText()) {
                throw invalid("missing_target", "error or drop with the " + resolved.cliName() + " layout"
                        + " (interpolation needs rows in time order: the window or long layout)", "interpolate");
            }
        }
        // a path 1..H is inverted step by step from the window's last row: its first step is 1 row ahead
        checkTargetTransform(transform, targetMode, classification, resolved, horizonFrom != null ? 1 : horizon);
    }

    /** The explicit transform and mode fit the loss, the layout and the horizon (the defaults always do). */
    private static void checkTargetTransform(TargetTransforms transform, TargetForm mode, boolean classification,
            Layout layout, int horizon) {
        boolean windows = layout.targetFollowsInputs() && !layout.stepsInColumns() && !layout.readsText();
        if (transform != null && !transform.isNone()) {
            String got = DataException.quote(transform.toString());
            if (classification) {
                throw invalid("transform", "none with a classification loss (the target holds class labels)", got);
            }
            if (transform.differences() && !windows) {
                throw invalid("transform", "log, log1p or none with the " + layout.cliName() + " layout (a difference"
                        + " needs a series' rows in time order: the window layout)", got);
            }
            if (horizon > transform.maxSingleStepHorizon()) {
                int lag = transform.maxSingleStepHorizon();
                throw DataException.usage(OptionRef.of("transform") + ": expected no difference of lag below "
                        + OptionRef.of("horizon") + " " + horizon + " (a single step " + horizon + " rows ahead is "
                        + "inverted from the level " + lag + (lag == 1 ? " row" : " rows") + " before it, which is "
                        + "not known), got " + got + "; use " + OptionRef.of("horizon") + " 1.." + horizon
                        + " (the whole path), or " + OptionRef.of("target_mode") + " delta without the difference");
            }
        }
        if (mode == TargetForm.DELTA) {
            if (classification) {
                throw invalid("target_mode", "level with a classification loss (the target holds class labels)",
                        "delta");
            }
            if (!windows) {
                throw invalid("target_mode", "level with the " + layout.cliName() + " layout (delta needs the "
                        + "target's value on the row the prediction is made from: the window layout)", "delta");
            }
        }
    }

    /** The transform in effect: {@link #transform()}, or {@link #DEFAULT_TRANSFORM}. */
    public TargetTransforms resolvedTransform() {
        return transform != null ? transform : classification ? TargetTransforms.NONE : DEFAULT_TRANSFORM;
    }

    /**
     * The target mode in effect: {@link #targetMode()}, or by default {@link #DEFAULT_TARGET_MODE} where the model
     * can read the target's value on the row it predicts from (a regression in the window layout with every target
     * among the inputs, {@code targetIsInput}), else level.
     */
    public TargetForm resolvedTargetMode(boolean targetIsInput) {
        if (targetMode != null) {
            return targetMode;
        }
        Layout layout = resolvedLayout();
        boolean possible = !classification && targetIsInput && layout.targetFollowsInputs()
                && !layout.stepsInColumns() && !layout.readsText();
        return possible ? DEFAULT_TARGET_MODE : TargetForm.LEVEL;
    }

    /**
     * A path 1..H: from 1, H ≥ 1, only where every window has its H rows ahead and one target row per step (the
     * window layout with {@code --output last}), for numeric targets (a softmax per step is not built).
     */
    private static void checkPath(int from, int horizon, Layout layout, TargetMode output, boolean classification) {
        String path = new Horizon(from, horizon).toString();
        if (from != 1 || horizon < 1) {
            throw invalid("horizon", Horizon.EXPECTED, DataException.quote(path));
        }
        if (!layout.targetFollowsInputs() || layout.readsText()) {
            throw DataException.usage(OptionRef.of("horizon") + ": expected one step H with the " + layout.cliName()
                    + " layout, got the path " + path + "; a path of steps is for the window layout (rows of a "
                    + "series in time order)");
        }
        if (output != TargetMode.LAST) {
            throw DataException.usage(OptionRef.of("horizon") + ": expected one step H with {{output}} sequence, "
                    + "got the path " + path + "; use {{output}} last for a path of steps");
        }
        if (classification) {
            throw DataException.usage(OptionRef.of("horizon") + ": expected one step H with a classification loss, "
                    + "got the path " + path + "; use {{loss}} mse, mae or huber for a path of steps");
        }
    }

    /** What a missing target does: {@link #missingTarget()}, or the default for {@link #missing()}. */
    public MissingTargetPolicy resolvedMissingTarget() {
        return missingTarget != null ? missingTarget : MissingTargetPolicy.byDefault(missing);
    }

    /** The defaults of DESIGN §2 with the given seed. */
    public static DataOptions defaults(long seed) {
        return builder(seed).build();
    }

    /** A builder holding the defaults of DESIGN §2 with the given seed. */
    public static Builder builder(long seed) {
        return new Builder().seed(seed);
    }

    /** A builder holding this record's values. */
    public Builder toBuilder() {
        return new Builder().targets(targets).features(features).categorical(categorical).id(id).time(time).layout(layout).steps(steps)
                .window(window).horizon(horizon).stride(stride).normalize(normalize).missing(missing)
                .valSplit(valSplit).valFile(valFile).delimiter(delimiter).output(output)
                .classification(classification).seed(seed).text(text).missingTarget(missingTarget)
                .horizonFrom(horizonFrom).season(season).transform(transform).targetMode(targetMode);
    }

    /** The layout in effect: {@link #layout()}, or the default for the presence of an id column. */
    public Layout resolvedLayout() {
        return layout != null ? layout : Layouts.byDefault(id != null);
    }

    public DataOptions withTargets(String... columns) {
        return toBuilder().targets(List.of(columns)).build();
    }

    /** {@code null} restores the default rule. */
    public DataOptions withFeatures(String... columns) {
        return toBuilder().features(columns == null ? null : List.of(columns)).build();
    }

    public DataOptions withId(String column) {
        return toBuilder().id(column).build();
    }

    public DataOptions withTime(String column) {
        return toBuilder().time(column).build();
    }

    /** {@code steps} only for the wide layout, else {@code null}. */
    public DataOptions withLayout(Layout newLayout, Integer newSteps) {
        return toBuilder().layout(newLayout).steps(newSteps).build();
    }

    /** Window W, the one step H, stride S. */
    public DataOptions withWindow(int w, int h, int s) {
        return toBuilder().window(w).horizon(h).horizonFrom(null).stride(s).build();
    }

    public DataOptions withNormalize(Normalization n) {
        return toBuilder().normalize(n).build();
    }

    public DataOptions withMissing(MissingPolicy m) {
        return toBuilder().missing(m).build();
    }

    /** {@code null} restores the default (see {@link #resolvedMissingTarget()}). */
    public DataOptions withMissingTarget(MissingTargetPolicy m) {
        return toBuilder().missingTarget(m).build();
    }

    public DataOptions withValSplit(double f) {
        return toBuilder().valSplit(f).build();
    }

    public DataOptions withValFile(Path file) {
        return toBuilder().valFile(file).build();
    }

    public DataOptions withDelimiter(char c) {
        return toBuilder().delimiter(c).build();
    }

    public DataOptions withOutput(TargetMode mode) {
        return toBuilder().output(mode).build();
    }

    public DataOptions withClassification(boolean c) {
        return toBuilder().classification(c).build();
    }

    /** {@code null}s restore the defaults. */
    public DataOptions withTarget(TargetTransforms t, TargetForm mode) {
        return toBuilder().transform(t).targetMode(mode).build();
    }

    public DataOptions withSeed(long s) {
        return toBuilder().seed(s).build();
    }

    /**
     * The data options by name: starts from the defaults; {@link #build()} checks them all at once (so the order
     * of the calls does not matter).
     */
    public static final class Builder {
        private List<String> targets = List.of();
        private List<String> features;
        private List<String> categorical = List.of();
        private String id;
        private String time;
        private Layout layout;
        private Integer steps;
        private int window = DEFAULT_WINDOW;
        private int horizon = DEFAULT_HORIZON;
        private int stride = DEFAULT_STRIDE;
        private Normalization normalize = DEFAULT_NORMALIZE;
        private MissingPolicy missing = DEFAULT_MISSING;
        private double valSplit = DEFAULT_VAL_SPLIT;
        private Path valFile;
        private char delimiter = DEFAULT_DELIMITER;
        private TargetMode output = DEFAULT_OUTPUT;
        private boolean classification;
        private long seed;
        private TextOptions text = TextOptions.DEFAULTS;
        private MissingTargetPolicy missingTarget;
        private Integer season;
        private Integer horizonFrom;
        private TargetTransforms transform;
        private TargetForm targetMode;

        private Builder() {
        }

        public DataOptions build() {
            return new DataOptions(targets, features, categorical, id, time, layout, steps, window, horizon, stride,
                    normalize, missing, valSplit, valFile, delimiter, output, classification, seed, text, missingTarget,
                    horizonFrom, season, transform, targetMode);
        }

        /** {@code null} = {@link DataOptions#DEFAULT_TRANSFORM}. */
        public Builder transform(TargetTransforms v) {
            transform = v;
            return this;
        }

        /** {@code null} = the default where possible (see {@link DataOptions#resolvedTargetMode}). */
        public Builder targetMode(TargetForm v) {
            targetMode = v;
            return this;
        }

        /** The text layout's options ({@code null} = the defaults). */
        public Builder text(TextOptions v) {
            text = v;
            return this;
        }

        /** Empty = the last column. */
        public Builder targets(List<String> v) {
            targets = v;
            return this;
        }

        /** {@code null} = the default rule. */
        public Builder features(List<String> v) {
            features = v;
            return this;
        }

        /** Columns read as categories; empty = only the automatic ones. */
        public Builder categorical(List<String> v) {
            categorical = v;
            return this;
        }

        public Builder id(String v) {
            id = v;
            return this;
        }

        public Builder time(String v) {
            time = v;
            return this;
        }

        /** {@code null} = long with an id, else window. */
        public Builder layout(Layout v) {
            layout = v;
            return this;
        }

        public Builder steps(Integer v) {
            steps = v;
            return this;
        }

        public Builder window(int v) {
            window = v;
            return this;
        }

        public Builder horizon(int v) {
            horizon = v;
            return this;
        }

        /** 1 for the path 1..{@link #horizon}, {@code null} (the default) for that one step. */
        public Builder horizonFrom(Integer v) {
            horizonFrom = v;
            return this;
        }

        /** {@link #horizon} and {@link #horizonFrom} from a {@link Horizon}. */
        public Builder horizon(Horizon v) {
            horizon = v.to();
            horizonFrom = v.from();
            return this;
        }

        public Builder stride(int v) {
            stride = v;
            return this;
        }

        public Builder normalize(Normalization v) {
            normalize = v;
            return this;
        }

        public Builder missing(MissingPolicy v) {
            missing = v;
            return this;
        }

        /** {@code null} = the default for {@link #missing}. */
        /** M ≥ 2, or {@code null} = from the time column's step. */
        public Builder season(Integer v) {
            season = v;
            return this;
        }

        public Builder missingTarget(MissingTargetPolicy v) {
            missingTarget = v;
            return this;
        }

        public Builder valSplit(double v) {
            valSplit = v;
            return this;
        }

        public Builder valFile(Path v) {
            valFile = v;
            return this;
        }

        public Builder delimiter(char v) {
            delimiter = v;
            return this;
        }

        public Builder output(TargetMode v) {
            output = v;
            return this;
        }

        public Builder classification(boolean v) {
            classification = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }
    }

    private static void checkColumnList(String field, List<String> columns) {
        Set<String> seen = new HashSet<>();
        for (String c : columns) {
            if (c == null || c.isBlank()) {
                throw invalid(field, "column names or 0-based indexes", "an empty name");
            }
            if (!seen.add(c.strip())) {
                throw invalid(field, "each column once", DataException.quote(c.strip()) + " twice");
            }
        }
    }

    private static String blankToNull(String field, String column) {
        if (column == null) {
            return null;
        }
        if (column.isBlank()) {
            throw invalid(field, "a column name or 0-based index", "an empty name");
        }
        return column.strip();
    }

    private static void requireNonNull(String field, Object value) {
        if (value == null) {
            throw invalid(field, "a value", "none");
        }
    }

    /** "field: expected X, got Y", the field named as in {@code config.json}'s data object (exit code 2). */
    private static DataException invalid(String field, String expected, String got) {
        return DataException.usage(OptionRef.of(field) + ": expected " + expected + ", got " + got);
    }
}
