package rnn.train;

/**
 * The running totals of one epoch: Σ (batch loss × batch rows), Σ rows, the largest gradient norm and the
 * training seconds — started from a resumed {@link TrainerState.Progress} or from zero. Mutable, one per epoch.
 */
final class EpochAccount {

    private double lossSum;
    private double lossRows;
    private double maxGradNorm;
    private final double secondsBefore;
    private final long startNanos = System.nanoTime();

    /** Continues from {@code p} (the part of the epoch done before a resume; {@link TrainerState.Progress#NONE}). */
    EpochAccount(TrainerState.Progress p) {
        this.lossSum = p.lossSum();
        this.lossRows = p.lossRows();
        this.maxGradNorm = p.maxGradNorm();
        this.secondsBefore = p.seconds();
    }

    /** Adds a batch of {@code rows} rows with mean loss {@code loss} and gradient norm {@code gradNorm}. */
    void add(double rows, double loss, double gradNorm) {
        lossSum += loss * rows;
        lossRows += rows;
        maxGradNorm = Math.max(maxGradNorm, gradNorm);
    }

    /** Adds the sums of several batches (Σ loss × rows, Σ rows) and their largest gradient norm. */
    void addTotals(double lossSum, double rows, double gradNorm) {
        this.lossSum += lossSum;
        lossRows += rows;
        maxGradNorm = Math.max(maxGradNorm, gradNorm);
    }

    /** The mean training loss per row so far. */
    double meanLoss() {
        return lossSum / lossRows;
    }

    double rows() {
        return lossRows;
    }

    double maxGradNorm() {
        return maxGradNorm;
    }

    /** Seconds spent in this process since the account was opened. */
    double secondsHere() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Seconds of the whole epoch, including the part before a resume. */
    double seconds() {
        return secondsBefore + secondsHere();
    }

    /** The progress after {@code batch} batches of the epoch, for a mid-epoch checkpoint. */
    TrainerState.Progress progress(int batch) {
        return new TrainerState.Progress(batch, lossSum, lossRows, maxGradNorm, seconds());
    }
}
