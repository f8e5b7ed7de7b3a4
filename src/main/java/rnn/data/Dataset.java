package rnn.data;

import rnn.random.Rng;

/**
 * The training or validation examples of a {@link LoadedData}: windows, sequences or rows as index ranges over
 * the normalised columns (nothing is copied per example), written into reused {@link Batch} buffers on demand.
 *
 * <p>Per layout (DESIGN §3), example k with first position p and T steps (the layout gives two facts:
 * whether steps lie across columns, and the target offset H):
 * <ul>
 * <li>window: step t is row p + t; the target is on row p + W − 1 + H ({@code last}) or, at step t, on row
 * p + t + H ({@code sequence}); for a path 1..H ({@code last}) the targets of rows p + W … p + W − 1 + H, in that
 * order (step-major: O values per step)</li>
 * <li>long: step t is row p + t of the sequence (time order); the target is on its last row or on each row</li>
 * <li>wide: one row; feature i at step t is feature column t·I + i; the target is the target column(s), for
 * {@code sequence} target column t·O + o at step t</li>
 * </ul>
 */
public final class Dataset {

    private final CsvTable table;
    private final SeriesIndex index;
    private final Examples examples;
    /** The layout's steps lie across columns (wide), not down rows: decided once, not per step. */
    private final boolean stepsInColumns;
    private final TargetMode mode;
    /** Rows between a step and its last target row (window: H). */
    private final int horizon;
    /** Target rows per example: H for a path 1..H ({@code last}, window layout), else 1; they end at {@link #horizon}. */
    private final int targetSteps;
    private final FloatColumn[] inputColumns;
    private final FloatColumn[] targetColumns;
    private final IntColumn labels;
    private final int inputs;
    private final int outputs;
    private final int targetWidth;
    /** Target values per target row: {@link #targetWidth} / {@link #targetSteps} (O). */
    private final int rowWidth;
    private final StepShape shape;
    private final int maxSteps;
    /** The windows of a text (the text layout), or {@code null} for a table. */
    private final TokenWindows text;
    /** Each series' time step, inferred when first asked ({@link #timeStep}); {@code null} until then. */
    private TimeStep[] timeSteps;
    /** The vocabulary of a text model (index = token id), or {@code null} for a table. */
    private final java.util.List<String> vocabulary;
    /** The target levels before the transform, or {@code null} (no transform, or a text). */
    private TargetLevels levels;
    /**
     * {@link TargetForm#DELTA}: per target, its index among the inputs (the target on the row a prediction is
     * made from, subtracted from the target written); {@code null} for the level.
     */
    private int[] deltaInputs;

    /**
     * @param layoutShape the layout's parameters: the rows between a step and its (last) target row
     *                    ({@link Layout#targetOffset}) and, for {@code last}, the target steps of a path 1..H
     * @param outputs     O × the target steps (regression), the classes (classification)
     */
    Dataset(CsvTable table, SeriesIndex index, Examples examples, Layout layout, TargetMode mode,
            LayoutShape layoutShape, int outputs) {
        this.table = table;
        this.index = index;
        this.examples = examples;
        this.stepsInColumns = layout.stepsInColumns();
        this.mode = mode;
        this.horizon = layout.targetOffset(layoutShape);
        this.targetSteps = mode == TargetMode.LAST ? layoutShape.targetSteps() : 1;
        ColumnPlan plan = table.plan;
        int[] inputCols = plan.inputs(); // numeric features, then categorical level indices
        this.inputColumns = new FloatColumn[inputCols.length];
        for (int i = 0; i < inputColumns.length; i++) {
            inputColumns[i] = table.numbers[inputCols[i]];
        }
        this.labels = table.labels;
        this.targetColumns = new FloatColumn[labels == null ? plan.targets().length : 0];
        for (int o = 0; o < targetColumns.length; o++) {
            targetColumns[o] = table.numbers[plan.targets()[o]];
        }
        int steps = stepsInColumns ? examples.fixedLength : 1;
        this.inputs = inputColumns.length / steps;
        this.outputs = outputs;
        this.targetWidth = labels != null ? 1 : mode == TargetMode.SEQUENCE ? targetColumns.length / steps
                : targetColumns.length * targetSteps;
        this.rowWidth = targetWidth / targetSteps;
        this.shape = new StepShape(inputs, outputs, targetWidth, mode);
        int max = 0;
        for (int k = 0; k < examples.size(); k++) {
            max = Math.max(max, examples.length(k));
        }
        this.maxSteps = max;
        this.text = null;
        this.vocabulary = null;
    }

    /** {@code d}'s table and columns with other examples (a part of them). */
    private Dataset(Dataset d, Examples examples) {
        this.table = d.table;
        this.index = d.index;
        this.examples = examples;
        this.stepsInColumns = d.stepsInColumns;
        this.mode = d.mode;
        this.horizon = d.horizon;
        this.targetSteps = d.targetSteps;
        this.rowWidth = d.rowWidth;
        this.timeSteps = d.timeSteps;
        this.levels = d.levels;
        this.deltaInputs = d.deltaInputs;
        this.inputColumns = d.inputColumns;
        this.targetColumns = d.targetColumns;
        this.labels = d.labels;
        this.inputs = d.inputs;
        this.outputs = d.outputs;
        this.targetWidth = d.targetWidth;
        this.shape = d.shape;
        int max = 0;
        for (int k = 0; k < examples.size(); k++) {
            max = Math.max(max, examples.length(k));
        }
        this.maxSteps = max;
        this.text = null;
        this.vocabulary = null;
    }

    /**
     * The examples of a table that a recorded split ({@link SplitCounts#runs}) puts in validation or in training,
     * in order: for a file read for a trained model exactly as training read it, exactly the examples training
     * validated (or trained) on.
     *
     * @throws IllegalArgumentException for a text, or when the runs do not add up to this dataset's examples
     */
    public Dataset part(java.util.List<Integer> runs, boolean validation) {
        if (text != null) {
            throw new IllegalArgumentException("a text's split is a token boundary, not runs of examples");
        }
        return new Dataset(this, examples.subset(examples.inPart(runs, validation)));
    }

    /**
     * Classification: how many targets of each class these examples hold (one per example, or one per step with
     * {@code --output sequence}), in class-index order over {@link #classCount()} labels.
     */
    public java.util.List<Long> classCounts() {
        long[] counts = new long[classCount()];
        for (int k = 0; k < size(); k++) {
            int steps = mode == TargetMode.LAST ? 1 : steps(k);
            for (int t = 0; t < steps; t++) {
                counts[(int) target(k, t, 0)]++;
            }
        }
        return java.util.Arrays.stream(counts).boxed().toList();
    }

    /**
     * Window layout: the (normalised) value of target column o on the row {@code offset} rows after step t's row of
     * example k (offset = the horizon: the target itself; 0: the value at step t, the naive forecast; h − M·⌈h/M⌉:
     * the seasonal-naive forecast of period M); NaN when that row lies outside the example's series or a dropped row
     * lies between it and the step's row. For baselines read from the target's own column, whatever the inputs are.
     *
     * @throws IllegalStateException outside the window layout's regression (a table whose steps are rows)
     */
    public double targetAt(int k, int t, int o, int offset) {
        int row = targetRowAt(k, t, offset);
        return row < 0 ? Double.NaN : targetColumns[o].get(row);
    }

    /**
     * {@link #targetAt} in the target's own units: the level as read when the target is transformed
     * ({@code --transform}: the values before it), else the value de-normalised with {@code stats}; NaN as there.
     */
    public double targetLevelAt(int k, int t, int o, int offset, ColumnStats stats) {
        int row = targetRowAt(k, t, offset);
        if (row < 0) {
            return Double.NaN;
        }
        return levels != null && levels.has(o) ? levels.level(o, row) : stats.denormalize(targetColumns[o].get(row));
    }

    /** The table row {@code offset} rows after step t's row of example k in its series, or −1 (see targetAt). */
    private int targetRowAt(int k, int t, int offset) {
        if (text != null || stepsInColumns || labels != null) {
            throw new IllegalStateException("targetAt: a regression target in the window layout only");
        }
        int p = examples.start[k] + t;
        int q = p + offset;
        int s = examples.series[k];
        if (q < index.start[s] || q >= index.start[s + 1]) {
            return -1;
        }
        for (int i = Math.min(p, q) + 1; i <= Math.max(p, q); i++) {
            if (table.gapBefore.get(index.rowAt(i))) {
                return -1;
            }
        }
        return index.rowAt(q);
    }

    /**
     * The windows of a text (the text layout): one input (the token id) and one target (the next token's id) per
     * step, classification over the vocabulary at every step.
     */
    Dataset(TokenWindows windows, java.util.List<String> vocabulary) {
        this.table = null;
        this.index = null;
        this.examples = null;
        this.stepsInColumns = false;
        this.mode = TargetMode.SEQUENCE;
        this.horizon = 1;
        this.targetSteps = 1;
        this.inputColumns = new FloatColumn[0];
        this.targetColumns = new FloatColumn[0];
        this.labels = null;
        this.inputs = 1;
        this.outputs = vocabulary.size();
        this.targetWidth = 1;
        this.rowWidth = 1;
        this.shape = new StepShape(1, outputs, 1, TargetMode.SEQUENCE);
        this.maxSteps = windows.window;
        this.text = windows;
        this.vocabulary = java.util.List.copyOf(vocabulary);
    }

    /**
     * Sets how the target was read: its levels before the transform ({@code null}: none) and, for
     * {@link TargetForm#DELTA}, each target's index among the inputs ({@code null}: the level is the target).
     */
    void readTarget(TargetLevels targetLevels, int[] deltaInputsOfTargets) {
        this.levels = targetLevels;
        this.deltaInputs = deltaInputsOfTargets == null ? null : deltaInputsOfTargets.clone();
    }

    /** The table's target levels before the transform, or {@code null} (see {@link TargetUnits}). */
    TargetLevels levels() {
        return levels;
    }

    /** The series index (see {@link TargetUnits}). */
    SeriesIndex index() {
        return index;
    }

    /** The position in the index of step t of example k (rows down a series; see {@link TargetUnits}). */
    int position(int k, int t) {
        return examples.start[k] + t;
    }

    /**
     * The row holding output q's target for example k at step t ({@code last}: the example's last step; a path
     * 1..H: step q / O + 1), for {@link TargetUnits}.
     */
    int targetRowOf(int k, int t, int q) {
        return mode == TargetMode.LAST ? stepRow(k, examples.length(k) - 1, q / rowWidth) : targetRow(k, t);
    }

    /**
     * The normalised, transformed target of output q of example k at step t, or NaN when the targets were not read
     * or that row lies past the file.
     */
    double targetValue(int k, int t, int q) {
        if (targetColumns.length == 0 || rowWidth == 0) {
            return Double.NaN;
        }
        int last = mode == TargetMode.LAST ? examples.length(k) - 1 : t;
        int j = mode == TargetMode.LAST ? q / rowWidth : 0;
        if (!stepInFile(k, last, j)) {
            return Double.NaN;
        }
        int c0 = stepsInColumns && mode == TargetMode.SEQUENCE ? t * targetWidth : 0;
        return targetColumns[c0 + q % rowWidth].get(targetRowOf(k, t, q));
    }

    /** The units of this dataset's targets and of a model's predictions for it (see {@link TargetUnits}). */
    public TargetUnits targetUnits(InputContract contract) {
        return new TargetUnits(this, contract);
    }

    /** The bytes of the table columns this dataset reads (inputs and targets, 4 bytes a value), for memory estimates. */
    public long columnBytes() {
        if (text != null) {
            return (long) text.length * text.ids.bytesPerToken();
        }
        return (long) table.rows * (inputColumns.length + targetColumns.length + (labels == null ? 0 : 1))
                * Float.BYTES;
    }

    public int size() {
        return text != null ? text.size() : examples.size();
    }

    /** T of example k (window: W; wide: --steps; long: its number of rows; text: T). */
    public int steps(int k) {
        return text != null ? text.window : examples.length(k);
    }

    /** The longest example. */
    public int maxSteps() {
        return maxSteps;
    }

    /** I: values per step the model reads (the numeric features, then one level index per categorical column). */
    public int inputs() {
        return inputs;
    }

    /** O: model outputs (regression: target columns; classification: classes). */
    public int outputs() {
        return outputs;
    }

    /** The widths of a step: I, O, the values per target row, the target mode. */
    public StepShape shape() {
        return shape;
    }

    public boolean isClassification() {
        return labels != null || text != null;
    }

    /**
     * B when the windows are in streams ({@code --stateful}: read in order, batch j holds window j of each of the B
     * streams; see {@link TokenWindows}), 0 otherwise.
     */
    public int streams() {
        return text == null ? 0 : text.streams;
    }

    /**
     * The windows of this text's tokens from {@code from} on (a text read whole for a trained model, see
     * {@link DataLoader#loadForModel}): from the training split's first validation token, its validation part as
     * training read it.
     *
     * @throws IllegalArgumentException not a text read whole, or {@code from} outside it
     */
    public Dataset textFrom(long from) {
        if (text == null || text.from != 0 || text.streams != 0 || from < 0 || from >= text.length) {
            throw new IllegalArgumentException("tokens from " + from + " of a text of " + (text == null ? 0
                    : text.length));
        }
        return new Dataset(new TokenWindows(text.ids, (int) from, text.length - (int) from, text.window, text.stride),
                vocabulary);
    }

    /**
     * The windows of this text's first {@code end} tokens (a text read whole for a trained model): with the training
     * split's first validation token, its training part as training read it.
     *
     * @throws IllegalArgumentException not a text read whole, or {@code end} outside it
     */
    public Dataset textUpTo(long end) {
        if (text == null || text.from != 0 || text.streams != 0 || end < 1 || end > text.length) {
            throw new IllegalArgumentException("tokens before " + end + " of a text of " + (text == null ? 0
                    : text.length));
        }
        return new Dataset(new TokenWindows(text.ids, 0, (int) end, text.window, text.stride), vocabulary);
    }

    /**
     * This text's windows in {@code streams} streams as {@code --stateful} training read them (read in order, B at
     * a time, the state carried), or in as many as the part holds when fewer.
     */
    public Dataset textInStreams(int streams) {
        return inStreams(Math.min(streams, text.maxStreams()));
    }

    /** The tokens this text's windows are cut from (0 for a table). */
    public long textTokens() {
        return text == null ? 0 : text.length;
    }

    /** The windows of a text (null for a table). */
    TokenWindows textWindows() {
        return text;
    }

    /** These windows' part of the text in {@code streams} streams (a text's dataset only). */
    Dataset inStreams(int streams) {
        return new Dataset(text.inStreams(streams), vocabulary);
    }

    /** Whether the examples are windows of a text (one token id per step in, the next token's id out). */
    public boolean isText() {
        return text != null;
    }

    /**
     * A batch for up to {@code batchSize} examples of up to {@link #maxSteps()} steps. Allocate it once and pass
     * it to every {@link #fill} (or {@link BatchIterator#next}).
     */
    public Batch newBatch(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size: expected a positive integer, got " + batchSize);
        }
        return new Batch(Math.min(batchSize, Math.max(1, size())), Math.max(1, maxSteps), shape);
    }

    /** Batches of this dataset in file order (validation, prediction) or, with an {@link Rng}, shuffled. */
    public BatchIterator batches(int batchSize, Rng shuffle) {
        return new BatchIterator(this, batchSize, shuffle);
    }

    /**
     * Writes examples {@code order[from .. from+count−1]} into {@code batch}, padding the shorter ones to the
     * longest (mask 0, inputs and targets 0 on padded steps).
     *
     * @param order example indexes; not modified
     * @param batch modified: its buffers, size, steps and padding flag
     * @throws IllegalArgumentException if the batch was sized for fewer examples or steps
     */
    public void fill(int[] order, int from, int count, Batch batch) {
        if (text != null) {
            if (count < 1 || count > batch.capacity() || text.window > batch.maxSteps()
                    || !batch.shape().equals(shape)) {
                throw new IllegalArgumentException("batch of capacity " + batch.capacity() + " × "
                        + batch.maxSteps() + " steps cannot hold " + count + " windows of " + text.window + " tokens");
            }
            text.fill(order, from, count, batch.x, batch.y, batch.examples);
            batch.size = count;
            batch.steps = text.window;
            batch.padded = false;
            return;
        }
        int steps = 0;
        for (int b = 0; b < count; b++) {
            steps = Math.max(steps, examples.length(order[from + b]));
        }
        if (count < 1 || count > batch.capacity() || steps > batch.maxSteps() || !batch.shape().equals(shape)) {
            throw new IllegalArgumentException("batch of capacity " + batch.capacity() + " × " + batch.maxSteps()
                    + " steps cannot hold " + count + " examples of up to " + steps + " steps of this dataset");
        }
        final int bSize = count;
        final int nIn = inputs;
        final int width = targetWidth;
        final double[] x = batch.x;
        final double[] mask = batch.maskBuffer;
        final double[] y = batch.y;
        boolean padded = false;
        for (int b = 0; b < bSize; b++) {
            int k = order[from + b];
            batch.examples[b] = k;
            int len = examples.length(k);
            int p = examples.start[k];
            for (int t = 0; t < steps; t++) {
                int xo = (t * bSize + b) * nIn;
                if (t >= len) {
                    padded = true;
                    mask[t * bSize + b] = 0;
                    for (int i = 0; i < nIn; i++) {
                        x[xo + i] = 0;
                    }
                    continue;
                }
                mask[t * bSize + b] = 1;
                if (stepsInColumns) {
                    int c0 = t * nIn;
                    for (int i = 0; i < nIn; i++) {
                        x[xo + i] = inputColumns[c0 + i].get(p);
                    }
                } else {
                    int row = index.rowAt(p + t);
                    for (int i = 0; i < nIn; i++) {
                        x[xo + i] = inputColumns[i].get(row);
                    }
                }
            }
            if (width == 0) {
                continue; // read for prediction only: no target values
            }
            if (mode == TargetMode.LAST) {
                for (int j = 0; j < targetSteps; j++) { // a path 1..H: step-major, step j + 1 at j·O
                    writeTarget(y, b * width + j * rowWidth, stepRow(k, len - 1, j), 0);
                    if (deltaInputs != null) {
                        subtractFrom(y, b * width + j * rowWidth, x, ((len - 1) * bSize + b) * nIn);
                    }
                }
            } else {
                for (int t = 0; t < steps; t++) {
                    int yo = (t * bSize + b) * width;
                    if (t < len) {
                        writeTarget(y, yo, targetRow(k, t), t);
                        if (deltaInputs != null) {
                            subtractFrom(y, yo, x, (t * bSize + b) * nIn);
                        }
                    } else {
                        for (int o = 0; o < width; o++) {
                            y[yo + o] = 0;
                        }
                    }
                }
            }
        }
        batch.size = bSize;
        batch.steps = steps;
        batch.padded = padded;
    }

    /** {@link TargetForm#DELTA}: each target less its value among the inputs of the step at {@code xOffset}. */
    private void subtractFrom(double[] y, int offset, double[] x, int xOffset) {
        for (int o = 0; o < deltaInputs.length; o++) {
            y[offset + o] -= x[xOffset + deltaInputs[o]];
        }
    }

    private void writeTarget(double[] y, int offset, int row, int step) {
        if (labels != null) {
            y[offset] = labels.get(row);
            return;
        }
        int c0 = stepsInColumns && mode == TargetMode.SEQUENCE ? step * rowWidth : 0;
        for (int o = 0; o < rowWidth; o++) {
            y[offset + o] = targetColumns[c0 + o].get(row);
        }
    }

    /** The row holding the (last) target of example k at step t ({@code last}: t = steps(k) − 1). */
    private int targetRow(int k, int t) {
        int p = examples.start[k];
        return stepsInColumns ? p : index.rowAt(p + t + horizon);
    }

    /** The row of target step j (0-based) of a path 1..H, at step t of example k: H − 1 − j rows before the last. */
    private int stepRow(int k, int t, int j) {
        int p = examples.start[k];
        return stepsInColumns ? p : index.rowAt(targetPosition(k, t, j));
    }

    /** The series-index position of target step j of example k at step t (rows in time order). */
    private int targetPosition(int k, int t, int j) {
        return examples.start[k] + t + horizon - targetSteps + 1 + j;
    }

    /** The id of example k's series or sequence (wide: of its row); "" without an id column. */
    public String sequenceId(int k) {
        if (text != null) {
            return "";
        }
        if (stepsInColumns) {
            return table.idOf(examples.start[k]);
        }
        return table.ids == null ? "" : table.idNames.get(examples.series[k]);
    }

    /**
     * The physical line of the row whose target is predicted at step t of example k (for {@code last}, use
     * t = steps(k) − 1; for a path 1..H, its first step's row): where a prediction belongs in the input file; −1
     * when that row lies beyond the end of the file (a forecast window of {@link DataLoader.Purpose#PREDICT}).
     */
    public int line(int k, int t) {
        if (text != null) {
            return text.position(k, t) + 1;
        }
        return stepInFile(k, t, 0) ? table.line(stepRow(k, t, 0)) : -1;
    }

    /**
     * The time of that row as written in the {@code --time} column; for a row beyond the end of the series, the
     * time {@link #stepsPastEnd} steps after its last row when the series' times have a regular step
     * ({@link #timeStep}); {@code null} without a time column, or beyond the end of an irregular series.
     */
    public String time(int k, int t) {
        return stepTime(k, t, 0);
    }

    /** What a picture's x axis shows for this table: the time column's dates, its numbers, or row positions. */
    public enum TimeAxis {
        DATES, NUMBERS, POSITIONS
    }

    /** The x axis of a picture of this table ({@link #stepX}). */
    public TimeAxis timeAxis() {
        if (table == null || table.times == null) {
            return TimeAxis.POSITIONS;
        }
        return table.timeTexts != null ? TimeAxis.DATES : TimeAxis.NUMBERS;
    }

    /**
     * The x of target step j of example k at step t in a picture ({@link #timeAxis}): its time in seconds since
     * 1970 (dates) or as a number, also past the end of a regular series ({@link #stepTime}); without a time column
     * its row position in the series (0 = the first row); NaN when unknown (past the end of an irregular series).
     */
    public double stepX(int k, int t, int j) {
        TimeAxis axis = timeAxis();
        if (axis == TimeAxis.POSITIONS) {
            return targetPosition(k, t, j) - index.start[examples.series[k]];
        }
        String time = stepTime(k, t, j);
        if (time == null) {
            return Double.NaN;
        }
        return axis == TimeAxis.DATES ? TimeParser.parse(time) : Double.parseDouble(time);
    }

    /**
     * The time of target step j (0-based) of a path 1..H at step t of example k, as {@link #time} for its first
     * step.
     */
    public String stepTime(int k, int t, int j) {
        if (text != null || table.times == null) {
            return null;
        }
        if (stepInFile(k, t, j)) {
            return table.timeText(stepRow(k, t, j));
        }
        int ahead = stepsPastEnd(k, t, j);
        if (ahead < 1) {
            return null;
        }
        int s = examples.series[k];
        return timeStep(s).after(table.timeText(index.rowAt(index.start[s + 1] - 1)), ahead);
    }

    /**
     * How many rows after its series' last row target step j of example k at step t lies (≥ 1: a forecast past the
     * end of the file), or 0 when it lies in the file or behind a dropped row.
     */
    public int stepsPastEnd(int k, int t, int j) {
        if (text != null || stepsInColumns || horizon == 0) {
            return 0;
        }
        int s = examples.series[k];
        int last = index.start[s + 1] - 1;
        int q = targetPosition(k, t, j);
        if (q <= last) {
            return 0;
        }
        for (int p = examples.start[k] + t + 1; p <= last; p++) {
            if (table.gapBefore.get(index.rowAt(p))) {
                return 0;
            }
        }
        return q - last;
    }

    /**
     * The actual value of target o (in the target's units, as written in the file) at target step j (0-based;
     * 0 for one step) of step t of example k, in a file read for prediction; NaN when it is not known: the file
     * lacks the target column, the row lies past the end of the file, or the cell is not a number.
     */
    public double actual(int k, int t, int j, int o) {
        if (table == null || table.actuals == null || !stepInFile(k, t, j)) {
            return Double.NaN;
        }
        int c = stepsInColumns && mode == TargetMode.SEQUENCE ? t * (table.actuals.length / examples.fixedLength) + o
                : o;
        return table.actuals[c].get(stepRow(k, t, j));
    }

    /** The rows of series s (window layout), in time order: a picture's history. */
    public int seriesRows(int s) {
        return index.length(s);
    }

    /**
     * Row p (0-based, in time order) of series s: its x in a picture ({@link #timeAxis}: seconds, the number, or p)
     * and the actual value of target o as written in the file (NaN when not known, as {@link #actual}).
     *
     * @param values {x, actual}, written
     */
    public void seriesRow(int s, int p, int o, double[] values) {
        int row = index.rowAt(index.start[s] + p);
        TimeAxis axis = timeAxis();
        values[0] = axis == TimeAxis.POSITIONS ? p : axis == TimeAxis.DATES ? TimeParser.parse(table.timeText(row))
                : table.times.get(row);
        values[1] = table.actuals == null ? Double.NaN : table.actuals[o].get(row);
    }

    /** The file these examples were read from (for messages). */
    public String file() {
        return table == null ? "" : table.file;
    }

    /** The id of series s ("" without an id column). */
    public String seriesId(int s) {
        return table == null || table.ids == null ? "" : table.idNames.get(s);
    }

    /** Target rows per example: H for a path 1..H (its outputs are step-major: O per step), else 1. */
    public int targetSteps() {
        return targetSteps;
    }

    /**
     * Whether example k is a window whose last row is its series' last row: the one whose path 1..H lies wholly
     * past the end of the file.
     */
    public boolean endsSeries(int k) {
        return text == null && !stepsInColumns && horizon > 0
                && examples.start[k] + examples.length(k) == index.start[examples.series[k] + 1];
    }

    /** The index of example k's series (window and long layouts; wide: its row). */
    public int series(int k) {
        return examples.series == null ? examples.start[k] : examples.series[k];
    }

    /**
     * The step of series s's time column (inferred from its times in order, once per series), or
     * {@link TimeStep#IRREGULAR} without a time column.
     */
    public TimeStep timeStep(int s) {
        if (table == null || table.times == null || stepsInColumns) {
            return TimeStep.IRREGULAR;
        }
        if (timeSteps == null) {
            timeSteps = new TimeStep[index.count()];
        }
        if (timeSteps[s] == null) {
            int from = index.start[s];
            int n = index.start[s + 1] - from;
            if (table.timeTexts != null) {
                java.util.List<String> texts = new java.util.ArrayList<>(n);
                for (int p = 0; p < n; p++) {
                    texts.add(table.timeText(index.rowAt(from + p)));
                }
                timeSteps[s] = TimeStep.ofTexts(texts);
            } else {
                double[] values = new double[n];
                for (int p = 0; p < n; p++) {
                    values[p] = table.times.get(index.rowAt(from + p));
                }
                timeSteps[s] = TimeStep.ofNumbers(values);
            }
        }
        return timeSteps[s];
    }

    /**
     * Whether target step j of example k at step t is in the file: always, except in the window layout for a
     * window read for prediction whose target row would lie after its series' last row (or after a dropped row).
     */
    private boolean stepInFile(int k, int t, int j) {
        if (horizon == 0) {
            return true;
        }
        int from = examples.start[k] + t;
        int to = targetPosition(k, t, j);
        if (to >= index.start[examples.series[k] + 1]) {
            return false;
        }
        for (int p = from + 1; p <= to; p++) {
            if (table.gapBefore.get(index.rowAt(p))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The label of class index c: the model's classes first; when the file was read for
     * {@link DataLoader.Purpose#EVALUATE}, indexes from {@link #outputs()} on are labels training never saw.
     */
    public String className(int c) {
        if (text != null) {
            return vocabulary.get(c);
        }
        return table.classes.get(c);
    }

    /** The number of labels known to this dataset (the model's classes, then any unseen ones); 0 for regression. */
    public int classCount() {
        if (text != null) {
            return vocabulary.size();
        }
        return labels == null ? 0 : table.classes.size();
    }

    /**
     * The normalised input value of feature i at step t of example k (tests and diagnostics; batches are
     * filled by {@link #fill}).
     */
    public double input(int k, int t, int i) {
        if (text != null) {
            return text.ids.get(text.position(k, t));
        }
        if (stepsInColumns) {
            return inputColumns[t * inputs + i].get(examples.start[k]);
        }
        return inputColumns[i].get(index.rowAt(examples.start[k] + t));
    }

    /**
     * The (normalised) target o at step t of example k as training reads it ({@link TargetForm#DELTA}: less the
     * target on the row it is predicted from), or the class index; tests and diagnostics.
     */
    public double target(int k, int t, int o) {
        if (text != null) {
            return text.ids.get(text.position(k, t) + 1);
        }
        if (labels != null) {
            return labels.get(targetRow(k, mode == TargetMode.LAST ? examples.length(k) - 1 : t));
        }
        if (mode == TargetMode.LAST) { // a path 1..H: output o is target o % O at step o / O + 1
            int last = examples.length(k) - 1;
            double v = targetColumns[o % rowWidth].get(stepRow(k, last, o / rowWidth));
            return deltaInputs == null ? v : v - input(k, last, deltaInputs[o % rowWidth]);
        }
        int c0 = stepsInColumns ? t * targetWidth : 0;
        double v = targetColumns[c0 + o].get(targetRow(k, t));
        return deltaInputs == null ? v : v - input(k, t, deltaInputs[o]);
    }
}
