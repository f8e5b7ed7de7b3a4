package rnn.nn;

import java.util.List;

import rnn.random.Rng;

/**
 * A learned token embedding ({@code --embedding D}), PyTorch's {@code nn.Embedding(V, D)} named
 * {@code embedding}: {@code embedding.weight} [V, D], initialised N(0, 1) as PyTorch does. Forward: row r of the
 * output is the table's row of token id r (a copy of D values, no multiply); backward: a scatter-add of each
 * row's gradient into the table row it came from. Token ids have no gradient.
 */
public final class TokenEmbedding implements InputStage {

    private final int vocabulary;
    private final int dim;
    private final Param weight;
    private double[] out = new double[0];
    private SequenceInput last;

    public TokenEmbedding(int vocabulary, int dim) {
        if (vocabulary < 1 || dim < 1) {
            throw new IllegalArgumentException("embedding: expected V, D >= 1, got V=" + vocabulary + ", D=" + dim);
        }
        this.vocabulary = vocabulary;
        this.dim = dim;
        this.weight = new Param("embedding.weight", vocabulary, dim);
    }

    @Override
    public int inputSize() {
        return 1;
    }

    @Override
    public int outputSize() {
        return dim;
    }

    @Override
    public List<Param> parameters() {
        return List.of(weight);
    }

    @Override
    public void initialize(Rng rng) {
        double[] w = weight.value.data;
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian();
        }
    }

    @Override
    public SequenceInput forward(SequenceInput in) {
        int rows = in.steps() * in.batch();
        if (out.length < rows * dim) {
            out = new double[rows * dim];
        }
        double[] x = in.x();
        int x0 = in.xOffset();
        double[] w = weight.value.data;
        for (int r = 0; r < rows; r++) {
            int id = tokenId(x[x0 + r], vocabulary);
            System.arraycopy(w, id * dim, out, r * dim, dim);
        }
        last = in;
        return in.withValues(out, 0, dim);
    }

    @Override
    public double[] backward(double[] dOut, boolean inputGrad) {
        int rows = last.steps() * last.batch();
        double[] x = last.x();
        int x0 = last.xOffset();
        double[] g = weight.grad.data;
        for (int r = 0; r < rows; r++) {
            if (!last.isReal(r / last.batch(), r % last.batch())) {
                continue;
            }
            int base = (int) x[x0 + r] * dim;
            int d0 = r * dim;
            for (int d = 0; d < dim; d++) {
                g[base + d] += dOut[d0 + d];
            }
        }
        return null;
    }

    /** The token id a step holds: a whole number in [0, V). */
    static int tokenId(double v, int vocabulary) {
        int id = (int) v;
        if (id != v || id < 0 || id >= vocabulary) {
            throw new IllegalArgumentException("token id: expected a whole number in [0, " + vocabulary + "), got " + v);
        }
        return id;
    }
}
