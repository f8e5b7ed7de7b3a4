package rnn.train;

import java.util.Map;

import rnn.nn.Parameters;
import rnn.optim.Optimizer;
import rnn.random.Rng;

/**
 * Trains the batches of one epoch somewhere other than the trainer's own loop (data-parallel workers), for a
 * {@link Trainer} that keeps everything else: validation, loss.csv, the plot, early stopping, checkpoints.
 *
 * <p>Contract of {@link #trainEpoch}: on entry the trainer's parameters and optimizer state are the state to train
 * from, {@code shuffle} is positioned at the epoch's start and {@code dropout} where the last step left it. On
 * return the parameters and optimizer state hold the epoch's result (modified in place), the optimizer's step count
 * is the steps taken, and both generators are where the single-machine loop would leave them for worker 0 (so that
 * one worker reproduces {@code rnn train} bit for bit). State that only this trainer knows (other workers'
 * generators) goes into every checkpoint through {@link #metadata()} and comes back through {@link #restore}.
 */
public interface EpochTraining extends AutoCloseable {

    /**
     * What one epoch trains from (the arrays and generators are the trainer's live ones); {@code stopRequested}
     * is polled between rounds.
     */
    record Work(int epoch, double lr, Parameters parameters, Optimizer optimizer, Rng shuffle, Rng dropout,
                java.util.function.BooleanSupplier stopRequested) {
    }

    /**
     * What an epoch added up over every worker's batches, summed in worker order.
     *
     * @param lossSum     Σ batch loss × batch rows
     * @param rows        Σ batch rows
     * @param maxGradNorm the largest gradient norm of any step
     * @param divergence  null, or the first non-finite step: "the loss became NaN at epoch 3, batch 7 of worker 1
     *                    (gradient norm 12.3)"
     * @param abandoned   a stop was requested before the epoch's last round: the parameters, optimizer state,
     *                    generators and {@link #metadata()} are back where the epoch started (the sums are 0)
     */
    record Totals(double lossSum, double rows, double maxGradNorm, String divergence, boolean abandoned) {
    }

    /** Trains one epoch (see the class contract). */
    Totals trainEpoch(Work work);

    /** What a checkpoint must hold besides the trainer's state to resume exactly (metadata key → JSON text). */
    Map<String, String> metadata();

    /**
     * Continues from a checkpoint's metadata (written by {@link #metadata()}, or by a single-machine run).
     *
     * @throws IllegalArgumentException the checkpoint was written with another number of workers, or is malformed
     */
    void restore(Map<String, String> metadata);

    /** Ends the cluster session; never throws. */
    @Override
    void close();
}
