package rnn.use;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import rnn.data.ColumnStats;
import rnn.data.Dataset;
import rnn.data.InputContract;
import rnn.data.TargetMode;
import rnn.nn.Loss;

/**
 * Naive forecasts scored on exactly the examples a model is scored on (issue 12 item 3): what a model has to beat.
 *
 * <p>Regression in the window layout, when every target is also an input (t = the row of the step a prediction is
 * made from, h = the rows from it to the target, M = the contract's seasonal period):
 * <ul>
 * <li><b>naive last value</b> ({@value #LAST_VALUE}): ŷ = y[t], "no change over the horizon";</li>
 * <li><b>seasonal naive</b> ({@value #SEASONAL_NAIVE}): ŷ = y[t + h − M·⌈h/M⌉] (for h = 0: y[t − M]), the value one
 * season before the target, taken from the last season the window's end knows; only when the contract has a
 * period and that row exists (in the series, no dropped row between) for every scored value, else left out with a
 * note.</li>
 * </ul>
 * Values are read from the target's own column ({@link Dataset#targetAt}, {@link Dataset#targetLevelAt}), not from
 * the model's inputs, and scored like the model: MSE/RMSE/MAE/R² in the target's units (the levels as read, before
 * any {@code --transform}; pooled over targets, R² the mean of the per-target values) and, for an untransformed
 * target, the training objective in normalised units (the quantity of {@code loss.csv}'s {@code val_loss}: the mean
 * over scored rows of the mean over outputs; {@code --target-mode delta} does not change it, the change being taken in
 * the same units); NaN for a transformed target, whose model loss is in transformed units.
 *
 * <p>Classification: the <b>majority class</b> ({@value #MAJORITY}) of the training part (the lowest class index on a
 * tie) with its accuracy, and the log-loss of the training part's class frequencies as probabilities (undefined,
 * NaN, when a scored label has no training example). A label training never saw counts as wrong and is left out of
 * log-loss, as for the model.
 */
public final class Baselines {

    public static final String LAST_VALUE = "last_value";
    public static final String SEASONAL_NAIVE = "seasonal_naive";
    public static final String MAJORITY = "majority";
    /** Rows scored per call of {@link Loss#evaluate} (bounded buffers, whatever the data's size). */
    private static final int CHUNK = 4096;

    private Baselines() {
    }

    /**
     * Regression baselines and why one is missing.
     *
     * @param baselines the naive last value, then the seasonal naive when it applies (empty when none applies)
     * @param note      why the seasonal naive (or every baseline) is left out, or {@code null}
     */
    public record Regression(List<EvalReport.Baseline> baselines, String note) {
    }

    /** Rows from step t's row to the naive forecast's value: 0 (the value at t) for every horizon h. */
    public static int naiveOffset(int h) {
        return 0;
    }

    /**
     * Rows from step t's row to the seasonal-naive forecast's value of the target h rows ahead, period M:
     * h − M·⌈h/M⌉ (≤ 0: a row the window's end knows), and −M for h = 0.
     */
    public static int seasonalOffset(int h, int m) {
        if (h < 0 || m < 1) {
            throw new IllegalArgumentException("seasonal offset: expected h >= 0 and M >= 1, got h = " + h + ", M = " + m);
        }
        return h - m * Math.max(1, (h + m - 1) / m); // ⌈h/M⌉ for h ≥ 0
    }

    /** Whether the naive baselines apply: regression in the window layout with every target among the inputs. */
    public static boolean applies(InputContract c) {
        return c.layout().targetFollowsInputs() && !c.layout().readsText() && !c.classification()
                && c.features().containsAll(c.targets());
    }

    /**
     * The naive baselines of every output: the target {@link InputContract#targetOfOutput} h =
     * {@link InputContract#stepOfOutput} rows after each scored step's row (the horizon H of a one-step model; each
     * step 1..H of a path model, output (h − 1)·O + o).
     *
     * @param data read with contract {@code c}, with targets
     */
    public static Regression regression(Dataset data, InputContract c, Loss loss) {
        List<EvalReport.Baseline> out = new ArrayList<>();
        if (!applies(c)) {
            return new Regression(out, null);
        }
        Integer m = c.shape().season();
        int outputs = c.outputs();
        int[] column = new int[outputs];
        int[] ahead = new int[outputs];
        int[] naiveAt = new int[outputs];
        int[] seasonalAt = new int[outputs];
        for (int q = 0; q < outputs; q++) {
            column[q] = c.targetOfOutput(q);
            ahead[q] = c.stepOfOutput(q);
            naiveAt[q] = naiveOffset(ahead[q]);
            seasonalAt[q] = m == null ? 0 : seasonalOffset(ahead[q], m);
        }
        Scorer naive = new Scorer(c, column);
        Scorer seasonal = m == null ? null : new Scorer(c, column);
        double[] level = new double[outputs];
        long missing = 0;
        boolean sequence = c.output() == TargetMode.SEQUENCE;
        double[] y = new double[outputs];
        for (int k = 0; k < data.size(); k++) {
            int steps = data.steps(k);
            for (int t = sequence ? 0 : steps - 1; t < steps; t++) {
                for (int q = 0; q < outputs; q++) {
                    y[q] = data.targetAt(k, t, column[q], ahead[q]);
                    level[q] = data.targetLevelAt(k, t, column[q], ahead[q], naive.stats[q]);
                }
                naive.add(data, k, t, naiveAt, y, level, loss);
                if (seasonal != null && !seasonal.add(data, k, t, seasonalAt, y, level, loss)) {
                    missing++;
                }
            }
        }
        out.add(naive.baseline(LAST_VALUE, "the target's last value in the window: no change over the horizon",
                loss));
        String note = null;
        if (m == null) {
            note = "no seasonal_naive baseline: the model has no seasonal period (train with --season M)";
        } else if (missing > 0) {
            note = String.format(Locale.ROOT, "no seasonal_naive baseline: the value %d rows before the target is "
                    + "not in the data (before a series' first row, or across a dropped row) for %d of the %d "
                    + "scored values", m, missing, naive.rows);
        } else {
            out.add(seasonal.baseline(SEASONAL_NAIVE, "the value one season, " + m + " rows, before the target",
                    loss));
        }
        return new Regression(out, note);
    }

    /** Sums of one regression baseline: errors per output in target units, the loss in chunks of normalised rows. */
    private static final class Scorer {
        final int outputs;
        final double[] sse;
        final double[] sae;
        /** Welford's mean and sum of squared deviations of the targets, per output (for R²). */
        final double[] yMean;
        final double[] yM2;
        double[] predChunk;
        double[] targetChunk;
        int inChunk;
        long rows;
        double lossSum;

        /** The target column of each output. */
        final int[] column;
        final ColumnStats[] stats;
        /**
         * Whether the loss in normalised units compares with the model's: not when the target is transformed (the
         * model's loss is then in transformed units); errors in target units always do.
         */
        final boolean lossComparable;
        final double[] predLevel;

        Scorer(InputContract c, int[] column) {
            this.outputs = column.length;
            this.column = column;
            this.stats = new ColumnStats[outputs];
            this.lossComparable = c.transform().isNone();
            this.predLevel = new double[outputs];
            for (int q = 0; q < outputs; q++) {
                stats[q] = c.targetStats(column[q]);
            }
            this.sse = new double[outputs];
            this.sae = new double[outputs];
            this.yMean = new double[outputs];
            this.yM2 = new double[outputs];
            this.predChunk = new double[CHUNK * outputs];
            this.targetChunk = new double[CHUNK * outputs];
        }

        /** Adds one scored row (targets {@code y}, normalised); false, adding nothing, when a value is missing. */
        boolean add(Dataset data, int k, int t, int[] offset, double[] y, double[] level, Loss loss) {
            int base = inChunk * outputs;
            for (int o = 0; o < outputs; o++) {
                // the level decides: a transformed column has no value on the rows a difference leaves out, the
                // level as read does (the loss, in transformed units, is not reported then)
                double v = data.targetAt(k, t, column[o], offset[o]);
                predLevel[o] = data.targetLevelAt(k, t, column[o], offset[o], stats[o]);
                if (Double.isNaN(predLevel[o]) || lossComparable && Double.isNaN(v)) {
                    return false;
                }
                predChunk[base + o] = v;
            }
            rows++;
            for (int o = 0; o < outputs; o++) {
                targetChunk[base + o] = y[o];
                double target = level[o];
                double e = predLevel[o] - target;
                sse[o] += e * e;
                sae[o] += Math.abs(e);
                double d = target - yMean[o];
                yMean[o] += d / rows;
                yM2[o] += d * (target - yMean[o]);
            }
            if (++inChunk == CHUNK) {
                flush(loss);
            }
            return true;
        }

        private void flush(Loss loss) {
            if (inChunk > 0) {
                lossSum += loss.evaluate(predChunk, targetChunk, null, inChunk, outputs, null) * inChunk;
                inChunk = 0;
            }
        }

        EvalReport.Baseline baseline(String name, String description, Loss loss) {
            flush(loss);
            double sseAll = 0;
            double saeAll = 0;
            double r2 = 0;
            for (int o = 0; o < outputs; o++) {
                sseAll += sse[o];
                saeAll += sae[o];
                r2 += yM2[o] > 0 ? 1 - sse[o] / yM2[o] : Double.NaN;
            }
            double n = (double) rows * outputs;
            double mse = sseAll / n;
            return new EvalReport.Baseline(name, description, lossComparable ? lossSum / rows : Double.NaN,
                    new EvalReport.Errors(mse, Math.sqrt(mse), saeAll / n, r2 / outputs));
        }
    }

    /**
     * The majority class of the training part on {@code data}: its accuracy, and the log-loss of the training class
     * frequencies.
     *
     * @param trainClasses the training targets per class ({@link rnn.data.SplitCounts#trainClasses})
     * @return {@code null} without recorded counts (a model written before they were)
     */
    public static EvalReport.ClassBaseline majority(Dataset data, InputContract c, List<Long> trainClasses) {
        if (trainClasses == null || trainClasses.isEmpty() || !c.classification()) {
            return null;
        }
        int classes = trainClasses.size();
        long n = 0;
        int top = 0;
        for (int j = 0; j < classes; j++) {
            n += trainClasses.get(j);
            top = trainClasses.get(j) > trainClasses.get(top) ? j : top;
        }
        if (n == 0) {
            return null;
        }
        boolean sequence = c.output() == TargetMode.SEQUENCE;
        long total = 0;
        long correct = 0;
        double logLoss = 0;
        long logLossRows = 0;
        boolean logLossDefined = true;
        for (int k = 0; k < data.size(); k++) {
            int steps = data.steps(k);
            for (int t = sequence ? 0 : steps - 1; t < steps; t++) {
                int label = (int) data.target(k, t, 0);
                total++;
                if (label >= classes) {
                    continue; // a label training never saw: wrong, and left out of log-loss
                }
                correct += label == top ? 1 : 0;
                logLossDefined &= trainClasses.get(label) > 0; // log 0: undefined
                logLoss -= Math.log((double) trainClasses.get(label) / n);
                logLossRows++;
            }
        }
        return new EvalReport.ClassBaseline(MAJORITY, "the training part's most frequent class (\""
                + c.classes().get(top) + "\"); log-loss of its class frequencies", c.classes().get(top),
                total == 0 ? Double.NaN : (double) correct / total,
                logLossRows == 0 || !logLossDefined ? Double.NaN : logLoss / logLossRows);
    }
}
