package rnn.train;

import java.nio.file.Path;

import rnn.io.LossLog;

/**
 * What the epoch loop reports as it goes (progress bars, log lines). Every method has an empty default.
 */
public interface TrainingListener {

    /** An epoch begins: {@code batches} batches of {@code samples} training examples in all. */
    default void epochStarted(int epoch, int epochs, int batches, int samples) {
    }

    /**
     * A batch is done: the running mean training loss of the epoch so far. The trainer polls its stop signal
     * right after this call, so a signal triggered here stops the run after this very batch.
     */
    default void batchDone(int epoch, int batch, int samplesDone, double runningLoss) {
    }

    /** An epoch is done. */
    default void epochDone(LossLog.Row row, boolean best) {
    }

    /**
     * A stop signal ended the run and its checkpoint is written in {@code run}, from which the run resumes:
     * during {@code epoch} after batch {@code batch} of {@code batches}, or after the whole epoch when
     * {@code batch == batches}. (The command line says how to resume; the trainer does not know its flags.)
     */
    default void stopped(StopSignal.Received signal, int epoch, int batch, int batches, Path run) {
    }
}
