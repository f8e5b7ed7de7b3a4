package rnn.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import rnn.option.OptionRef;

/**
 * The role of every column (DESIGN §2), resolved from the options against a file's header and first data row.
 * Columns are header indexes. A reference is first matched against the header names (exactly), then read as a
 * 0-based index, so a column named "3" is found by its name.
 *
 * @param features       the numeric feature columns
 * @param categorical    the categorical input columns, in header order (read as text, embedded by the model)
 * @param automatic      those of them no option named (text columns found by the default rule): the loader leaves
 *                       out one whose training rows show it is no category ({@link #retainCategorical})
 * @param targets        the target columns
 * @param id             the id column, or −1
 * @param time           the time column, or −1
 * @param classification the target holds class labels
 * @param ignored        columns that play no role, with the reason ("name (text)")
 * @param warnings       warnings about the roles (a target among the features, ...)
 * @param actuals        read for prediction: the target columns of a regression model, in target order, when the
 *                       file has them all (else none), read as they stand beside the model's columns (a value that
 *                       is not a number is simply unknown) for {@code rnn predict}'s {@code actual_<target>}
 */
record ColumnPlan(int[] features, int[] categorical, int[] automatic, int[] targets, int id, int time, boolean classification, List<String> ignored,
                  List<String> warnings, int[] actuals) {

    /** A plan that reads no actual values beside its columns (every plan but one read for prediction). */
    ColumnPlan(int[] features, int[] categorical, int[] automatic, int[] targets, int id, int time,
               boolean classification, List<String> ignored, List<String> warnings) {
        this(features, categorical, automatic, targets, id, time, classification, ignored, warnings, new int[0]);
    }

    /** How many header names a message lists before it abbreviates. */
    private static final int LISTED_COLUMNS = 12;

    /**
     * Resolves the options against a header.
     *
     * @param firstRow  the first data row (decides which columns are numeric)
     * @param firstLine its physical line
     */
    static ColumnPlan resolve(String file, String[] header, String[] firstRow, long firstLine, DataOptions o) {
        int n = header.length;
        Layout layout = o.resolvedLayout();
        Map<String, Integer> byName = byName(header);
        int id = o.id() == null ? -1 : find("id", o.id(), byName, header, file);
        int time = o.time() == null ? -1 : find("time", o.time(), byName, header, file);

        int[] targets;
        if (o.targets().isEmpty()) {
            int last = n - 1;
            if (last == id || last == time) {
                throw DataException.option("targets", "a target column", "the default, the last column \""
                        + DataException.oneLine(header[last]) + "\", which is the "
                        + (last == id ? "{{id}}" : "{{time}}") + " column", "name the target with {{targets}}");
            }
            targets = new int[] {last};
        } else {
            targets = o.targets().stream().mapToInt(r -> find("targets", r, byName, header, file)).toArray();
            for (int t : targets) {
                if (t == id || t == time) {
                    throw DataException.option("targets", "a column other than the " + (t == id ? "{{id}}" : "{{time}}")
                            + " column", DataException.quote(header[t]), "");
                }
            }
        }
        requireDistinct("targets", targets, header);
        if (!o.classification()) {
            for (int t : targets) {
                requireNumericFirstValue(file, header, firstRow, firstLine, t, "a number (a regression target)",
                        "name a numeric {{targets}}, or use {{loss}} xent for class labels");
            }
        }

        List<String> ignored = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean[] categorical = categoricalOption(file, header, byName, o, targets, id, time);
        List<Integer> automatic = new ArrayList<>();
        int[] features;
        if (o.features() != null) {
            features = o.features().stream().mapToInt(r -> find("features", r, byName, header, file)).toArray();
            requireDistinct("features", features, header);
            for (int f : features) {
                if (f == id || f == time) {
                    throw DataException.option("features", "columns other than the "
                            + (f == id ? "{{id}}" : "{{time}}") + " column", DataException.quote(header[f]),
                            f == time ? "the time column is never a feature; remove it from {{features}}"
                                    : "remove it from {{features}}");
                }
                if (o.classification() && contains(targets, f)) {
                    throw DataException.option("features", "columns other than the class-label target",
                            DataException.quote(header[f]), "remove it from {{features}}");
                }
                if (!categorical[f] && isText(firstRow[f])) {
                    if (layout.stepsInColumns()) {
                        requireNumericFirstValue(file, header, firstRow, firstLine, f,
                                "a number (a {{features}} column of the " + layout.cliName() + " layout)",
                                "remove the column from {{features}}: the " + layout.cliName() + " layout takes no"
                                        + " categorical columns");
                    }
                    categorical[f] = true; // a text column named as a feature is a category
                }
            }
            features = IntStream.of(features).filter(f -> !categorical[f]).toArray();
            if (!layout.targetFollowsInputs()) {
                for (int f : features) {
                    if (contains(targets, f)) {
                        warnings.add("--features includes the target column \"" + DataException.oneLine(header[f])
                                + "\": in the " + layout.cliName() + " layout the model then sees the value it"
                                + " predicts (leakage); remove it from --features unless that is intended");
                    }
                }
            }
        } else {
            List<Integer> chosen = new ArrayList<>();
            boolean detect = TimeColumns.detects(o);
            for (int c = 0; c < n; c++) {
                if (contains(targets, c) || c == id || c == time) {
                    continue;
                }
                if (categorical[c]) {
                    continue;
                }
                if (NumberParser.isNumber(firstRow[c])) {
                    chosen.add(c);
                } else if (detect && time < 0 && isText(firstRow[c]) && !Double.isNaN(TimeParser.parse(firstRow[c]))) {
                    time = c; // a date column: the time column if its rows turn out in increasing order (TimeColumns)
                } else if (isText(firstRow[c]) && !layout.stepsInColumns()
                        && Double.isNaN(TimeParser.parse(firstRow[c]))) {
                    categorical[c] = true; // a text column (not a date) is a category
                    automatic.add(c);
                } else {
                    ignored.add("\"" + DataException.oneLine(header[c]) + "\" (first value "
                            + DataException.quote(firstRow[c]) + " is not a number)");
                }
            }
            features = chosen.stream().mapToInt(Integer::intValue).toArray();
            if (features.length == 0) {
                if (layout.targetFollowsInputs() && !o.classification()) {
                    features = targets.clone(); // a univariate series is its own input
                } else if (!anyTrue(categorical)) {
                    throw DataException.option("features", "at least one numeric or text column besides the target,"
                            + " id and time columns", "none in " + file, "name the feature columns with {{features}}");
                }
            }
        }
        int[] cats = IntStream.range(0, n).filter(c -> categorical[c]).toArray();

        if (layout.stepsInColumns()) {
            checkStepsAcrossColumns(header, features, targets, o);
        }
        return new ColumnPlan(features, cats, automatic.stream().mapToInt(Integer::intValue).toArray(), targets, id,
                time, o.classification(), ignored, warnings);
    }

    /**
     * This plan with column {@code c} (a numeric feature) as the time column instead; when that leaves no input
     * and the target follows the inputs (the window layout, regression), the target series is its own input.
     */
    ColumnPlan withTime(int c, Layout layout) {
        int[] f = IntStream.of(features).filter(x -> x != c).toArray();
        if (f.length == 0 && layout.targetFollowsInputs() && !classification) {
            f = targets.clone();
        }
        return new ColumnPlan(f, categorical, automatic, targets, id, c, classification, ignored, warnings);
    }

    /** This plan without its time column, listed among the ignored columns with {@code reason}. */
    ColumnPlan withoutTime(String reason) {
        List<String> ignoredNow = new ArrayList<>(ignored);
        ignoredNow.add(reason);
        return new ColumnPlan(features, categorical, automatic, targets, id, -1, classification, ignoredNow,
                warnings);
    }

    /** Whether the plan has an input beside the target's own past, so that a time column may leave it. */
    boolean hasOtherInput(int c) {
        return categorical.length > 0 || IntStream.of(features).anyMatch(x -> x != c);
    }

    /**
     * The warning for a window layout whose numeric inputs leave out every target (regression): the model never
     * sees the target's own past, which forecasting usually needs; {@code null} otherwise.
     */
    String ownPastWarning(String[] header, Layout layout) {
        if (!layout.targetFollowsInputs() || classification || IntStream.of(targets).anyMatch(x -> contains(features, x))) {
            return null;
        }
        int[] in = IntStream.concat(IntStream.of(features), IntStream.of(categorical)).toArray();
        String target = names(targets, header);
        String fix = in.length + targets.length > LISTED_COLUMNS
                ? "add " + (targets.length == 1 ? "it" : "them") + " to --features"
                : "use --features " + IntStream.concat(IntStream.of(in), IntStream.of(targets))
                        .mapToObj(c -> DataException.oneLine(header[c])).collect(Collectors.joining(","));
        return "the inputs (" + names(in, header).replace(", ", ",") + ") leave out the target "
                + (targets.length == 1 ? "\"" + target + "\"" : "columns (" + target + ")")
                + ": the model never sees the target's own past; to include it, " + fix
                + " (in the window layout the target's past is an input, not leakage)";
    }

    /**
     * The columns {@code {{categorical}}} names, by header index: never the target, id or time column, and not with
     * a layout whose steps lie across columns.
     */
    private static boolean[] categoricalOption(String file, String[] header, Map<String, Integer> byName,
            DataOptions o, int[] targets, int id, int time) {
        boolean[] categorical = new boolean[header.length];
        if (!o.categorical().isEmpty() && o.resolvedLayout().stepsInColumns()) {
            throw DataException.option("categorical", "no categorical columns with {{layout}} "
                    + o.resolvedLayout().cliName() + " (a row's steps lie across its columns)",
                    String.join(", ", o.categorical()), "remove {{categorical}} or use another layout");
        }
        for (String ref : o.categorical()) {
            int c = find("categorical", ref, byName, header, file);
            String role = c == id ? "{{id}}" : c == time ? "{{time}}" : contains(targets, c) ? "target" : null;
            if (role != null) {
                throw DataException.option("categorical", "input columns, not the " + role + " column",
                        DataException.quote(header[c]), "remove it from {{categorical}}");
            }
            categorical[c] = true;
        }
        return categorical;
    }

    /** A first value that is neither blank nor a number: the column holds text (categories). */
    private static boolean isText(String firstValue) {
        return !firstValue.isBlank() && !NumberParser.isNumber(firstValue);
    }

    private static boolean anyTrue(boolean[] a) {
        for (boolean b : a) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    /**
     * The steps of a row lie across its columns (the wide layout): T must divide the feature columns (and, with a
     * target at every step, the target columns).
     *
     * @throws DataException (usage) when they do not fit
     */
    private static void checkStepsAcrossColumns(String[] header, int[] features, int[] targets, DataOptions o) {
        int steps = o.steps();
        if (features.length % steps != 0) {
            throw DataException.option("steps", "a divisor of the number of feature columns (each row holds"
                    + " T×F values, step-major)", steps + " for " + features.length + " feature columns ("
                    + names(features, header) + ")", "name T×F columns with {{features}} or change {{steps}}");
        }
        if (o.output() == TargetMode.SEQUENCE && targets.length % steps != 0) {
            throw DataException.option("targets", "T×O columns with {{layout}} " + o.resolvedLayout().cliName()
                    + " {{output}} sequence (a target"
                    + " for each of the " + steps + " steps)", targets.length + " ("
                    + names(targets, header) + ")", "name " + steps
                    + "×O target columns, step-major, or use {{output}} last");
        }
        if (o.classification() && o.output() == TargetMode.SEQUENCE) {
            throw DataException.usage(OptionRef.of("output") + " sequence: expected {{output}} last with {{layout}} "
                    + o.resolvedLayout().cliName() + " {{loss}} xent, got {{output}} sequence");
        }
    }

    /**
     * The same roles in another file (a {@code --val} file), found by header name.
     *
     * @throws DataException (data) when the file lacks a column the training file uses
     */
    ColumnPlan inFile(String file, String[] header, String trainingFile, String[] trainingHeader) {
        List<String> missing = new ArrayList<>();
        Map<String, Integer> byName = byName(header);
        int[] f = Arrays.stream(features).map(c -> lookup(trainingHeader[c], byName, missing)).toArray();
        int[] k = Arrays.stream(categorical).map(c -> lookup(trainingHeader[c], byName, missing)).toArray();
        int[] t = Arrays.stream(targets).map(c -> lookup(trainingHeader[c], byName, missing)).toArray();
        int i = id < 0 ? -1 : lookup(trainingHeader[id], byName, missing);
        int tm = time < 0 ? -1 : lookup(trainingHeader[time], byName, missing);
        if (!missing.isEmpty()) {
            Set<String> used = new LinkedHashSet<>();
            IntStream.of(used()).forEach(c -> used.add(DataException.oneLine(trainingHeader[c])));
            throw DataException.file(file, "the columns used from " + trainingFile + " (" + String.join(", ", used)
                    + ")", "a header without " + missing.stream().map(m -> "\"" + m + "\"")
                            .collect(Collectors.joining(", ")), "use a validation file with the same columns");
        }
        return new ColumnPlan(f, k, new int[0], t, i, tm, classification, List.of(), List.of());
    }

    /**
     * This plan with only the categorical columns whose {@code keep} entry (in {@link #categorical} order) is true;
     * each column left out is listed among the ignored ones with its reason (null entries for kept columns).
     */
    ColumnPlan retainCategorical(boolean[] keep, String[] reasons) {
        List<Integer> kept = new ArrayList<>();
        List<String> ignoredNow = new ArrayList<>(ignored);
        for (int k = 0; k < categorical.length; k++) {
            if (keep[k]) {
                kept.add(categorical[k]);
            } else if (reasons != null && reasons[k] != null) {
                ignoredNow.add(reasons[k]);
            }
        }
        int[] cats = kept.stream().mapToInt(Integer::intValue).toArray();
        int[] auto = IntStream.of(automatic).filter(c -> contains(cats, c)).toArray();
        return new ColumnPlan(features, cats, auto, targets, id, time, classification, ignoredNow, warnings);
    }

    /**
     * The roles a trained model's input contract gives, found by header name in another file ({@code rnn predict},
     * {@code rnn eval}): the feature, id and time columns and, with {@code withTargets}, the target columns. Without
     * targets the plan has none (a target column that is also a feature is still read, as a feature), so a file
     * for prediction need not hold the values to be predicted.
     *
     * @throws DataException (data) naming every column of the schema the file lacks, or a feature (or regression
     *                       target) whose first value is not a number
     */
    static ColumnPlan forContract(String file, String[] header, String[] firstRow, long firstLine,
            InputContract schema, boolean withTargets) {
        List<String> missing = new ArrayList<>();
        Map<String, Integer> byName = byName(header);
        int[] f = schema.features().stream().mapToInt(n -> lookup(n, byName, missing)).toArray();
        int[] k = schema.categorical().stream().mapToInt(c -> lookup(c.column(), byName, missing)).toArray();
        int[] t = withTargets ? schema.targets().stream().mapToInt(n -> lookup(n, byName, missing)).toArray()
                : new int[0];
        int i = schema.id() == null ? -1 : lookup(schema.id(), byName, missing);
        int tm = schema.time() == null ? -1 : lookup(schema.time(), byName, missing);
        if (!missing.isEmpty()) {
            Set<String> needed = new LinkedHashSet<>();
            schema.features().forEach(n -> needed.add(DataException.oneLine(n)));
            schema.categorical().forEach(c -> needed.add(DataException.oneLine(c.column())));
            if (withTargets) {
                schema.targets().forEach(n -> needed.add(DataException.oneLine(n)));
            }
            for (String n : new String[] {schema.id(), schema.time()}) {
                if (n != null) {
                    needed.add(DataException.oneLine(n));
                }
            }
            String shown = needed.stream().limit(LISTED_COLUMNS).collect(Collectors.joining(", "))
                    + (needed.size() > LISTED_COLUMNS ? ", ..." : "");
            throw DataException.file(file, "the columns the model uses (" + shown + ")", "a header without "
                    + missing.stream().distinct().map(m -> "\"" + m + "\"").collect(Collectors.joining(", ")),
                    "add " + (missing.stream().distinct().count() == 1 ? "the column" : "the columns")
                            + " (names are case-sensitive) or check {{delimiter}}");
        }
        boolean classification = withTargets && schema.classification();
        for (int c : f) {
            requireNumericFirstValue(file, header, firstRow, firstLine, c, "a number (an input of the model)",
                    "fix the value");
        }
        if (withTargets && !classification) {
            for (int c : t) {
                requireNumericFirstValue(file, header, firstRow, firstLine, c, "a number (a regression target)",
                        "fix the value");
            }
        }
        int[] actuals = new int[0];
        if (!withTargets && !schema.classification()
                && schema.targets().stream().allMatch(n -> byName.containsKey(n))) {
            actuals = schema.targets().stream().mapToInt(byName::get).toArray();
        }
        return new ColumnPlan(f, k, new int[0], t, i, tm, classification, List.of(), List.of(), actuals);
    }

    /** Every used column once, in header order. */
    int[] used() {
        return IntStream.concat(IntStream.concat(IntStream.concat(IntStream.of(features), IntStream.of(categorical)),
                IntStream.of(targets)), IntStream.of(id, time)).filter(c -> c >= 0).distinct().sorted().toArray();
    }

    /**
     * The model's input columns per step: the numeric features, then the categorical columns (whose values the
     * loader turns into level indices).
     */
    int[] inputs() {
        return IntStream.concat(IntStream.of(features), IntStream.of(categorical)).toArray();
    }

    /**
     * The columns read as numbers: the features, and the targets unless they hold class labels (a target that is
     * also a categorical input is read as a number for the target).
     */
    boolean[] numeric(int columns) {
        boolean[] numeric = new boolean[columns];
        for (int f : features) {
            numeric[f] = true;
        }
        if (!classification) {
            for (int t : targets) {
                numeric[t] = true;
            }
        }
        return numeric;
    }

    /** Checks the first data row of a column that must be numeric (a column is numeric when it starts so). */
    static void requireNumericFirstValue(String file, String[] header, String[] firstRow, long firstLine, int c,
            String expected, String fix) {
        String v = firstRow[c];
        if (!v.isBlank() && !NumberParser.isNumber(v)) {
            throw DataException.cell(file, firstLine, c, header[c], expected, DataException.quote(v), fix);
        }
    }

    /**
     * Finds a column by name, else by 0-based index.
     *
     * @throws DataException (usage) for an unknown name or an index out of range
     */
    static int find(String field, String ref, Map<String, Integer> byName, String[] header, String file) {
        String r = ref.strip();
        Integer named = byName.get(r);
        if (named != null) {
            return named;
        }
        if (!r.isEmpty() && r.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            int index = r.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(r);
            if (index < header.length) {
                return index;
            }
            throw DataException.option(field, "a 0-based column index below " + header.length + " (" + file + " has "
                    + header.length + (header.length == 1 ? " column)" : " columns)"), r, "indexes count from 0");
        }
        String fix = "check the spelling (names are case-sensitive)";
        for (String h : header) {
            if (h.equalsIgnoreCase(r)) {
                fix = "did you mean \"" + DataException.oneLine(h) + "\"?";
                break;
            }
        }
        if (header.length == 1) {
            for (char d : new char[] {';', '\t', '|', ','}) {
                if (header[0].indexOf(d) >= 0) {
                    fix = "the header has a single column: is the delimiter " + DataException.quote(String.valueOf(d))
                            + "? use {{delimiter}}";
                    break;
                }
            }
        }
        throw DataException.option(field, "a column of " + file + " (" + listed(header) + ") or a 0-based index",
                DataException.quote(r), fix);
    }

    /**
     * Each column name's first index, so that finding the columns of a file of n columns takes time linear in n
     * (a model of 10⁵ inputs looked up by a scan of the header took 10¹⁰ comparisons).
     */
    static Map<String, Integer> byName(String[] header) {
        Map<String, Integer> byName = new HashMap<>(header.length * 2);
        for (int c = 0; c < header.length; c++) {
            byName.putIfAbsent(header[c], c);
        }
        return byName;
    }

    private static int lookup(String name, Map<String, Integer> byName, List<String> missing) {
        Integer c = byName.get(name);
        if (c != null) {
            return c;
        }
        missing.add(DataException.oneLine(name));
        return -1;
    }

    private static void requireDistinct(String field, int[] columns, String[] header) {
        boolean[] seen = new boolean[header.length];
        for (int c : columns) {
            if (seen[c]) {
                throw DataException.option(field, "each column once", DataException.quote(header[c]) + " twice", "");
            }
            seen[c] = true;
        }
    }

    static String listed(String[] header) {
        String shown = Arrays.stream(header).limit(LISTED_COLUMNS).map(DataException::oneLine)
                .collect(Collectors.joining(", "));
        return header.length > LISTED_COLUMNS ? shown + ", ... " + header.length + " columns" : shown;
    }

    static String names(int[] columns, String[] header) {
        String shown = Arrays.stream(columns).limit(LISTED_COLUMNS).mapToObj(c -> DataException.oneLine(header[c]))
                .collect(Collectors.joining(", "));
        return columns.length > LISTED_COLUMNS ? shown + ", ..." : shown;
    }

    static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
