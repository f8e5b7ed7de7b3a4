package rnn.optim;

/**
 * Reduces the rate when the monitored loss stops improving, as PyTorch's {@code ReduceLROnPlateau} in
 * {@code mode="min"}, {@code threshold_mode="rel"}, {@code cooldown=0}. After each epoch, with loss L:
 * <pre>
 *   if L &lt; best · (1 − threshold):  best ← L,  bad ← 0            (an improvement)
 *   else:                            bad ← bad + 1
 *   if bad &gt; patience:  lr ← max(lr · factor, minLr)  (skipped if it changes lr by less than 1e-8),  bad ← 0
 * </pre>
 * So with patience 3 the first three epochs without improvement are tolerated and the rate is cut when the
 * fourth ends, taking effect from the next epoch. best starts at +∞ (the first finite loss is an improvement);
 * a NaN loss counts as no improvement. Defaults (ours, not PyTorch's 0.1/10/0):
 * factor {@value #DEFAULT_FACTOR}, patience {@value #DEFAULT_PATIENCE}, minLr {@value #DEFAULT_MIN_LR},
 * threshold {@value #DEFAULT_THRESHOLD} (relative).
 *
 * <p>State: {@code [lr, best, bad]} ({@link #state()}); best may be +∞ before the first epoch ends.
 */
public final class ReduceLrOnPlateau implements LrSchedule {

    public static final double DEFAULT_FACTOR = 0.5;
    public static final int DEFAULT_PATIENCE = 3;
    public static final double DEFAULT_MIN_LR = 1e-6;
    public static final double DEFAULT_THRESHOLD = 1e-4;
    /** A reduction smaller than this is skipped (PyTorch's {@code eps}). */
    static final double MIN_LR_CHANGE = 1e-8;
    private static final int STATE_LENGTH = 3;

    private final double factor;
    private final int patience;
    private final double minLr;
    private final double threshold;

    private double lr;
    private double best = Double.POSITIVE_INFINITY;
    private int badEpochs;

    /**
     * @param baseLr    the rate until the first reduction, &gt; 0
     * @param factor    the multiplier of a reduction, in (0, 1)
     * @param patience  non-improving epochs tolerated before a reduction, ≥ 0
     * @param minLr     the rate is never reduced below this, ≥ 0
     * @param threshold the relative improvement that counts, in [0, 1)
     */
    public ReduceLrOnPlateau(double baseLr, double factor, int patience, double minLr, double threshold) {
        LrSchedule.requireBaseLr(baseLr);
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("plateau lr schedule: expected factor in (0, 1), got " + factor);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("plateau lr schedule: expected patience ≥ 0, got " + patience);
        }
        if (!(minLr >= 0 && minLr < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("plateau lr schedule: expected a non-negative minimum lr, got " + minLr);
        }
        if (!(threshold >= 0 && threshold < 1)) {
            throw new IllegalArgumentException("plateau lr schedule: expected threshold in [0, 1), got " + threshold);
        }
        this.lr = baseLr;
        this.factor = factor;
        this.patience = patience;
        this.minLr = minLr;
        this.threshold = threshold;
    }

    /** The schedule with the default factor, patience, minimum and threshold. */
    public static ReduceLrOnPlateau withDefaults(double baseLr) {
        return new ReduceLrOnPlateau(baseLr, DEFAULT_FACTOR, DEFAULT_PATIENCE, DEFAULT_MIN_LR, DEFAULT_THRESHOLD);
    }

    /** The current rate; the epoch index is not used (the rate depends only on the losses reported so far). */
    @Override
    public double rate(int epoch) {
        return lr;
    }

    @Override
    public void endEpoch(double monitoredLoss) {
        if (monitoredLoss < best * (1 - threshold)) {
            best = monitoredLoss;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (badEpochs > patience) {
            double reduced = Math.max(lr * factor, minLr);
            if (lr - reduced > MIN_LR_CHANGE) {
                lr = reduced;
            }
            badEpochs = 0;
        }
    }

    /** {@code [lr, best, bad]}. */
    @Override
    public double[] state() {
        return new double[] {lr, best, badEpochs};
    }

    @Override
    public void setState(double[] state) {
        if (state.length != STATE_LENGTH) {
            throw new IllegalArgumentException(
                    "lr schedule plateau state: expected " + STATE_LENGTH + " values, got " + state.length);
        }
        double bad = state[2];
        boolean validLr = state[0] >= 0 && state[0] < Double.POSITIVE_INFINITY;
        if (!validLr || !(bad >= 0 && bad <= Integer.MAX_VALUE && bad == Math.rint(bad)) || Double.isNaN(state[1])) {
            throw new IllegalArgumentException("lr schedule plateau state: expected [lr, best, bad epochs], got ["
                    + state[0] + ", " + state[1] + ", " + state[2] + "]");
        }
        this.lr = state[0];
        this.best = state[1];
        this.badEpochs = (int) bad;
    }
}
