package rnn.train;

import java.util.Objects;

import rnn.nn.Loss;
import rnn.optim.LrSchedule;
import rnn.optim.OptimizerSettings;

/**
 * How a run trains (DESIGN §2, training). The defaults of the numbers are the {@code DEFAULT_*} constants (the
 * command line shows them); messages name the field, not a flag.
 *
 * @param epochs        total epochs (a resumed run continues to this total), ≥ 1
 * @param batchSize     sequences per batch, ≥ 1
 * @param lr            base learning rate, positive
 * @param optimizer     optimizer kind and hyper-parameters
 * @param clipNorm      clip the global gradient L2 norm (0 = off)
 * @param clipValue     clip each gradient entry to [−v, v] (0 = off)
 * @param tbptt         truncated BPTT length K (0 = full)
 * @param lrSchedule    one of {@link LrSchedule#NAMES}
 * @param earlyStopping stop after this many epochs without a better validation loss (0 = off)
 * @param loss          training objective
 * @param seed          seeds initialisation, shuffling, dropout and the validation split
 * @param threads       compute threads (0 = automatic by the work of a time step: {@code Compute.defaultThreads})
 * @param stateful      char-rnn's layout ({@code --stateful}, text only): windows in B = batchSize contiguous
 *                      streams, read in order, the hidden state carried from one batch to the next (gradients
 *                      truncated at window edges), reset at each epoch start; false in files without the field
 */
public record TrainingConfig(int epochs, int batchSize, double lr, OptimizerSettings optimizer, double clipNorm,
                             double clipValue, int tbptt, String lrSchedule, int earlyStopping, Loss loss, long seed,
                             int threads, boolean stateful) {

    public static final int DEFAULT_EPOCHS = 20;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final double DEFAULT_LR = 1e-3;
    public static final double DEFAULT_CLIP_NORM = 5;
    public static final double DEFAULT_CLIP_VALUE = 0;
    public static final int DEFAULT_TBPTT = 0;
    public static final int DEFAULT_EARLY_STOPPING = 0;
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_THREADS = 0;

    public TrainingConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(loss, "loss");
        atLeast("epochs", epochs, 1);
        atLeast("batchSize", batchSize, 1);
        atLeast("tbptt", tbptt, 0);
        atLeast("earlyStopping", earlyStopping, 0);
        atLeast("threads", threads, 0);
        if (!(lr > 0 && lr < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("lr: expected a positive number, got " + lr);
        }
        nonNegative("clipNorm", clipNorm);
        nonNegative("clipValue", clipValue);
        if (!LrSchedule.NAMES.contains(lrSchedule)) {
            throw new IllegalArgumentException("lrSchedule: expected one of " + String.join(", ", LrSchedule.NAMES)
                    + ", got " + lrSchedule);
        }
    }

    /** Without the stateful layout. */
    public TrainingConfig(int epochs, int batchSize, double lr, OptimizerSettings optimizer, double clipNorm,
                          double clipValue, int tbptt, String lrSchedule, int earlyStopping, Loss loss, long seed,
                          int threads) {
        this(epochs, batchSize, lr, optimizer, clipNorm, clipValue, tbptt, lrSchedule, earlyStopping, loss, seed,
                threads, false);
    }

    /** This configuration with {@code batchSize} sequences per batch. */
    public TrainingConfig withBatchSize(int batchSize) {
        return new TrainingConfig(epochs, batchSize, lr, optimizer, clipNorm, clipValue, tbptt, lrSchedule,
                earlyStopping, loss, seed, threads, stateful);
    }

    /** This configuration with {@code threads} compute threads. */
    public TrainingConfig withThreads(int threads) {
        return new TrainingConfig(epochs, batchSize, lr, optimizer, clipNorm, clipValue, tbptt, lrSchedule,
                earlyStopping, loss, seed, threads, stateful);
    }

    private static void atLeast(String field, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(field + ": expected an integer >= " + min + ", got " + v);
        }
    }

    private static void nonNegative(String field, double v) {
        if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(field + ": expected a number >= 0, got " + v);
        }
    }
}
