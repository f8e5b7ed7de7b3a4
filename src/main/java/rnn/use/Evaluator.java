package rnn.use;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import rnn.data.Batch;
import rnn.data.ColumnStats;
import rnn.data.InputContract;
import rnn.data.Dataset;
import rnn.data.TargetForm;
import rnn.data.TargetMode;
import rnn.data.TargetUnits;
import rnn.nn.Loss;
import rnn.nn.RecurrentModel;

/**
 * Scores a trained model on a file read for {@link rnn.data.DataLoader.Purpose#EVALUATE}, streaming (sums only,
 * nothing per example is kept).
 *
 * <p>Regression, per target o over the n scored values (original units: predictions and targets de-normalised
 * with the training statistics): MSE = Σe²/n, RMSE = √MSE, MAE = Σ|e|/n, R² = 1 − Σe²/Σ(y − ȳ)² (ȳ the mean of
 * these targets, accumulated by Welford's method); pooled over targets for MSE/MAE, R² averaged. Baselines on the
 * same values: the naive ones of {@link Baselines} (window layout, when the target is among the inputs: the
 * <b>last value</b>, "no change over the horizon", and the <b>seasonal naive</b>) and <b>mean</b> (the mean of the
 * training targets, from the schema's statistics). The training objective (normalised units) is computed by
 * {@link Loss#evaluate} exactly as validation in training does.
 *
 * <p>Classification: accuracy, macro-F1, the confusion matrix and log-loss (mean cross-entropy, natural log). A
 * label training never saw is counted as a wrong prediction (a row of its own in the confusion matrix) and left out
 * of log-loss, whose value for it would be infinite.
 */
public final class Evaluator {

    private Evaluator() {
    }

    /**
     * @param data   read with the model's input contract for evaluation; its batches are consumed
     * @param schema the model's input contract
     * @throws IllegalArgumentException when the data holds no example
     */
    public static EvalReport evaluate(RecurrentModel model, Dataset data, InputContract schema, Loss loss,
                                      int batchSize) {
        return evaluate(model, data, schema, loss, batchSize, (batch, pred) -> { });
    }

    /**
     * As {@link #evaluate(RecurrentModel, Dataset, InputContract, Loss, int)}, showing each batch's predictions to
     * {@code check} before they are scored (a check that refuses absurd predictions throws).
     */
    public static EvalReport evaluate(RecurrentModel model, Dataset data, InputContract schema, Loss loss,
                                      int batchSize, Predictor.BatchConsumer check) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("no example to evaluate");
        }
        Accumulator acc = schema.classification() ? new ClassificationAccumulator(schema, data)
                : new RegressionAccumulator(schema, loss, data, batchSize);
        try {
            Predictor.forEachBatch(model, data, batchSize, (batch, pred) -> {
                check.accept(batch, pred);
                acc.add(batch, pred);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the accumulators write nothing
        }
        return acc.report(schema, loss, data.size());
    }

    private interface Accumulator {
        void add(Batch batch, double[] pred);

        EvalReport report(InputContract schema, Loss loss, int examples);
    }

    /** Sums for MSE, MAE and R² of one predictor and one target. */
    private static final class ErrorSums {
        long n;
        double sse;
        double sae;

        void add(double e) {
            n++;
            sse += e * e;
            sae += Math.abs(e);
        }
    }

    private static final class RegressionAccumulator implements Accumulator {
        private final int outputs;
        private final boolean sequence;
        private final Loss loss;
        private final InputContract schema;
        private final Dataset data;
        /** Predictions, targets and baselines in the target's units (scaling, delta and transform undone). */
        private final TargetUnits units;
        /** The model predicts the change from the target's last value ({@code --target-mode delta}). */
        private final boolean delta;
        /** Index of the target among the inputs, per output, for delta's mean baseline; null if not applicable. */
        private final int[] lastValueInput;
        private final ErrorSums[] model;
        private final ErrorSums[] mean;
        /** Welford's running mean and sum of squared deviations of the targets, per output. */
        private final double[] yMean;
        private final double[] yM2;
        private final long[] yCount;
        private double[] baseMean = new double[0];
        private double lossSum;
        private double meanLossSum;
        private double weightSum;
        private long scored;

        RegressionAccumulator(InputContract schema, Loss loss, Dataset data, int batchSize) {
            this.schema = schema;
            this.loss = loss;
            this.data = data;
            this.outputs = schema.outputs();
            this.sequence = schema.output() == TargetMode.SEQUENCE;
            int[] inputOf = null;
            if (schema.layout().targetFollowsInputs()) {
                inputOf = new int[outputs];
                for (int o = 0; o < outputs && inputOf != null; o++) {
                    inputOf[o] = schema.features().indexOf(schema.targets().get(schema.targetOfOutput(o)));
                    if (inputOf[o] < 0) {
                        inputOf = null;
                    }
                }
            }
            this.lastValueInput = inputOf;
            this.units = data.targetUnits(schema);
            this.delta = schema.targetMode() == TargetForm.DELTA;
            this.model = sums(outputs);
            this.mean = sums(outputs);
            this.yMean = new double[outputs];
            this.yM2 = new double[outputs];
            this.yCount = new long[outputs];
        }

        private static ErrorSums[] sums(int n) {
            ErrorSums[] s = new ErrorSums[n];
            for (int i = 0; i < n; i++) {
                s[i] = new ErrorSums();
            }
            return s;
        }

        @Override
        public void add(Batch batch, double[] pred) {
            int bSize = batch.size();
            int rowsN = batch.targetRows();
            double[] y = batch.targets();
            double[] w = sequence ? batch.mask() : null;
            double[] x = batch.x();
            int inputs = batch.inputs();
            if (baseMean.length < rowsN * outputs) {
                baseMean = new double[rowsN * outputs];
            }
            units.decode(batch, pred);
            for (int r = 0; r < rowsN; r++) {
                int b = sequence ? r % bSize : r;
                int t = sequence ? r / bSize : data.steps(batch.example(b)) - 1;
                boolean real = w == null || w[r] != 0;
                for (int o = 0; o < outputs; o++) {
                    int i = r * outputs + o;
                    ColumnStats st = schema.outputStats(t, o);
                    // the mean baseline in the training objective's units (delta: less the last value, as the targets)
                    double lastInput = lastValueInput == null || !real ? 0
                            : x[(t * bSize + b) * inputs + lastValueInput[o]];
                    baseMean[i] = st.normalize(st.mean()) - (delta ? lastInput : 0);
                    if (!real) {
                        continue;
                    }
                    double target = units.actual(i);
                    model[o].add(units.predicted(i) - target);
                    mean[o].add(units.mean(i) - target);
                    long n = ++yCount[o];
                    double d = target - yMean[o];
                    yMean[o] += d / n;
                    yM2[o] += d * (target - yMean[o]);
                }
                if (real) {
                    scored++;
                }
            }
            double real = 0;
            for (int r = 0; r < rowsN; r++) {
                real += w == null ? 1 : w[r];
            }
            if (real == 0) {
                return;
            }
            lossSum += loss.evaluate(pred, y, w, rowsN, outputs, null) * real;
            meanLossSum += loss.evaluate(baseMean, y, w, rowsN, outputs, null) * real;
            weightSum += real;
        }

        @Override
        public EvalReport report(InputContract schema, Loss loss, int examples) {
            // a path 1..H has O outputs per step (step-major): a target pools its H outputs, a step its O
            int targets = outputs / schema.targetSteps();
            Map<String, EvalReport.Errors> perTarget = new LinkedHashMap<>();
            for (int o = 0; o < targets; o++) {
                perTarget.put(schema.targets().get(o), errors(model, o, outputs, targets));
            }
            List<EvalReport.Errors> perStep = new ArrayList<>();
            for (int j = 0; schema.targetSteps() > 1 && j < schema.targetSteps(); j++) {
                perStep.add(errors(model, j * targets, (j + 1) * targets, 1));
            }
            Baselines.Regression naive = Baselines.regression(data, schema, loss);
            List<EvalReport.Baseline> baselines = new ArrayList<>(naive.baselines());
            baselines.add(new EvalReport.Baseline("mean", "the mean of the training targets",
                    meanLossSum / weightSum, errors(mean, 0, outputs)));
            return new EvalReport("regression", loss.name().toLowerCase(java.util.Locale.ROOT),
                    examples, scored, lossSum / weightSum,
                    new EvalReport.Regression(errors(model, 0, outputs), perTarget, baselines, naive.note(), perStep),
                    null);
        }

        /** MSE and MAE pooled over outputs [from, to) of {@code s}, R² averaged over them. */
        private EvalReport.Errors errors(ErrorSums[] s, int from, int to) {
            return errors(s, from, to, 1);
        }

        /** As {@link #errors(ErrorSums[], int, int)} over every {@code every}-th output from {@code from}. */
        private EvalReport.Errors errors(ErrorSums[] s, int from, int to, int every) {
            long n = 0;
            double sse = 0;
            double sae = 0;
            double r2 = 0;
            int count = 0;
            for (int o = from; o < to; o += every) {
                count++;
                ErrorSums e = s[o];
                n += e.n;
                sse += e.sse;
                sae += e.sae;
                r2 += yM2[o] > 0 ? 1 - e.sse / yM2[o] : Double.NaN;
            }
            double mse = sse / n;
            return new EvalReport.Errors(mse, Math.sqrt(mse), sae / n, r2 / count);
        }
    }

    private static final class ClassificationAccumulator implements Accumulator {
        private final int classes;
        private final Dataset data;
        private final boolean sequence;
        /** [true label (model classes, then unseen ones as met)][predicted class]. */
        private final List<long[]> confusion = new ArrayList<>();
        private long total;
        private long correct;
        private long unseen;
        private double logLossSum;
        private long logLossRows;

        ClassificationAccumulator(InputContract schema, Dataset data) {
            this.classes = schema.outputs();
            this.data = data;
            this.sequence = schema.output() == TargetMode.SEQUENCE;
            for (int c = 0; c < classes; c++) {
                confusion.add(new long[classes]);
            }
        }

        @Override
        public void add(Batch batch, double[] pred) {
            int rowsN = batch.targetRows();
            double[] y = batch.targets();
            double[] w = sequence ? batch.mask() : null;
            for (int r = 0; r < rowsN; r++) {
                if (w != null && w[r] == 0) {
                    continue;
                }
                int label = (int) y[r];
                int off = r * classes;
                int arg = Predictor.argmax(pred, off, classes);
                while (confusion.size() <= label) {
                    confusion.add(new long[classes]);
                }
                confusion.get(label)[arg]++;
                total++;
                if (label >= classes) {
                    unseen++;
                    continue;
                }
                if (arg == label) {
                    correct++;
                }
                double max = pred[off + arg];
                double sum = 0;
                for (int j = 0; j < classes; j++) {
                    sum += Math.exp(pred[off + j] - max);
                }
                logLossSum += max + Math.log(sum) - pred[off + label];
                logLossRows++;
            }
        }

        @Override
        public EvalReport report(InputContract schema, Loss loss, int examples) {
            int labels = confusion.size();
            long[][] m = confusion.toArray(new long[0][]);
            double f1Sum = 0;
            int present = 0;
            for (int c = 0; c < labels; c++) {
                long tp = c < classes ? m[c][c] : 0;
                long actual = 0;
                for (long v : m[c]) {
                    actual += v;
                }
                long predicted = 0;
                if (c < classes) {
                    for (long[] row : m) {
                        predicted += row[c];
                    }
                }
                if (actual == 0 && predicted == 0) {
                    continue;
                }
                present++;
                f1Sum += tp == 0 ? 0 : 2.0 * tp / (actual + predicted);
            }
            List<String> unseenNames = new ArrayList<>();
            for (int c = classes; c < labels; c++) {
                unseenNames.add(data.className(c));
            }
            double logLoss = logLossRows == 0 ? Double.NaN : logLossSum / logLossRows;
            return new EvalReport("classification", loss.name().toLowerCase(java.util.Locale.ROOT), examples, total,
                    logLoss, null, new EvalReport.Classification(schema.classes(), unseenNames, m, total, correct,
                            (double) correct / total, present == 0 ? Double.NaN : f1Sum / present, logLoss, unseen));
        }
    }
}
