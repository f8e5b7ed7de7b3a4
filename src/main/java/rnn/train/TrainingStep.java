package rnn.train;

import rnn.nn.Loss;
import rnn.nn.OutputMode;
import rnn.nn.Parameters;
import rnn.nn.RecurrentModel;
import rnn.nn.SequenceInput;
import rnn.optim.GradientClipping;
import rnn.optim.Optimizer;
import rnn.random.Rng;

/**
 * One optimisation step on one batch: forward, loss, backward through time, clipping, optimizer update —
 * with the truncated-BPTT semantics of DESIGN §1 ({@code --tbptt K}):
 * <ul>
 * <li>K = 0: full BPTT, one update per batch.</li>
 * <li>K &gt; 0, {@code --output last}: the forward pass runs over the whole sequence; the gradient of each
 * sequence flows back through at most its last K real steps; one update per batch.</li>
 * <li>K &gt; 0, {@code --output sequence}: the batch is processed in chunks of K steps (char-rnn / DL4J
 * style); each chunk starts from the state the previous chunk ended in (carried forward, detached), its loss
 * covers its own unmasked steps, and the parameters are updated after each chunk.</li>
 * </ul>
 * A K longer than the data's longest sequence is an error ({@link #requireTruncationFits}), never a silent
 * no-op. When the loss or the gradient norm
 * is not finite, no parameter is changed and the result says so; the caller decides what to do.
 */
public final class TrainingStep {

    /** What one step did. {@code loss} is the mean over the batch (over all chunks, weighted by their rows). */
    public record Result(double loss, double gradNorm, int updates) {
        public boolean finite() {
            return Double.isFinite(loss) && Double.isFinite(gradNorm);
        }
    }

    private final RecurrentModel model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final double clipNorm;
    private final double clipValue;
    private final int tbptt;
    private final Rng dropoutRng;
    private double[] dPred = new double[0];

    /**
     * @param clipNorm   clip the global gradient L2 norm to this (0 = off)
     * @param clipValue  clip every gradient entry to ±this (0 = off)
     * @param tbptt      truncation K (0 = full BPTT)
     * @param dropoutRng draws the dropout masks (part of the run's seeded state)
     */
    public TrainingStep(RecurrentModel model, Loss loss, Optimizer optimizer, double clipNorm, double clipValue,
                        int tbptt, Rng dropoutRng) {
        if (tbptt < 0) {
            throw new IllegalArgumentException("{{tbptt}}: expected 0 (full BPTT) or a positive number of steps, got "
                    + tbptt);
        }
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.clipNorm = clipNorm;
        this.clipValue = clipValue;
        this.tbptt = tbptt;
        this.dropoutRng = dropoutRng;
    }

    /**
     * Trains on one batch.
     *
     * @param in     the batch
     * @param target B×O values (or B class indices) for last-step output; (T·B)×O (or T·B indices) time-major
     *               for sequence output
     * @param lr     the learning rate of this step
     */
    public Result run(SequenceInput in, double[] target, double lr) {
        return run(in, target, lr, false);
    }

    /**
     * Trains on one batch, starting from the state the previous batch ended in when {@code carryState}
     * ({@code --stateful}: the batch continues the previous one's streams row for row; the state is detached, so
     * the gradient stops at the batch's first step).
     *
     * @throws IllegalStateException with {@code carryState} and truncation K &gt; 0 (the two do not combine)
     */
    public Result run(SequenceInput in, double[] target, double lr, boolean carryState) {
        if (carryState && tbptt > 0) {
            throw new IllegalStateException("a carried state with truncated BPTT chunks");
        }
        // one recurrent mask per sequence of the batch, kept across its truncated-BPTT chunks
        model.resampleRecurrentDropout(in.batch(), dropoutRng);
        if (tbptt == 0 || model.spec().output() == OutputMode.LAST) {
            double[] pred = forward(in, carryState);
            int rows = model.predictionRows(in);
            double l = loss.evaluate(pred, target, 0, weights(in), in.maskOffset(), rows, outputs(), gradBuffer(rows));
            double norm = backwardAndUpdate(in, l, lr);
            return new Result(l, norm, Double.isFinite(l) && Double.isFinite(norm) ? 1 : 0);
        }
        double weightedLoss = 0;
        double rowsSeen = 0;
        double maxNorm = 0;
        int updates = 0;
        int perStep = loss.isClassification() ? 1 : outputs();
        for (int t0 = 0; t0 < in.steps(); t0 += tbptt) {
            SequenceInput chunk = in.slice(t0, Math.min(in.steps(), t0 + tbptt));
            double real = realRows(chunk);
            double[] pred = forward(chunk, t0 > 0);
            if (real == 0) {
                continue;
            }
            int rows = model.predictionRows(chunk);
            double l = loss.evaluate(pred, target, t0 * in.batch() * perStep, weights(chunk), chunk.maskOffset(),
                    rows, outputs(), gradBuffer(rows));
            double norm = backwardAndUpdate(chunk, l, lr);
            weightedLoss += l * real;
            rowsSeen += real;
            maxNorm = Double.isNaN(norm) ? norm : Math.max(maxNorm, norm);
            if (!Double.isFinite(l) || !Double.isFinite(norm)) {
                return new Result(l, norm, updates);
            }
            updates++;
        }
        return new Result(rowsSeen == 0 ? 0 : weightedLoss / rowsSeen, maxNorm, updates);
    }

    /** A batch as the model's input (a view: valid while the batch is). */
    public static SequenceInput input(rnn.data.Batch batch) {
        return new SequenceInput(batch.x(), 0, batch.mask(), 0, batch.size(), batch.steps(), batch.inputs());
    }

    /**
     * Refuses a truncation longer than the longest sequence of the data, which would truncate nothing
     * (a batch of shorter sequences than K is fine: it simply gets full BPTT).
     *
     * @throws IllegalArgumentException naming {@code {{tbptt}}} and the longest sequence
     */
    public static void requireTruncationFits(int tbptt, int longestSequence) {
        if (tbptt > longestSequence) {
            throw new IllegalArgumentException("{{tbptt}} " + tbptt + ": longer than the sequences (" + longestSequence
                    + " steps), so it would truncate nothing; use a value of at most " + longestSequence
                    + " or 0 for full BPTT");
        }
    }

    /** The mean loss on a batch without training (no dropout, nothing updated). */
    public double evaluate(SequenceInput in, double[] target) {
        double[] pred = model.forward(in, false, false);
        return loss.evaluate(pred, target, 0, weights(in), in.maskOffset(), model.predictionRows(in), outputs(), null);
    }

    private double[] forward(SequenceInput in, boolean carryState) {
        model.resampleDropout(in.steps(), in.batch(), dropoutRng);
        return model.forward(in, true, carryState);
    }

    private double backwardAndUpdate(SequenceInput in, double l, double lr) {
        if (!Double.isFinite(l)) {
            return Double.NaN;
        }
        Parameters params = model.parameters();
        params.zeroGrad();
        int truncate = model.spec().output() == OutputMode.LAST ? tbptt : 0;
        model.backward(dPred, truncate, false);
        // the norm is reported before any clipping; then by norm, then by value (Keras's order)
        double norm = GradientClipping.clipByGlobalNorm(params, clipNorm);
        if (clipValue > 0) {
            GradientClipping.clipByValue(params, clipValue);
        }
        if (Double.isFinite(norm)) {
            optimizer.step(lr);
        }
        return norm;
    }

    private double[] weights(SequenceInput in) {
        return model.spec().output() == OutputMode.SEQUENCE ? in.mask() : null;
    }

    private static double realRows(SequenceInput in) {
        double n = 0;
        for (int t = 0; t < in.steps(); t++) {
            for (int b = 0; b < in.batch(); b++) {
                n += in.isReal(t, b) ? 1 : 0;
            }
        }
        return n;
    }

    private int outputs() {
        return model.spec().outputs();
    }

    private double[] gradBuffer(int rows) {
        if (dPred.length < rows * outputs()) {
            dPred = new double[rows * outputs()];
        }
        return dPred;
    }
}
