package rnn.optim;

/**
 * The same learning rate every epoch: lr(e) = lr. The default schedule.
 *
 * @param lr the learning rate, ≥ 0
 */
public record ConstantLr(double lr) implements LrSchedule {

    static final String NAME = "constant";

    public ConstantLr {
        Optimizer.requireValidLr(lr);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double lrForEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch: expected a non-negative index, got " + epoch);
        }
        return lr;
    }
}
