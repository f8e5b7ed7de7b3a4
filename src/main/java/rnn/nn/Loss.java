package rnn.nn;

/**
 * The training objectives, DESIGN §1, each averaged over the weighted rows (batch rows, and for
 * sequence output the unmasked steps) and, for the regression losses, over the O outputs.
 * <ul>
 * <li>{@code MSE}: mean of (ŷ − y)²</li>
 * <li>{@code MAE}: mean of |ŷ − y| (gradient sign(ŷ − y), 0 at 0)</li>
 * <li>{@code HUBER} (δ = 1): mean of ½e² for |e| ≤ δ, δ(|e| − ½δ) otherwise</li>
 * <li>{@code XENT}: softmax cross-entropy on logits ŷ with a class index per row, mean of
 * {@code logsumexp(ŷ) − ŷ_y}, computed with the maximum subtracted so logits of ±1000 stay finite;
 * gradient softmax(ŷ) − onehot(y).</li>
 * </ul>
 */
public enum Loss {
    MSE,
    MAE,
    HUBER,
    XENT;

    /** Huber's δ (DESIGN §1). */
    public static final double HUBER_DELTA = 1.0;

    /** True for the classification loss, whose target is one class index per row. */
    public boolean isClassification() {
        return this == XENT;
    }

    /**
     * The mean loss, and optionally its gradient.
     *
     * @param pred    predictions (logits for XENT), rows×O; not modified
     * @param target  rows×O values, or for XENT one class index per row; not modified
     * @param weight  per-row weight (1 real, 0 padded) or {@code null} for all 1; not modified
     * @param rows    number of rows
     * @param outputs O
     * @param dPred   out: dLoss/dpred, rows×O (overwritten), or {@code null} when only the value is wanted
     * @return the mean loss; 0 when every row has weight 0
     */
    public double evaluate(double[] pred, double[] target, double[] weight, int rows, int outputs, double[] dPred) {
        return evaluate(pred, target, 0, weight, 0, rows, outputs, dPred);
    }

    /**
     * As {@link #evaluate(double[], double[], double[], int, int, double[])}, with the targets read from
     * {@code target[targetOffset..]} (values or class indices) and the weights from {@code weight[weightOffset..]}
     * — how a truncated-BPTT chunk addresses its steps inside the whole batch without copying.
     */
    public double evaluate(double[] pred, double[] target, int targetOffset, double[] weight, int weightOffset,
                           int rows, int outputs, double[] dPred) {
        double count = 0;
        for (int r = 0; r < rows; r++) {
            count += weight == null ? 1.0 : weight[weightOffset + r];
        }
        if (count == 0) {
            if (dPred != null) {
                java.util.Arrays.fill(dPred, 0, rows * outputs, 0.0);
            }
            return 0.0;
        }
        double norm = this == XENT ? count : count * outputs;
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            double w = weight == null ? 1.0 : weight[weightOffset + r];
            int o = r * outputs;
            if (this == XENT) {
                sum += w * crossEntropyRow(pred, o, outputs, (int) target[targetOffset + r], dPred, w / norm);
                continue;
            }
            for (int j = 0; j < outputs; j++) {
                double e = pred[o + j] - target[targetOffset + o + j];
                double value;
                double grad;
                switch (this) {
                    case MSE -> {
                        value = e * e;
                        grad = 2 * e;
                    }
                    case MAE -> {
                        value = Math.abs(e);
                        grad = Math.signum(e);
                    }
                    default -> { // HUBER
                        double a = Math.abs(e);
                        value = a <= HUBER_DELTA ? 0.5 * e * e : HUBER_DELTA * (a - 0.5 * HUBER_DELTA);
                        grad = a <= HUBER_DELTA ? e : HUBER_DELTA * Math.signum(e);
                    }
                }
                sum += w * value;
                if (dPred != null) {
                    dPred[o + j] = w * grad / norm;
                }
            }
        }
        return sum / norm;
    }

    private static double crossEntropyRow(double[] logits, int o, int classes, int label, double[] dPred, double scale) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("class index " + label + " outside 0.." + (classes - 1));
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) {
            max = Math.max(max, logits[o + j]);
        }
        double sumExp = 0;
        for (int j = 0; j < classes; j++) {
            sumExp += Math.exp(logits[o + j] - max);
        }
        double logSumExp = max + Math.log(sumExp);
        if (dPred != null) {
            for (int j = 0; j < classes; j++) {
                double p = Math.exp(logits[o + j] - logSumExp);
                dPred[o + j] = scale * (p - (j == label ? 1.0 : 0.0));
            }
        }
        return logSumExp - logits[o + label];
    }
}
