package rnn.use;

import java.io.IOException;

import rnn.data.Batch;
import rnn.data.BatchIterator;
import rnn.data.Dataset;
import rnn.nn.RecurrentModel;
import rnn.nn.SequenceInput;

/**
 * Runs a trained model over a {@link Dataset} in file order, one batch at a time, and hands each batch's raw
 * predictions to a consumer. Nothing accumulates: memory is one batch's buffers whatever the number of examples.
 */
public final class Predictor {

    /** Receives the predictions of one batch. */
    @FunctionalInterface
    public interface BatchConsumer {
        /**
         * @param batch the batch (its examples via {@link Batch#example}); valid until the next batch
         * @param pred  the model's output, {@code RecurrentModel.predictionRows}×O from offset 0: B rows for
         *              {@code --output last}, T·B time-major rows (row t·B + b) for {@code sequence}; normalised
         *              units for regression, logits for classification; not to be modified; valid until the
         *              next batch
         */
        void accept(Batch batch, double[] pred) throws IOException;
    }

    private Predictor() {
    }

    /**
     * Forward passes (no dropout) over every example of {@code data}, in file order: {@code batchSize} at a time
     * from the zero state, or, for windows in B streams ({@link Dataset#streams()}, {@code --stateful}), B at a
     * time, each batch but the first from the state the previous one ended in.
     *
     * @throws IllegalArgumentException when the model's input size is not the data's
     * @throws IOException              what the consumer throws
     */
    public static void forEachBatch(RecurrentModel model, Dataset data, int batchSize, BatchConsumer consumer)
            throws IOException {
        if (model.spec().inputSize() != data.inputs()) {
            throw new IllegalArgumentException("the model takes " + model.spec().inputSize()
                    + " inputs per step, the data has " + data.inputs());
        }
        // windows in streams (--stateful) are read B at a time, each batch continuing the previous one's state
        int streams = data.streams();
        int rows = streams > 0 ? streams : batchSize;
        Batch batch = data.newBatch(rows);
        BatchIterator it = data.batches(rows, null);
        boolean first = true;
        while (it.next(batch)) {
            SequenceInput in = new SequenceInput(batch.x(), 0, batch.mask(), 0, batch.size(), batch.steps(),
                    batch.inputs());
            consumer.accept(batch, model.forward(in, false, streams > 0 && !first));
            first = false;
        }
    }

    /**
     * softmax(z) of {@code n} logits from {@code z[off..]} into {@code p[0..n)}, with the maximum subtracted so
     * that logits of ±1000 stay finite.
     *
     * @param z not modified
     * @param p modified
     */
    public static void softmax(double[] z, int off, int n, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, z[off + j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            p[j] = Math.exp(z[off + j] - max);
            sum += p[j];
        }
        for (int j = 0; j < n; j++) {
            p[j] /= sum;
        }
    }

    /** The index of the largest of {@code n} values from {@code z[off..]} (the first one on ties). */
    public static int argmax(double[] z, int off, int n) {
        int arg = 0;
        for (int j = 1; j < n; j++) {
            if (z[off + j] > z[off + arg]) {
                arg = j;
            }
        }
        return arg;
    }
}
