package rnn.nn;

import java.util.List;

import rnn.random.Rng;

/**
 * The first stage of a {@link RecurrentModel}: turns the batch the data layer produced into the per-step feature
 * vectors the first {@link SequenceLayer} reads. Numeric features pass through unchanged
 * ({@link NumericFeatures}); an embedding stage would read token ids and look up rows of a learned table.
 *
 * <p><b>Contract.</b> {@link #forward} returns a {@link SequenceInput} with the same steps, batch and mask and
 * {@link #outputSize()} features per step, valid until the next forward. {@link #backward} receives
 * dLoss/d(that output), (T·B)×{@link #outputSize()} from offset 0, accumulates into the stage's parameter
 * gradients and returns dLoss/d(model input) when {@code inputGrad} (or {@code null} when the input has no
 * gradient, like token ids). A stage with parameters makes the model ask the first layer for its input gradient.
 */
public interface InputStage {

    /** Features per step of the model's input. */
    int inputSize();

    /** Features per step handed to the first layer. */
    int outputSize();

    /**
     * Whether the output is one token id per step that the first layer reads as a one-hot vector of
     * {@link #outputSize()} ({@link OneHotTokens}; the model then calls {@link SequenceLayer#readTokenIds}).
     */
    default boolean handsTokenIds() {
        return false;
    }

    /** Parameters in canonical order (they come first in the model's list); empty for a pass-through. */
    List<Param> parameters();

    void initialize(Rng rng);

    SequenceInput forward(SequenceInput in);

    /**
     * @param dOut      dLoss/d(the last forward's output), (T·B)×{@link #outputSize()}, not modified
     * @param inputGrad whether the caller wants dLoss/d(model input)
     * @return dLoss/d(model input), (T·B)×{@link #inputSize()} from offset 0, or null
     */
    double[] backward(double[] dOut, boolean inputGrad);
}
