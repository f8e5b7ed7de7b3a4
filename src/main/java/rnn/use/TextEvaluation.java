package rnn.use;

import java.io.IOException;

import rnn.data.Dataset;
import rnn.nn.RecurrentModel;

/**
 * How well a text model predicts each next token of a file, read in windows as training read them (each window
 * from the zero state): the mean cross-entropy in nats per token, its bits per token (bits per character for a
 * character model), the perplexity e^nats and the top-1 accuracy (the most probable token, the lowest id on a tie,
 * is the next one).
 *
 * @param windows the windows read
 * @param tokens  the predicted tokens (T per window)
 * @param nats    the summed −ln p(next token)
 * @param correct the tokens that were the model's top prediction
 */
public record TextEvaluation(int windows, long tokens, double nats, long correct) {

    /** Mean cross-entropy, nats per token. */
    public double natsPerToken() {
        return nats / tokens;
    }

    /** Mean cross-entropy in bits per token (bits per character for a character model). */
    public double bitsPerToken() {
        return natsPerToken() / Math.log(2);
    }

    /** e^(nats per token). */
    public double perplexity() {
        return Math.exp(natsPerToken());
    }

    /** The fraction of tokens that were the top prediction. */
    public double accuracy() {
        return (double) correct / tokens;
    }

    /** Evaluates {@code model} on every window of {@code data} (a text dataset), {@code batchSize} at a time. */
    public static TextEvaluation of(RecurrentModel model, Dataset data, int batchSize,
                                    Predictor.BatchConsumer check) throws IOException {
        if (!data.isText()) {
            throw new IllegalArgumentException("a text evaluation needs the windows of a text");
        }
        int v = data.outputs();
        double[] sums = new double[2];
        long[] counts = new long[2];
        Predictor.forEachBatch(model, data, batchSize, (batch, logits) -> {
            check.accept(batch, logits);
            double[] y = batch.targets();
            int rows = batch.targetRows();
            for (int r = 0; r < rows; r++) {
                int o = r * v;
                double max = Double.NEGATIVE_INFINITY;
                int best = 0;
                for (int j = 0; j < v; j++) {
                    if (logits[o + j] > max) {
                        max = logits[o + j];
                        best = j;
                    }
                }
                double z = 0;
                for (int j = 0; j < v; j++) {
                    z += Math.exp(logits[o + j] - max);
                }
                int target = (int) y[r];
                sums[0] += max + Math.log(z) - logits[o + target];
                if (best == target) {
                    counts[1]++;
                }
                counts[0]++;
            }
        });
        return new TextEvaluation(data.size(), counts[0], sums[0], counts[1]);
    }
}
