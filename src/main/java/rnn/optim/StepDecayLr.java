package rnn.optim;

/**
 * Step decay, as PyTorch's {@code StepLR}: the rate is multiplied by γ every {@code stepEpochs} epochs,
 * <pre>
 *   lr(e) = baseLr · γ^⌊e / stepEpochs⌋      (e = 0-based epoch)
 * </pre>
 * Defaults: {@code stepEpochs} = {@value #DEFAULT_STEP_EPOCHS}, γ = {@value #DEFAULT_GAMMA}, so epochs 0–9
 * run at baseLr, 10–19 at baseLr/2, and so on. A pure function of the epoch (no state).
 *
 * @param baseLr     the rate of epoch 0, &gt; 0
 * @param stepEpochs epochs between two decays, ≥ 1
 * @param gamma      the decay factor, in (0, 1]
 */
public record StepDecayLr(double baseLr, int stepEpochs, double gamma) implements LrSchedule {

    public static final int DEFAULT_STEP_EPOCHS = 10;
    public static final double DEFAULT_GAMMA = 0.5;

    public StepDecayLr {
        LrSchedule.requireBaseLr(baseLr);
        if (stepEpochs < 1) {
            throw new IllegalArgumentException("step lr schedule: expected stepEpochs ≥ 1, got " + stepEpochs);
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("step lr schedule: expected gamma in (0, 1], got " + gamma);
        }
    }

    /** The schedule with the default step and γ. */
    public static StepDecayLr withDefaults(double baseLr) {
        return new StepDecayLr(baseLr, DEFAULT_STEP_EPOCHS, DEFAULT_GAMMA);
    }

    @Override
    public double rate(int epoch) {
        return baseLr * Math.pow(gamma, epoch / stepEpochs);
    }
}
