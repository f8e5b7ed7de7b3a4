package rnn.train;

import java.nio.file.Path;
import java.util.Arrays;

import rnn.io.LossPlot;
import rnn.nn.Activation;
import rnn.nn.CellType;
import rnn.nn.GruVariant;
import rnn.nn.Loss;
import rnn.nn.OutputMode;
import rnn.optim.LrSchedule;
import rnn.optim.OptimizerSettings;

/**
 * Every resolved model, training and output option of {@code rnn train} (DESIGN §2) except the data options,
 * immutable. Each default is defined once here ({@code DEFAULT_*}); the command line shows them in its help.
 *
 * @param cell            the recurrent cell
 * @param hidden          hidden size per layer, bottom first
 * @param activation      the simple RNN's activation
 * @param gruVariant      the GRU variant
 * @param dropout         dropout probability between layers
 * @param output          head on the last step or on every step
 * @param epochs          total epochs (a resumed run continues to this total)
 * @param batchSize       sequences per batch
 * @param lr              base learning rate
 * @param optimizer       optimizer kind and hyper-parameters
 * @param clipNorm        clip the global gradient norm (0 = off)
 * @param clipValue       clip each gradient entry (0 = off)
 * @param tbptt           truncated BPTT length (0 = full)
 * @param lrSchedule      constant, step, cosine or plateau
 * @param earlyStopping   stop after this many epochs without a better validation loss (0 = off)
 * @param loss            training objective
 * @param seed            seeds initialisation, shuffling, dropout and the validation split
 * @param threads         compute threads (0 = choose for the machine)
 * @param out             the run directory
 * @param checkpointEvery write a checkpoint every N epochs
 * @param keep            keep the last K epoch checkpoints (plus best and last)
 * @param plot            loss plot format
 */
public record TrainConfig(CellType cell, int[] hidden, Activation activation, GruVariant gruVariant, double dropout,
                          OutputMode output, int epochs, int batchSize, double lr, OptimizerSettings optimizer,
                          double clipNorm, double clipValue, int tbptt, String lrSchedule, int earlyStopping,
                          Loss loss, long seed, int threads, Path out, int checkpointEvery, int keep,
                          LossPlot.Format plot) {

    public static final String DEFAULT_CELL = "gru";
    public static final String DEFAULT_HIDDEN = "64";
    public static final String DEFAULT_ACTIVATION = "tanh";
    public static final String DEFAULT_GRU_VARIANT = "classic";
    public static final double DEFAULT_DROPOUT = 0;
    public static final String DEFAULT_OUTPUT = "last";
    public static final int DEFAULT_EPOCHS = 20;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final double DEFAULT_LR = 1e-3;
    public static final String DEFAULT_OPTIMIZER = "adam";
    public static final double DEFAULT_CLIP_NORM = 5;
    public static final double DEFAULT_CLIP_VALUE = 0;
    public static final int DEFAULT_TBPTT = 0;
    public static final String DEFAULT_LR_SCHEDULE = "constant";
    public static final int DEFAULT_EARLY_STOPPING = 0;
    public static final String DEFAULT_LOSS = "mse";
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_THREADS = 0;
    public static final int DEFAULT_CHECKPOINT_EVERY = 1;
    public static final int DEFAULT_KEEP = 3;
    public static final String DEFAULT_PLOT = "png";

    public TrainConfig {
        hidden = hidden.clone();
        rnn.nn.ModelSpec.checkActivation(cell, activation);
        rnn.nn.ModelSpec.checkDropout(dropout);
        positive("--epochs", epochs);
        positive("--batch-size", batchSize);
        positive("--checkpoint-every", checkpointEvery);
        positive("--keep", keep);
        if (!(lr > 0 && lr < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("--lr: expected a positive number, got " + lr);
        }
        nonNegative("--clip-norm", clipNorm);
        nonNegative("--clip-value", clipValue);
        if (tbptt < 0) {
            throw new IllegalArgumentException("--tbptt: expected 0 (full BPTT) or a positive number of steps, got "
                    + tbptt);
        }
        if (earlyStopping < 0) {
            throw new IllegalArgumentException("--early-stopping: expected 0 (off) or a positive patience, got "
                    + earlyStopping);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("--threads: expected 0 (automatic) or a positive number, got "
                    + threads);
        }
        if (!LrSchedule.NAMES.contains(lrSchedule)) {
            throw new IllegalArgumentException("--lr-schedule: expected one of " + String.join(", ", LrSchedule.NAMES)
                    + ", got \"" + lrSchedule + "\"");
        }
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    private static void positive(String flag, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(flag + ": expected a positive integer, got " + v);
        }
    }

    private static void nonNegative(String flag, double v) {
        if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(flag + ": expected a number >= 0 (0 = off), got " + v);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainConfig c && Arrays.equals(hidden, c.hidden) && toString().equals(c.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "TrainConfig[cell=" + cell + ", hidden=" + Arrays.toString(hidden) + ", activation=" + activation
                + ", gruVariant=" + gruVariant + ", dropout=" + dropout + ", output=" + output + ", epochs=" + epochs
                + ", batchSize=" + batchSize + ", lr=" + lr + ", optimizer=" + optimizer + ", clipNorm=" + clipNorm
                + ", clipValue=" + clipValue + ", tbptt=" + tbptt + ", lrSchedule=" + lrSchedule
                + ", earlyStopping=" + earlyStopping + ", loss=" + loss + ", seed=" + seed + ", threads=" + threads
                + ", out=" + out + ", checkpointEvery=" + checkpointEvery + ", keep=" + keep + ", plot=" + plot + "]";
    }
}
