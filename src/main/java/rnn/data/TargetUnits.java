package rnn.data;

/**
 * A regression model's predictions for a batch of a {@link Dataset}, and the batch's targets and naive last-value
 * forecasts, in the target's own units: the one place where {@code rnn predict} and {@code rnn eval} undo what
 * training did to the target, in the reverse order.
 * <ol>
 * <li>{@link TargetForm#DELTA}: the target on the row the prediction is made from (a normalised input of the same
 * step) is added back;</li>
 * <li>the scaling is undone (x·scale + center, the training statistics);</li>
 * <li>the {@link TargetTransforms} are inverted: pointwise steps directly; differences from the series' levels up
 * to that row ({@link TargetTransforms#invertAt} with the horizon H).</li>
 * </ol>
 * Without a transform and in level mode the result is exactly the de-normalised output, as before transforms.
 *
 * <p>Values are indexed like the model's output: i = r·O + o, r = b ({@code --output last}) or t·B + b
 * ({@code sequence}); padded steps hold NaN. Valid until the next {@link #decode}.
 */
public final class TargetUnits {

    private final Dataset data;
    private final InputContract contract;
    private final boolean sequence;
    private final int outputs;
    private final int horizon;
    private final TargetTransforms transform;
    private final TargetLevels levels;
    /** Per target, its index among the inputs, or {@code null} when some target is not an input. */
    private final int[] targetInputs;
    private final boolean delta;
    private double[] predicted = new double[0];
    private double[] actual = new double[0];
    private double[] lastValue = new double[0];
    private double[] mean = new double[0];

    TargetUnits(Dataset data, InputContract contract) {
        this.data = data;
        this.contract = contract;
        this.sequence = contract.output() == TargetMode.SEQUENCE;
        this.outputs = contract.outputs();
        this.horizon = contract.shape().horizon() == null ? 0 : contract.shape().horizon();
        this.transform = contract.transform();
        this.levels = data.levels();
        int[] in = new int[outputs];
        for (int o = 0; o < outputs && in != null; o++) {
            in[o] = contract.layout().targetFollowsInputs() && !contract.layout().stepsInColumns()
                    && o < contract.targets().size() ? contract.features().indexOf(contract.targets().get(o)) : -1;
            if (in[o] < 0) {
                in = null;
            }
        }
        this.targetInputs = in;
        this.delta = contract.targetMode() == TargetForm.DELTA;
        if (delta && targetInputs == null) {
            throw new IllegalStateException("delta without every target among the inputs"); // ContractCheck refuses it
        }
    }

    /**
     * Converts one batch.
     *
     * @param pred the model's output for {@code batch} (normalised, transformed; a change for delta); not modified
     */
    public void decode(Batch batch, double[] pred) {
        int bSize = batch.size();
        int rows = batch.targetRows();
        int n = rows * outputs;
        if (predicted.length < n) {
            predicted = new double[n];
            actual = new double[n];
            lastValue = new double[n];
            mean = new double[n];
        }
        double[] x = batch.x();
        double[] mask = batch.mask();
        int inputs = batch.inputs();
        for (int r = 0; r < rows; r++) {
            int b = sequence ? r % bSize : r;
            int k = batch.example(b);
            int t = sequence ? r / bSize : data.steps(k) - 1;
            boolean real = !sequence || mask == null || mask[r] != 0;
            for (int o = 0; o < outputs; o++) {
                int i = r * outputs + o;
                if (!real) {
                    predicted[i] = actual[i] = lastValue[i] = mean[i] = Double.NaN;
                    continue;
                }
                ColumnStats st = contract.outputStats(t, o);
                int xi = targetInputs == null ? -1 : (t * bSize + b) * inputs + targetInputs[o];
                double v = pred[i] + (delta ? x[xi] : 0);
                predicted[i] = level(st.denormalize(v), k, t, o);
                mean[i] = level(st.mean(), k, t, o);
                double target = data.targetValue(k, t, o);
                int column = contract.layout().targetColumn(t, o, outputs, sequence); // wide: step t's column
                actual[i] = Double.isNaN(target) ? Double.NaN
                        : levels != null && levels.has(column) ? levels.level(column, data.targetRowOf(k, t))
                        : st.denormalize(target);
                lastValue[i] = xi < 0 ? Double.NaN
                        : levels != null && levels.has(o) ? levels.level(o, data.index().rowAt(data.position(k, t)))
                        : st.denormalize(x[xi]);
            }
        }
    }

    /**
     * The levels of target o on the H = {@code z.length} consecutive rows after example k's last row (a forecast
     * path, {@code --horizon 1..H}), from their transformed values z (de-normalised, the delta already added):
     * pointwise steps inverted directly, differences by {@link TargetTransforms#invertPath} from the series' levels
     * up to the window's last row.
     *
     * @param z not modified
     * @return a new array of H levels
     */
    public double[] pathLevels(int k, int o, double[] z) {
        double[] y = z.clone();
        if (transform.differences()) {
            return transform.invertPath(levels.history(data.index(), data.position(k, data.steps(k) - 1), o), z);
        }
        if (!transform.isNone()) {
            for (int h = 0; h < y.length; h++) {
                y[h] = transform.invertPointwise(z[h]);
            }
        }
        return y;
    }

    /** The level of transformed value z predicted at step t of example k for target o. */
    private double level(double z, int k, int t, int o) {
        if (transform.isNone()) {
            return z;
        }
        if (!transform.differences()) {
            return transform.invertPointwise(z);
        }
        return transform.invertAt(levels.history(data.index(), data.position(k, t), o), horizon, z);
    }

    /** The prediction i in the target's units. */
    public double predicted(int i) {
        return predicted[i];
    }

    /** The target i in its units (as in the file), or NaN when the targets were not read or lie past the file. */
    public double actual(int i) {
        return actual[i];
    }

    /**
     * The naive forecast of target i in its units: the target on the row the prediction is made from ("no change
     * over the horizon"), or NaN when the target is not among the inputs.
     */
    public double lastValue(int i) {
        return lastValue[i];
    }

    /**
     * The mean baseline of target i in its units: the mean of the training targets (transformed units) inverted
     * like a prediction (no transform: that mean; log: the geometric mean; diff: the last level plus the mean
     * change).
     */
    public double mean(int i) {
        return mean[i];
    }

    /** Whether {@link #lastValue} is known: every target is among the inputs of the window layout. */
    public boolean hasLastValue() {
        return targetInputs != null;
    }
}
