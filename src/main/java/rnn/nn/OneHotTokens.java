package rnn.nn;

import java.util.List;

import rnn.random.Rng;

/**
 * One-hot token input ({@code --embedding 0}): the stage hands the token ids (one per step, as doubles) to the
 * first layer unchanged, and that layer reads them as one-hot vectors of V: its fused input projection is a
 * gather of the columns of {@code weight_ih_l0} [G·H, V] plus the bias, one per row, and its weight gradient a
 * scatter-add into the columns used ({@link SequenceLayer#readTokenIds}). Never a multiply by a one-hot matrix.
 */
public final class OneHotTokens implements InputStage {

    private final int vocabulary;

    public OneHotTokens(int vocabulary) {
        this.vocabulary = vocabulary;
    }

    @Override
    public int inputSize() {
        return 1;
    }

    /** V: the one-hot width the first layer's input weights have. */
    @Override
    public int outputSize() {
        return vocabulary;
    }

    @Override
    public boolean handsTokenIds() {
        return true;
    }

    @Override
    public List<Param> parameters() {
        return List.of();
    }

    @Override
    public void initialize(Rng rng) {
        // the embedding is the first layer's input weights
    }

    @Override
    public SequenceInput forward(SequenceInput in) {
        return in;
    }

    @Override
    public double[] backward(double[] dOut, boolean inputGrad) {
        return null;
    }
}
