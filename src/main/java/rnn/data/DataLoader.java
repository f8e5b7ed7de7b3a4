package rnn.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import rnn.random.Rng;

/**
 * CSV file + {@link DataOptions} → {@link LoadedData}: read the typed columns, group and order the rows into
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
        Layout layout = options.resolvedLayout();
        int steps = options.steps() == null ? 0 : options.steps();

        // 1. typed columns, series in time order, missing values filled, the examples of the layout
        CsvTable train;
        try (CsvReader reader = CsvReader.open(file, options.delimiter())) {
            ColumnPlan plan = ColumnPlan.resolve(reader.file(), reader.header(), reader.firstRow(),
                    reader.firstLine(), options);
            train = reader.read(plan, options.missing(), null);
        }
        SeriesIndex trainIndex = SeriesIndex.build(train, layout);
        trainIndex.fillForward(train, layout, steps, options.output());
        Examples all = examples(train, trainIndex, layout, options);
        if (train.labels != null && train.classes.size() < 2) {
            throw DataException.file(train.file, "at least 2 classes in the target column \""
                    + DataException.oneLine(train.header[train.plan.targets[0]]) + "\" with --loss xent",
                    train.classes.size() + " (" + String.join(", ", train.classes) + ")",
                    "check --target, or use a regression loss");
        }

        // 2. validation: a --val file, or the split of DESIGN §3
        Examples trainExamples = all;
        Examples valExamples = null;
        CsvTable val = null;
        SeriesIndex valIndex = null;
        double valSplit = 0;
        if (options.valFile() != null) {
            val = readValidationFile(options, train);
            valIndex = SeriesIndex.build(val, layout);
            valIndex.fillForward(val, layout, steps, options.output());
            valExamples = examples(val, valIndex, layout, options);
        } else if (options.valSplit() > 0) {
            valSplit = options.valSplit();
            Examples[] parts = layout == Layout.WINDOW ? all.splitLastInTime(valSplit, train.file)
                    : all.splitRandom(valSplit, new Rng(options.seed()).split(), classOfEach(train, trainIndex, all,
                            layout), train.classes.size(), train.file, layout == Layout.LONG ? "sequence" : "row");
            trainExamples = parts[0];
            valExamples = parts[1];
        }

        // 3. normalisation fitted on the rows the training examples touch, applied in place to both parts
        List<String> warnings = new ArrayList<>(train.plan.warnings);
        int[] fitRows = trainExamples.touchedRows(layout, trainIndex, options.window() + options.horizon());
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
        for (String w : warnings) {
            LOG.warn(w);
        }

        // 4. datasets and schema
        int outputs = train.labels != null ? train.classes.size()
                : layout == Layout.WIDE && options.output() == TargetMode.SEQUENCE
                        ? train.plan.targets.length / steps : train.plan.targets.length;
        Dataset trainSet = new Dataset(train, trainIndex, trainExamples, layout, options.output(),
                options.horizon(), outputs);
        Dataset valSet = valExamples == null ? null
                : new Dataset(val != null ? val : train, val != null ? valIndex : trainIndex, valExamples, layout,
                        options.output(), options.horizon(), outputs);
        List<ColumnStats> featureStats = Arrays.stream(train.plan.features).mapToObj(c -> byColumn[c]).toList();
        List<ColumnStats> targetStats = train.labels != null ? List.of()
                : Arrays.stream(train.plan.targets).mapToObj(c -> byColumn[c]).toList();
        int minSteps = Integer.MAX_VALUE;
        int maxSteps = 0;
        for (int k = 0; k < all.size(); k++) {
            minSteps = Math.min(minSteps, all.length(k));
            maxSteps = Math.max(maxSteps, all.length(k));
        }
        boolean window = layout == Layout.WINDOW;
        DataSchema schema = new DataSchema(train.file, layout, names(train, train.plan.features),
                names(train, train.plan.targets), train.plan.id < 0 ? null : train.header[train.plan.id],
                train.plan.time < 0 ? null : train.header[train.plan.time], trainSet.inputs(), outputs,
                options.output(), train.labels != null, train.labels != null ? train.classes : List.of(),
                window ? options.window() : null, window ? options.horizon() : null,
                window ? options.stride() : null, layout == Layout.WIDE ? steps : null, options.normalize(),
                options.missing(), featureStats, targetStats, fitRows.length, train.records, train.droppedRows,
                train.missingValues, layout == Layout.WIDE ? train.rows : trainIndex.count(), all.size(), minSteps,
                maxSteps, trainExamples.size(), valExamples == null ? 0 : valExamples.size(), valSplit,
                options.valFile() == null ? null : options.valFile().toString(), train.plan.ignored, warnings);
        return new LoadedData(schema, trainSet, valSet);
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
     * Loads another file for a trained model: the columns of {@code schema} by header name, its layout, window,
     * horizon, stride, steps and missing-value policy, and its normalisation statistics (nothing is fitted), so
     * that the training file itself gives exactly the inputs training saw.
     *
     * @param delimiter the field separator of {@code file}
     * @return the examples of the file, in file order
     * @throws DataException (data) for a file that is missing or malformed, lacks a column the model uses (named),
     *                       or holds no example
     */
    public static Dataset loadForModel(Path file, DataSchema schema, char delimiter, Purpose purpose) {
        boolean targets = purpose == Purpose.EVALUATE;
        Layout layout = schema.layout();
        int steps = schema.steps() == null ? 0 : schema.steps();
        int window = layout == Layout.WINDOW ? schema.window() : 0;
        int horizon = layout == Layout.WINDOW ? schema.horizon() : 0;
        CsvTable t;
        try (CsvReader reader = CsvReader.open(file, delimiter)) {
            ColumnPlan plan = ColumnPlan.forSchema(reader.file(), reader.header(), reader.firstRow(),
                    reader.firstLine(), schema, targets);
            t = reader.read(plan, schema.missing(), plan.classification ? schema.classes() : null, true);
        }
        SeriesIndex index = SeriesIndex.build(t, layout);
        index.fillForward(t, layout, steps, schema.output());
        Examples examples;
        if (layout == Layout.WINDOW) {
            int span = targets ? window + horizon : window;
            for (int s = 0; s < index.count(); s++) {
                if (index.length(s) < span) {
                    String got = index.length(s) + (t.droppedRows > 0 ? " (after dropping rows with missing values)"
                            : "");
                    String need = "at least " + span + " rows (the model's window of " + window
                            + (targets ? " + horizon " + horizon : "") + ")";
                    if (t.ids == null) {
                        throw DataException.file(t.file, need, got, "add rows");
                    }
                    int first = t.line(index.rowAt(index.start[s]));
                    throw DataException.data(t.file + ":" + first + " (series " + DataException.quote(t.idNames.get(s))
                            + "): expected " + need + ", got " + got + "; add rows to the series");
                }
            }
            examples = Examples.windows(t, index, window, targets ? horizon : 0, schema.stride());
        } else if (layout == Layout.LONG) {
            examples = Examples.sequences(index);
        } else {
            examples = Examples.rows(t, steps);
        }
        if (schema.normalize() != Normalization.NONE) {
            ColumnPlan plan = t.plan;
            boolean[] done = new boolean[t.header.length];
            for (int i = 0; i < plan.features.length; i++) {
                ColumnStats st = schema.featureStats().get(i);
                normalizeOnce(t, plan.features[i], st, done);
            }
            if (!plan.classification) {
                for (int o = 0; o < plan.targets.length; o++) {
                    normalizeOnce(t, plan.targets[o], schema.targetStats(o), done);
                }
            }
        }
        return new Dataset(t, index, examples, layout, schema.output(), horizon, schema.outputs());
    }

    private static void normalizeOnce(CsvTable t, int column, ColumnStats stats, boolean[] done) {
        if (!done[column]) {
            t.numbers[column].transform(stats.center(), stats.scale());
            done[column] = true;
        }
    }

    /** A {@code --val} file: the training file's columns by name, its classes, its numeric feature columns. */
    private static CsvTable readValidationFile(DataOptions options, CsvTable train) {
        try (CsvReader reader = CsvReader.open(options.valFile(), options.delimiter())) {
            ColumnPlan plan = train.plan.inFile(reader.file(), reader.header(), train.file, train.header);
            String[] first = reader.firstRow();
            for (int f : plan.features) {
                ColumnPlan.requireNumericFirstValue(reader.file(), reader.header(), first, reader.firstLine(), f,
                        "a number (a --features column)", "use a validation file with the same columns");
            }
            return reader.read(plan, options.missing(), train.labels != null ? train.classes : null);
        }
    }

    /** The class of each example (its last target) for a stratified split, or {@code null} for regression. */
    private static int[] classOfEach(CsvTable t, SeriesIndex index, Examples examples, Layout layout) {
        if (t.labels == null) {
            return null;
        }
        int[] classOf = new int[examples.size()];
        for (int k = 0; k < classOf.length; k++) {
            int last = layout == Layout.WIDE ? examples.start[k]
                    : index.rowAt(examples.start[k] + examples.length(k) - 1);
            classOf[k] = t.labels.get(last);
        }
        return classOf;
    }

    private static Examples examples(CsvTable t, SeriesIndex index, Layout layout, DataOptions o) {
        return switch (layout) {
            case WINDOW -> Examples.windows(t, index, o.window(), o.horizon(), o.stride());
            case LONG -> Examples.sequences(index);
            case WIDE -> Examples.rows(t, o.steps());
        };
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
        for (int i = 0; i < train.features.length; i++) {
            if (train.features[i] == c) {
                return val.features[i];
            }
        }
        for (int i = 0; i < train.targets.length; i++) {
            if (train.targets[i] == c) {
                return val.targets[i];
            }
        }
        throw new IllegalStateException(String.format(Locale.ROOT, "column %d has no role", c));
    }

    private static List<String> names(CsvTable t, int[] columns) {
        return Arrays.stream(columns).mapToObj(c -> t.header[c]).toList();
    }
}
