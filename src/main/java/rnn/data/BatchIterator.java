package rnn.data;

import rnn.random.Rng;

/**
 * The batches of one epoch over a {@link Dataset}: every example once, in file order or, with an {@link Rng},
 * in an order drawn afresh each epoch (the identity order shuffled by Fisher–Yates, so the order depends only on
 * the generator's state: the same seed gives the same batches, and a run resumed from a checkpoint that saved
 * the state continues identically). The last batch holds the remainder (it is kept, not dropped).
 *
 * <pre>{@code
 * Batch batch = data.train().newBatch(32);          // once
 * BatchIterator it = data.train().batches(32, rng.split());
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     it.startEpoch();
 *     while (it.next(batch)) { ... }
 * }
 * }</pre>
 */
public final class BatchIterator {

    private final Dataset dataset;
    private final int batchSize;
    private final Rng rng;
    private final int[] order;
    private int position;

    BatchIterator(Dataset dataset, int batchSize, Rng rng) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size: expected a positive integer, got " + batchSize);
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.rng = rng;
        this.order = new int[dataset.size()];
        startEpoch();
    }

    /** Rewinds to the first batch, drawing a new order when shuffling. Called by the constructor. */
    public void startEpoch() {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (rng != null) {
            rng.shuffle(order);
        }
        position = 0;
    }

    /**
     * Fills the next batch of this epoch.
     *
     * @param batch from {@link Dataset#newBatch} of this dataset; modified
     * @return false when the epoch is over (then {@code batch} is unchanged)
     */
    public boolean next(Batch batch) {
        if (position >= order.length) {
            return false;
        }
        int count = Math.min(Math.min(batchSize, batch.capacity()), order.length - position);
        dataset.fill(order, position, count, batch);
        position += count;
        return true;
    }

    /** Batches per epoch: ceil(N / batch size). */
    public int batchesPerEpoch() {
        return (order.length + batchSize - 1) / batchSize;
    }

    /** The example order of the current epoch (a copy). */
    public int[] order() {
        return order.clone();
    }
}
