package rnn.optim;

/**
 * Cosine annealing from the base rate to a minimum over the run, as PyTorch's {@code CosineAnnealingLR} with
 * {@code T_max} = the total number of epochs T:
 * <pre>
 *   lr(e) = η_min + (baseLr − η_min) · (1 + cos(π · e / T)) / 2      for 0 ≤ e ≤ T
 *   lr(e) = η_min                                                  for e &gt; T
 * </pre>
 * So epoch 0 runs at baseLr, epoch T/2 at the midpoint, and the last epoch (e = T − 1) just above η_min;
 * η_min itself is reached at e = T. The second line departs from PyTorch, whose closed form rises again after
 * T (a cosine period); a run resumed beyond its planned epochs stays at the minimum instead. Default
 * η_min = {@value #DEFAULT_MIN_LR}. A pure function of the epoch (no state).
 *
 * @param baseLr      the rate of epoch 0, &gt; 0
 * @param minLr       η_min, ≥ 0
 * @param totalEpochs T, ≥ 1
 */
public record CosineAnnealingLr(double baseLr, double minLr, int totalEpochs) implements LrSchedule {

    public static final double DEFAULT_MIN_LR = 0;

    public CosineAnnealingLr {
        LrSchedule.requireBaseLr(baseLr);
        if (!(minLr >= 0 && minLr < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("cosine lr schedule: expected a non-negative minimum lr, got " + minLr);
        }
        if (totalEpochs < 1) {
            throw new IllegalArgumentException("{{epochs}}: expected a positive integer, got " + totalEpochs);
        }
    }

    /** The schedule with η_min = {@value #DEFAULT_MIN_LR}. */
    public static CosineAnnealingLr withDefaults(double baseLr, int totalEpochs) {
        return new CosineAnnealingLr(baseLr, DEFAULT_MIN_LR, totalEpochs);
    }

    @Override
    public double rate(int epoch) {
        if (epoch >= totalEpochs) {
            return minLr;
        }
        return minLr + (baseLr - minLr) * (1 + Math.cos(Math.PI * epoch / totalEpochs)) / 2;
    }
}
