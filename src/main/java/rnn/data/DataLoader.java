package rnn.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import rnn.option.OptionRef;
import rnn.random.Rng;

/**
 * CSV file (or any {@link DataInput}) + {@link DataOptions} → {@link LoadedData}: read the typed columns (through
 * the layout's {@link TableSource}), group and order the rows into
 * series or sequences, fill or drop missing values, form the examples of the layout, split off the validation
 * examples, fit the normalisation on the training part and apply it in place (to a {@code --val} file too).
 *
 * <pre>{@code
 * LoadedData data = DataLoader.load(Path.of("sales.csv"), options);   // throws DataException
 * data.schema().describe().forEach(System.out::println);
 * }</pre>
 */
public final class DataLoader {

    private static final Logger LOG = LogManager.getLogger(DataLoader.class);

    private DataLoader() {
    }

    /**
     * Loads {@code file} with {@code options}.
     *
     * @throws DataException for every bad input: exit code {@value DataException#DATA} for problems in a file,
     *                       {@value DataException#USAGE} for options that do not fit it
     */
    public static LoadedData load(Path file, DataOptions options) {
        return load(DataInput.file(file), options);
    }

    /** {@link #load(Path, DataOptions)} from any input: the layout's own loading ({@link Layout#load}). */
    public static LoadedData load(DataInput input, DataOptions options) {
        return options.resolvedLayout().load(input, options);
    }

    /** A table (a CSV file) in the layouts that read one: the default {@link Layout#load}. */
    static LoadedData loadTable(DataInput input, DataOptions options) {
        Layout layout = options.resolvedLayout();
        LayoutShape shape = layout.shape(options);

        // 1. typed columns, series in time order, missing values filled, the examples of the layout
        CsvTable train;
        try (TableSource source = layout.open(input, options.delimiter())) {
            ColumnPlan plan = ColumnPlan.resolve(source.name(), source.header(), source.firstRow(),
                    source.firstLine(), options);
            train = source.read(plan, options.missing(), options.resolvedMissingTarget(), null, false);
        }
        TimeColumns.Detected time = TimeColumns.detect(train, options);
        SeriesIndex trainIndex = layout.index(train);
        layout.fillForward(train, trainIndex, shape, options.output());
        // the target transform (no fitted parameter) on every row, before the examples: differences start none
        // in the rows they leave without a value
        boolean regression = train.labels == null;
        int[] deltaInputs = deltaInputs(train.plan);
        // the seasonal-naive baseline's period (issue 12 item 3), also what the default target treatment tests
        SeasonalPeriod.Resolved season = layout.targetFollowsInputs() && train.labels == null
                ? SeasonalPeriod.resolve(options.season(), train, trainIndex) : new SeasonalPeriod.Resolved(null, null);
        TargetDefaults.Choice treatment = TargetDefaults.choose(options, train, trainIndex, deltaInputs != null,
                season.season(), shape);
        TargetTransforms transform = regression ? treatment.transform() : TargetTransforms.NONE;
        TargetForm targetMode = regression ? treatment.mode() : TargetForm.LEVEL;
        requireTargetAmongInputs(transform, targetMode, deltaInputs != null, train);
        TargetLevels levels = TargetLevels.apply(train, trainIndex, regression ? train.plan.targets() : new int[0],
                transform);
        Examples all = layout.examples(train, trainIndex, shape);
        long droppedExamples = layout.examplesLost(train, trainIndex, shape, all.size());
        if (train.labels != null && train.classes.size() < 2) {
            throw DataException.file(train.file, "at least 2 classes in the target column \""
                    + DataException.oneLine(train.header[train.plan.targets()[0]]) + "\" with {{loss}} xent",
                    train.classes.size() + " (" + String.join(", ", train.classes) + ")",
                    "check {{targets}}, or use a regression loss");
        }

        // 2. validation: a --val file, or the layout's split (DESIGN §3)
        Examples trainExamples = all;
        Examples valExamples = null;
        CsvTable val = null;
        SeriesIndex valIndex = null;
        TargetLevels valLevels = null;
        double valSplit = 0;
        if (options.valFile() != null) {
            val = readValidationFile(layout, options, train);
            valIndex = layout.index(val);
            layout.fillForward(val, valIndex, shape, options.output());
            valLevels = TargetLevels.apply(val, valIndex, regression ? val.plan.targets() : new int[0], transform);
            valExamples = layout.examples(val, valIndex, shape);
        } else if (options.valSplit() > 0) {
            valSplit = options.valSplit();
            Examples[] parts = layout.split(all, valSplit, new Rng(options.seed()).split(),
                    classOfEach(train, trainIndex, all, layout), train.classes.size(), train.file);
            trainExamples = parts[0];
            valExamples = parts[1];
        }

        // 3. normalisation fitted on the rows the training examples touch, applied in place to both parts
        List<String> warnings = new ArrayList<>(train.plan.warnings());
        if (time.warning() != null) {
            warnings.add(time.warning());
        }
        String skipped = layout.skippedNote(train, trainIndex, shape);
        if (skipped != null) {
            warnings.add(skipped);
        }
        int targetOffset = layout.targetOffset(shape);
        int[] fitRows = trainExamples.touchedRows(trainIndex, layout.stepsInColumns(), targetOffset);
        ColumnStats[] byColumn = new ColumnStats[train.header.length];
        for (int c = 0; c < train.header.length; c++) {
            if (train.numbers[c] != null) {
                byColumn[c] = fit(train, c, fitRows, options.normalize(), warnings);
                if (options.normalize() != Normalization.NONE) {
                    train.numbers[c].transform(byColumn[c].center(), byColumn[c].scale());
                    if (val != null) {
                        val.numbers[columnInVal(train.plan, val.plan, c)].transform(byColumn[c].center(),
                                byColumn[c].scale());
                    }
                }
            }
        }
        // 4. categorical columns: levels from the same rows, never normalised; a level only outside them is <unk>
        List<CategoricalColumn> categorical = CategoryCoding.fit(train, fitRows, val);
        if (train.plan.features().length == 0 && categorical.isEmpty()) {
            throw DataException.option("features", "at least one numeric or text column besides the target, id and"
                    + " time columns", "none in " + train.file + " (ignored: " + String.join(", ",
                    train.plan.ignored()) + ")", "name the feature columns with {{features}}");
        }
        String ownPast = train.plan.ownPastWarning(train.header, layout);
        if (ownPast != null) {
            warnings.add(ownPast);
        }
        CategoryCoding.encode(train, categorical);
        if (val != null) {
            CategoryCoding.encode(val, categorical);
        }
        for (String w : warnings) {
            LOG.warn(w);
        }

        // 5. datasets, the model's input contract and the load report
        int outputs = train.labels != null ? train.classes.size()
                : layout.stepsInColumns() && options.output() == TargetMode.SEQUENCE
                        ? train.plan.targets().length / shape.steps()
                        : train.plan.targets().length * shape.targetSteps(); // a path 1..H: O per step
        Dataset trainSet = new Dataset(train, trainIndex, trainExamples, layout, options.output(), shape, outputs);
        Dataset valSet = valExamples == null ? null
                : new Dataset(val != null ? val : train, val != null ? valIndex : trainIndex, valExamples, layout,
                        options.output(), shape, outputs);
        int[] subtracted = targetMode == TargetForm.DELTA ? deltaInputs : null;
        trainSet.readTarget(levels, subtracted);
        if (valSet != null) {
            valSet.readTarget(val != null ? valLevels : levels, subtracted);
        }
        List<ColumnStats> featureStats = Arrays.stream(train.plan.features()).mapToObj(c -> byColumn[c]).toList();
        List<ColumnStats> targetStats = train.labels != null ? List.of()
                : Arrays.stream(train.plan.targets()).mapToObj(c -> byColumn[c]).toList();
        // the seasonal period and the exact split, recorded for eval (issue 12 items 3 and 4)
        SplitCounts split = new SplitCounts(trainExamples.size(), valExamples == null ? 0 : valExamples.size(),
                valSplit, options.valFile() == null ? null : options.valFile().toString(),
                all.runs(val == null ? valExamples : null), train.labels == null ? null : trainSet.classCounts());
        InputContract contract = new InputContract(layout, shape.withSeason(season.season()), new ColumnRoles(names(train, train.plan.features()),
                names(train, train.plan.targets()), train.plan.id() < 0 ? null : train.header[train.plan.id()],
                train.plan.time() < 0 ? null : train.header[train.plan.time()]), trainSet.inputs() - categorical.size(),
                outputs,
                options.output(), train.labels != null ? train.classes : List.of(),
                new Scaling(options.normalize(), featureStats, targetStats), options.missing(), categorical,
                options.resolvedMissingTarget(), transform, targetMode);
        LoadReport report = new LoadReport(train.file, train.records, train.droppedRows, train.missingValues,
                fitRows.length, counts(all, layout.stepsInColumns() ? train.rows : trainIndex.count()), split,
                train.plan.ignored(), warnings, droppedExamples, notes(time.note(), treatment.note()),
                season.note());
        return new LoadedData(new DataSchema(contract, report), trainSet, valSet);
    }

    /** The lines of "what was understood" that are not {@code null}. */
    private static List<String> notes(String... lines) {
        return Arrays.stream(lines).filter(java.util.Objects::nonNull).toList();
    }

    /**
     * Each target's index among the inputs (the numeric features), or {@code null} when a target is not one of
     * them (or the target holds class labels).
     */
    private static int[] deltaInputs(ColumnPlan plan) {
        if (plan.classification() || plan.targets().length == 0) {
            return null;
        }
        int[] in = new int[plan.targets().length];
        for (int o = 0; o < in.length; o++) {
            in[o] = -1;
            for (int i = 0; i < plan.features().length; i++) {
                if (plan.features()[i] == plan.targets()[o]) {
                    in[o] = i;
                }
            }
            if (in[o] < 0) {
                return null;
            }
        }
        return in;
    }

    /**
     * A difference and delta read the target's own level on the row a prediction is made from: every target must be
     * an input (usage error otherwise).
     */
    private static void requireTargetAmongInputs(TargetTransforms transform, TargetForm mode, boolean targetIsInput,
            CsvTable t) {
        if (targetIsInput || (mode != TargetForm.DELTA && !transform.differences())) {
            return;
        }
        String field = mode == TargetForm.DELTA ? "target_mode" : "transform";
        String got = mode == TargetForm.DELTA ? "delta" : DataException.quote(transform.toString());
        String targets = Arrays.stream(t.plan.targets()).mapToObj(c -> DataException.quote(t.header[c]))
                .collect(java.util.stream.Collectors.joining(", "));
        throw DataException.option(field, (mode == TargetForm.DELTA ? "level" : "no difference") + " when the "
                + "target " + targets + " is not among the inputs (" + (mode == TargetForm.DELTA ? "delta adds back"
                : "a difference is inverted from") + " the target's value on the window's last row, which the model"
                + " must read)", got, "add the target to {{features}}, or leave " + OptionRef.of(field) + " out");
    }

    private static ExampleCounts counts(Examples all, int series) {
        int minSteps = Integer.MAX_VALUE;
        int maxSteps = 0;
        for (int k = 0; k < all.size(); k++) {
            minSteps = Math.min(minSteps, all.length(k));
            maxSteps = Math.max(maxSteps, all.length(k));
        }
        return new ExampleCounts(series, all.size(), minSteps, maxSteps);
    }

    /** What a file read with a trained model's schema is for. */
    public enum Purpose {
        /**
         * {@code rnn predict}: target values are not read (unless a target is also an input), and in the window
         * layout every window whose W input rows are in the file is an example, including the last H of each
         * series, whose target rows lie beyond the end of the file (forecasts: {@link Dataset#line} is −1 there).
         */
        PREDICT,
        /**
         * {@code rnn eval}: the targets are read and every example has its target in the file, as in training; a
         * class label training never saw gets an index ≥ the schema's classes (see {@link Dataset#className}).
         */
        EVALUATE
    }

    /**
     * Loads another file for a trained model: the columns of {@code contract} by header name, its layout and
     * layout parameters and missing-value policy, and its normalisation statistics (nothing is fitted), so that
     * the training file itself gives exactly the inputs training saw.
     *
     * @param delimiter the field separator of {@code input}
     * @return the examples of the input, in file order
     * @throws DataException (data) for an input that is missing or malformed, lacks a column the model uses
     *                       (named), or holds no example
     */
    public static Dataset loadForModel(DataInput input, InputContract contract, char delimiter, Purpose purpose) {
        return contract.layout().loadForModel(input, contract, delimiter, purpose);
    }

    /** A table read for a trained model: the default {@link Layout#loadForModel}. */
    static Dataset loadTableForModel(DataInput input, InputContract contract, char delimiter, Purpose purpose) {
        boolean targets = purpose == Purpose.EVALUATE;
        Layout layout = contract.layout();
        LayoutShape shape = contract.shape();
        CsvTable t;
        try (TableSource source = layout.open(input, delimiter)) {
            ColumnPlan plan = ColumnPlan.forContract(source.name(), source.header(), source.firstRow(),
                    source.firstLine(), contract, targets);
            // eval never scores a value it filled in: a missing target drops its row there, unless the model says error
            MissingTargetPolicy missingTarget = contract.missingTarget() == MissingTargetPolicy.INTERPOLATE
                    ? MissingTargetPolicy.DROP : contract.missingTarget();
            t = source.read(plan, contract.missing(), missingTarget,
                    plan.classification() ? contract.classes() : null, true);
        }
        SeriesIndex index = layout.index(t);
        layout.fillForward(t, index, shape, contract.output());
        TargetLevels levels = TargetLevels.apply(t, index, targetColumns(t.plan, contract, targets),
                contract.transform());
        Examples examples = layout.examplesForModel(t, index, shape, targets);
        String unseen = CategoryCoding.unseenWarning(t.file, contract.categorical(),
                CategoryCoding.encode(t, contract.categorical()));
        if (unseen != null) {
            LOG.warn(unseen);
        }
        if (contract.normalize() != Normalization.NONE) {
            ColumnPlan plan = t.plan;
            boolean[] done = new boolean[t.header.length];
            for (int i = 0; i < plan.features().length; i++) {
                ColumnStats st = contract.scaling().featureStats().get(i);
                normalizeOnce(t, plan.features()[i], st, done);
            }
            if (!plan.classification()) {
                for (int o = 0; o < plan.targets().length; o++) {
                    normalizeOnce(t, plan.targets()[o], contract.targetStats(o), done);
                }
            }
        }
        Dataset data = new Dataset(t, index, examples, layout, contract.output(), shape, contract.outputs());
        data.readTarget(levels, contract.targetMode() == TargetForm.DELTA ? contract.targets().stream()
                .mapToInt(n -> contract.features().indexOf(n)).toArray() : null);
        return data;
    }

    /**
     * The column of each regression target in a table read for a model: the target column when the targets are
     * read, else the feature column of the same name (a target that is an input), else −1.
     */
    private static int[] targetColumns(ColumnPlan plan, InputContract contract, boolean targetsRead) {
        if (contract.classification()) {
            return new int[0];
        }
        int[] columns = new int[contract.targets().size()];
        for (int o = 0; o < columns.length; o++) {
            int f = contract.features().indexOf(contract.targets().get(o));
            columns[o] = targetsRead ? plan.targets()[o] : f >= 0 ? plan.features()[f] : -1;
        }
        return columns;
    }

    /** {@link #loadForModel(DataInput, InputContract, char, Purpose)} of a file. */
    public static Dataset loadForModel(Path file, InputContract contract, char delimiter, Purpose purpose) {
        return loadForModel(DataInput.file(file), contract, delimiter, purpose);
    }

    private static void normalizeOnce(CsvTable t, int column, ColumnStats stats, boolean[] done) {
        if (!done[column]) {
            t.numbers[column].transform(stats.center(), stats.scale());
            done[column] = true;
        }
    }

    /** A {@code --val} file: the training file's columns by name, its classes, its numeric feature columns. */
    private static CsvTable readValidationFile(Layout layout, DataOptions options, CsvTable train) {
        try (TableSource source = layout.open(DataInput.file(options.valFile()), options.delimiter())) {
            ColumnPlan plan = train.plan.inFile(source.name(), source.header(), train.file, train.header);
            String[] first = source.firstRow();
            for (int f : plan.features()) {
                ColumnPlan.requireNumericFirstValue(source.name(), source.header(), first, source.firstLine(), f,
                        "a number (a {{features}} column)", "use a validation file with the same columns");
            }
            return source.read(plan, options.missing(), options.resolvedMissingTarget(),
                    train.labels != null ? train.classes : null, false);
        }
    }

    /** The class of each example (its last target) for a stratified split, or {@code null} for regression. */
    private static int[] classOfEach(CsvTable t, SeriesIndex index, Examples examples, Layout layout) {
        if (t.labels == null) {
            return null;
        }
        int[] classOf = new int[examples.size()];
        for (int k = 0; k < classOf.length; k++) {
            classOf[k] = t.labels.get(examples.lastRow(k, index, layout.stepsInColumns()));
        }
        return classOf;
    }

    /**
     * Fits one column on the given rows (mean and population σ by two passes, in double precision). A constant
     * column gets scale 1 and a warning naming it.
     */
    private static ColumnStats fit(CsvTable t, int c, int[] rows, Normalization kind, List<String> warnings) {
        FloatColumn col = t.numbers[c];
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int r : rows) {
            double v = col.get(r);
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / rows.length;
        double squares = 0;
        for (int r : rows) {
            double d = col.get(r) - mean;
            squares += d * d;
        }
        double std = Math.sqrt(squares / rows.length);
        String name = t.header[c];
        boolean constant = min == max;
        if (constant && kind != Normalization.NONE) {
            warnings.add("column \"" + DataException.oneLine(name) + "\" is constant (" + CsvTable.formatNumber(min)
                    + ") in the " + rows.length + " training rows: it is centred, not scaled");
        }
        double center = switch (kind) {
            case ZSCORE -> mean;
            case MINMAX -> min;
            case NONE -> 0;
        };
        double scale = switch (kind) {
            case ZSCORE -> constant || std == 0 ? 1 : std;
            case MINMAX -> constant ? 1 : max - min;
            case NONE -> 1;
        };
        return new ColumnStats(name, center, scale, mean, std, min, max, rows.length);
    }

    private static int columnInVal(ColumnPlan train, ColumnPlan val, int c) {
        for (int i = 0; i < train.features().length; i++) {
            if (train.features()[i] == c) {
                return val.features()[i];
            }
        }
        for (int i = 0; i < train.targets().length; i++) {
            if (train.targets()[i] == c) {
                return val.targets()[i];
            }
        }
        throw new IllegalStateException(String.format(Locale.ROOT, "column %d has no role", c));
    }

    private static List<String> names(CsvTable t, int[] columns) {
        return Arrays.stream(columns).mapToObj(c -> t.header[c]).toList();
    }
}
