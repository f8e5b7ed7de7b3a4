package rnn.nn;

import java.util.List;

import rnn.random.Rng;

/**
 * The input stage of numeric feature columns: a pass-through. The batch is handed to the first layer as it is
 * (no copy) and the gradient with respect to it is the first layer's input gradient, so the stage costs nothing.
 */
public final class NumericFeatures implements InputStage {

    private final int features;

    public NumericFeatures(int features) {
        if (features < 1) {
            throw new IllegalArgumentException("numeric input: expected at least one feature, got " + features);
        }
        this.features = features;
    }

    @Override
    public int inputSize() {
        return features;
    }

    @Override
    public int outputSize() {
        return features;
    }

    @Override
    public List<Param> parameters() {
        return List.of();
    }

    @Override
    public void initialize(Rng rng) {
        // nothing to learn
    }

    @Override
    public SequenceInput forward(SequenceInput in) {
        return in;
    }

    @Override
    public double[] backward(double[] dOut, boolean inputGrad) {
        return inputGrad ? dOut : null;
    }
}
