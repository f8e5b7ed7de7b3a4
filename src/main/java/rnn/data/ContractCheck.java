package rnn.data;

import java.util.HashSet;
import java.util.List;

/**
 * Checks a {@link DataSchema} read from a file someone else may have written (a checkpoint, a config.json):
 * every value in range and consistent with the others, before anything is sized by it. A checkpoint is untrusted
 * input; the checks are what makes a huge or absurd value harmless: the layout's parameters must fit the rows the
 * training file had (training formed at least one example from them), the column lists must match the input and
 * output widths, the statistics must be one finite entry per column.
 *
 * <p>Fields are named as in the schema's JSON ({@code contract.shape.window}); a failure is an
 * {@link IllegalArgumentException} whose message is "field is value, expected what".
 */
public final class ContractCheck {

    /**
     * The largest magnitude of a statistic: columns are stored as float32, so a mean or bound lies within
     * ±{@link Float#MAX_VALUE} and a spread (std, max − min) within twice that.
     */
    static final double MAX_SPREAD = 2.0 * Float.MAX_VALUE;

    private ContractCheck() {
    }

    /**
     * Checks {@code schema}.
     *
     * @throws IllegalArgumentException naming the first field that is out of range or inconsistent
     */
    public static void check(DataSchema schema) {
        InputContract c = schema.contract();
        LoadReport r = schema.report();
        if (r.rows() < 1) {
            throw bad("report.rows", r.rows(), "at least 1 (the rows of the training file)");
        }
        atLeast("contract.inputs", c.inputs(), c.categorical().isEmpty() ? 1 : 0); // 0: categorical inputs only
        atLeast("contract.outputs", c.outputs(), 1);
        checkShape(c, r);
        atLeast("report.droppedExamples", r.droppedExamples(), 0);
        if (c.missingTarget() == MissingTargetPolicy.INTERPOLATE
                && (c.classification() || c.layout().stepsInColumns() || c.layout().readsText())) {
            throw bad("contract.missingTarget", c.missingTarget().cliName(), "error or drop (interpolate is for"
                    + " numeric targets of the window and long layouts)");
        }
        checkColumns(c);
        checkSeason(c, r);
        checkSplit(c, r);
        checkTargetTransform(c, r);
        checkCategorical(c);
        checkText(c);
        checkStats("contract.scaling.featureStats", c.scaling().featureStats(), c.features());
        checkStats("contract.scaling.targetStats", c.scaling().targetStats(),
                c.classification() ? List.of() : c.targets());
    }

    private static void checkShape(InputContract c, LoadReport r) {
        LayoutShape s = c.shape();
        if (s.horizonFrom() != null && (!c.layout().targetFollowsInputs() || c.layout().readsText()
                || c.layout().stepsInColumns())) {
            throw bad("contract.shape.horizonFrom", s.horizonFrom(), "none with the " + c.layout().cliName()
                    + " layout (a path 1..H is for the window layout)");
        }
        if (c.layout().stepsInColumns()) {
            Integer steps = required("contract.shape.steps", s.steps());
            atLeast("contract.shape.steps", steps, 1);
            if ((long) steps * c.inputs() != c.features().size()) {
                throw bad("contract.shape.steps", steps, "features / inputs = " + c.features().size() + " / "
                        + c.inputs() + " (the wide layout's feature columns are steps × inputs)");
            }
            return;
        }
        if (c.features().size() != c.inputs()) {
            throw bad("contract.inputs", c.inputs(), "the " + c.features().size() + " feature columns");
        }
        if (!c.layout().targetFollowsInputs()) {
            return;
        }
        int window = required("contract.shape.window", s.window());
        int horizon = required("contract.shape.horizon", s.horizon());
        int stride = required("contract.shape.stride", s.stride());
        atLeast("contract.shape.window", window, 1);
        atLeast("contract.shape.horizon", horizon, 0);
        atLeast("contract.shape.stride", stride, 1);
        Integer from = s.horizonFrom();
        if (from != null && (from != 1 || horizon < 1 || c.output() != TargetMode.LAST || c.classification())) {
            throw bad("contract.shape.horizonFrom", from + " with horizon " + horizon + " and output "
                    + c.output().cliName() + (c.classification() ? " (classification)" : ""), "1 with a horizon"
                    + " >= 1, output last and a numeric target (a path 1..H), or none (one step H)");
        }
        if ((long) window + horizon > r.rows()) {
            throw bad("contract.shape.window", window + " with horizon " + horizon, "window + horizon at most the "
                    + r.rows() + " rows of the training file (training formed at least one window)");
        }
    }

    /** The seasonal period: none, or 2 to the training file's rows, and only for a regression in the window layout. */
    private static void checkSeason(InputContract c, LoadReport r) {
        Integer m = c.shape().season();
        if (m == null) {
            return;
        }
        if (!c.layout().targetFollowsInputs() || c.layout().readsText() || c.classification()) {
            throw bad("contract.shape.season", m, "none outside a regression in the window layout");
        }
        if (m < 2 || m > r.rows()) {
            throw bad("contract.shape.season", m, "a whole number from 2 to the " + r.rows()
                    + " rows of the training file");
        }
    }

    /**
     * The recorded split (when there is one): run lengths ≥ 0 adding up to the training file's examples, the odd
     * runs to its validation examples (none with a {@code --val} file) and the even ones to its training examples;
     * the training targets per class one count ≥ 0 per class, for a classifier only.
     */
    private static void checkSplit(InputContract c, LoadReport r) {
        SplitCounts split = r.split();
        List<Integer> runs = split.runs();
        if (runs != null) {
            if (c.layout().readsText()) {
                throw bad("report.split.runs", runs.size() + " runs", "none for a text (its split is a token "
                        + "boundary)");
            }
            long[] sums = new long[2];
            for (int i = 0; i < runs.size(); i++) {
                Integer n = runs.get(i);
                if (n == null || n < 0) {
                    throw bad("report.split.runs[" + i + "]", n, "a whole number >= 0");
                }
                sums[i % 2] += n;
            }
            long validation = split.valFile() != null ? 0 : split.validationExamples();
            if (runs.isEmpty() || sums[0] + sums[1] != r.counts().examples() || sums[0] != split.trainExamples()
                    || sums[1] != validation) {
                throw bad("report.split.runs", sums[0] + " training and " + sums[1] + " validation examples",
                        split.trainExamples() + " and " + validation + " of the " + r.counts().examples()
                        + " examples (report.split, report.counts)");
            }
        }
        List<Long> classes = split.trainClasses();
        if (classes != null) {
            if (!c.classification() || classes.size() != c.classes().size()) {
                throw bad("report.split.trainClasses", classes.size() + " counts", "one per class: "
                        + c.classes().size());
            }
            for (int i = 0; i < classes.size(); i++) {
                if (classes.get(i) == null || classes.get(i) < 0) {
                    throw bad("report.split.trainClasses[" + i + "]", classes.get(i), "a count >= 0");
                }
            }
        }
    }

    /**
     * The target transform and mode fit the model: none and level for a classifier or a text; a difference or
     * delta only in the window layout with every target among the features (its levels are read there), a single
     * step H rows ahead only for H up to the smallest lag, and the rows a difference leaves undefined plus one
     * window within the training file.
     */
    private static void checkTargetTransform(InputContract c, LoadReport r) {
        TargetTransforms t = c.transform();
        boolean classes = c.classification() || c.layout().readsText();
        if (classes && !t.isNone()) {
            throw bad("contract.transform", DataException.quote(t.toString()), "none for a classification model");
        }
        if (classes && c.targetMode() != TargetForm.LEVEL) {
            throw bad("contract.targetMode", c.targetMode().cliName(), "level for a classification model");
        }
        if (!c.readsTargetHistory()) {
            return;
        }
        String field = c.targetMode() == TargetForm.DELTA ? "contract.targetMode" : "contract.transform";
        Object value = c.targetMode() == TargetForm.DELTA ? c.targetMode().cliName()
                : DataException.quote(t.toString());
        if (!c.layout().targetFollowsInputs() || c.layout().stepsInColumns()) {
            throw bad(field, value, "level and no difference outside the window layout");
        }
        if (!c.features().containsAll(c.targets())) {
            throw bad(field, value, "level and no difference when the targets " + c.targets()
                    + " are not all among the features " + c.features());
        }
        int horizon = c.shape().horizon() == null ? 0 : c.shape().horizon();
        if (!c.shape().path() && horizon > t.maxSingleStepHorizon()) { // a path is inverted step by step
            throw bad("contract.transform", DataException.quote(t.toString()) + " with horizon " + horizon,
                    "a horizon of at most " + t.maxSingleStepHorizon() + " (a difference of a single step is "
                            + "inverted from known rows)");
        }
        if (c.shape().window() != null && (long) t.warmup() + c.shape().window() + horizon > r.rows()) {
            throw bad("contract.transform", DataException.quote(t.toString()) + " with window "
                    + c.shape().window() + " and horizon " + horizon, "at most " + r.rows() + " rows with "
                    + "window and horizon (the rows of the training file, which held a window)");
        }
    }

    /**
     * A text model's (and only a text model's) token kind; its vocabulary: {@code <unk>} first, at most
     * {@link TextOptions#MAX_VOCAB} symbols, one code point each for characters; one input, a target one token ahead,
     * a prediction at every step.
     */
    private static void checkText(InputContract c) {
        TokenKind kind = c.shape().tokens();
        if (!c.layout().readsText()) {
            if (kind != null) {
                throw bad("contract.shape.tokens", kind.cliName(), "none outside the text layout");
            }
            return;
        }
        if (kind == null) {
            throw bad("contract.shape.tokens", null, "char or word (the text layout needs it)");
        }
        if (c.inputs() != 1) {
            throw bad("contract.inputs", c.inputs(), "1 (the token id) in the text layout");
        }
        if (c.shape().horizon() != 1) {
            throw bad("contract.shape.horizon", c.shape().horizon(), "1 (the next token) in the text layout");
        }
        if (c.output() != TargetMode.SEQUENCE) {
            throw bad("contract.output", c.output().cliName(), "sequence in the text layout");
        }
        List<String> vocabulary = c.classes();
        if (vocabulary.size() < 2 || vocabulary.size() > TextOptions.MAX_VOCAB) {
            throw bad("contract.classes", vocabulary.size() + " symbols", "a vocabulary of 2 to "
                    + TextOptions.MAX_VOCAB + " symbols");
        }
        if (!Vocabulary.UNK.equals(vocabulary.get(0))) {
            throw bad("contract.classes[0]", "\"" + vocabulary.get(0) + "\"", "\"" + Vocabulary.UNK + "\"");
        }
        for (int i = 1; i < vocabulary.size(); i++) {
            String symbol = vocabulary.get(i);
            boolean eod = i == 1 && DocumentSource.EOD.equals(symbol); // a documents model's end of document
            if (symbol == null || symbol.isEmpty()
                    || kind == TokenKind.CHAR && !eod && symbol.codePointCount(0, symbol.length()) != 1) {
                throw bad("contract.classes[" + i + "]", symbol == null ? null : DataException.quote(symbol),
                        kind == TokenKind.CHAR ? "one character (a Unicode code point)" : "a non-empty word");
            }
        }
    }

    private static void checkColumns(InputContract c) {
        if (c.features().isEmpty() && c.categorical().isEmpty()) {
            throw bad("contract.columns.features", "[]", "at least one column (or a categorical column)");
        }
        if (c.classification()) {
            if (c.classes().size() != c.outputs()) {
                throw bad("contract.classes", c.classes().size() + " labels", "one per output: " + c.outputs());
            }
            if (new HashSet<>(c.classes()).size() != c.classes().size()) {
                throw bad("contract.classes", c.classes(), "distinct labels");
            }
            if (c.targets().size() != 1) {
                throw bad("contract.columns.targets", c.targets(), "one column of class labels");
            }
            return;
        }
        long expected = c.layout().stepsInColumns() && c.output() == TargetMode.SEQUENCE
                ? (long) c.outputs() * c.shape().steps() : c.outputs();
        int path = c.shape().targetSteps();
        if (path > 1) { // a path 1..H: H outputs per target column
            if (c.outputs() % path != 0) {
                throw bad("contract.outputs", c.outputs(), "a multiple of the " + path + " steps of the horizon "
                        + "1.." + path + " (targets × steps)");
            }
            expected = c.outputs() / path;
        }
        if (c.targets().size() != expected) {
            throw bad("contract.columns.targets", c.targets().size() + " columns", expected + " (one per output"
                    + (expected == c.outputs() ? "" : path > 1 ? " of each step" : " and step")
                    + "; a classification model lists its classes)");
        }
    }

    /**
     * Each categorical column once, none of them another role's column, each with 1 to
     * {@link CategoricalColumn#MAX_LEVELS} levels that are strings in strictly increasing {@link String#compareTo}
     * order (sorted, no duplicates); none with the wide layout.
     */
    private static void checkCategorical(InputContract c) {
        List<CategoricalColumn> cats = c.categorical();
        if (!cats.isEmpty() && c.layout().stepsInColumns()) {
            throw bad("contract.categorical", cats.size() + " columns", "none with the " + c.layout().cliName()
                    + " layout");
        }
        HashSet<String> roles = new HashSet<>(c.features());
        roles.addAll(c.targets());
        roles.add(c.id());
        roles.add(c.time());
        HashSet<String> seen = new HashSet<>();
        for (int i = 0; i < cats.size(); i++) {
            String at = "contract.categorical[" + i + "]";
            CategoricalColumn col = cats.get(i);
            if (roles.contains(col.column()) || !seen.add(col.column())) {
                throw bad(at + ".column", "\"" + DataException.oneLine(col.column()) + "\"",
                        "a column named once, and not as a feature, target, id or time column");
            }
            List<String> levels = col.levels();
            if (levels.isEmpty() || levels.size() > CategoricalColumn.MAX_LEVELS) {
                throw bad(at + ".levels", levels.size() + " levels", "1 to " + CategoricalColumn.MAX_LEVELS);
            }
            for (int k = 0; k < levels.size(); k++) {
                if (levels.get(k) == null) {
                    throw bad(at + ".levels[" + k + "]", null, "a string");
                }
                if (k > 0 && levels.get(k - 1).compareTo(levels.get(k)) >= 0) {
                    throw bad(at + ".levels[" + k + "]", "\"" + DataException.oneLine(levels.get(k)) + "\"",
                            "a level after \"" + DataException.oneLine(levels.get(k - 1)) + "\" (sorted, no duplicates)");
                }
            }
        }
    }

    /** One entry per column, for that column, with finite values and a positive scale. */
    private static void checkStats(String field, List<ColumnStats> stats, List<String> columns) {
        if (stats.size() != columns.size()) {
            throw bad(field, stats.size() + " entries", "one per column: " + columns.size());
        }
        for (int i = 0; i < stats.size(); i++) {
            ColumnStats st = stats.get(i);
            String at = field + "[" + i + "]";
            if (!columns.get(i).equals(st.column())) {
                throw bad(at + ".column", "\"" + st.column() + "\"", "\"" + columns.get(i) + "\"");
            }
            double[] values = {st.center(), st.mean(), st.std(), st.min(), st.max()};
            String[] names = {"center", "mean", "std", "min", "max"};
            for (int k = 0; k < values.length; k++) {
                if (!(Math.abs(values[k]) <= MAX_SPREAD)) {
                    throw bad(at + "." + names[k], values[k], "a finite number of at most " + MAX_SPREAD
                            + " in magnitude (data is read as float32)");
                }
            }
            if (!(st.scale() >= Float.MIN_VALUE && st.scale() <= MAX_SPREAD)) {
                throw bad(at + ".scale", st.scale(), "a number from " + Float.MIN_VALUE + " to " + MAX_SPREAD
                        + " (predictions are z·scale + center)");
            }
            if (st.count() < 0) {
                throw bad(at + ".count", st.count(), "a count >= 0");
            }
        }
    }

    private static <T> T required(String field, T value) {
        if (value == null) {
            throw bad(field, null, "a whole number (the layout needs it)");
        }
        return value;
    }

    private static void atLeast(String field, long v, long min) {
        if (v < min) {
            throw bad(field, v, "a whole number >= " + min);
        }
    }

    private static IllegalArgumentException bad(String field, Object value, String expected) {
        return new IllegalArgumentException(field + " is " + value + ", expected " + expected);
    }
}
