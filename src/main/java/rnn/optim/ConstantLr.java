package rnn.optim;

/**
 * The same learning rate every epoch: lr(e) = lr. The default schedule.
 *
 * @param lr the learning rate, &gt; 0
 */
public record ConstantLr(double lr) implements LrSchedule {
    public ConstantLr {
        LrSchedule.requireBaseLr(lr);
    }

    @Override
    public double rate(int epoch) {
        return lr;
    }
}
