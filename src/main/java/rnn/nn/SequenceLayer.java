package rnn.nn;

import java.util.List;

import rnn.random.Rng;

/**
 * One layer of a sequence model: maps a batch of B sequences of T steps with {@link #inputSize()} features to
 * a sequence of {@link #outputSize()} features per step, and summarises each sequence in a final state of
 * {@link #finalStateSize()} features that a head reads for last-step output. {@link RecurrentModel} stacks
 * them: layer k's input width is layer k−1's {@link #outputSize()}, never assumed to be a hidden size.
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li>{@link #forward} reads its input (not copied: it must stay unchanged until the matching backward) and
 *       fills {@link #output()}: step t of sequence b is row {@code t·B + b} of a (T·B)×{@code outputSize} block
 *       starting at {@link #outputOffset()}. Padded steps (mask 0 in the {@link SequenceInput}) may hold any
 *       value; masks are arbitrary (padding at the start, in the middle or at the end).</li>
 *   <li>{@link #finalState()} is B×{@code finalStateSize} from offset 0: for a one-directional recurrent layer the
 *       state at each sequence's last real step; a bidirectional wrapper returns
 *       {@code [forward state at the last real step | reverse state at the first real step]} (PyTorch's
 *       {@code h_n}). It throws {@link IllegalArgumentException} when a sequence has no real step.</li>
 *   <li>Exactly one backward follows a forward: {@link #backward} with dLoss/d{@link #output()}, or
 *       {@link #backwardFromFinalState} with dLoss/d{@link #finalState()} (after a call to finalState). Both
 *       <em>accumulate</em> into every parameter gradient (zeroing is the caller's separate step) and, when
 *       asked, fill {@link #inputGradient()}. Padded steps contribute nothing to any parameter and pass their
 *       state gradient on unchanged; with truncation K &gt; 0 the gradient of each sequence flows back through
 *       at most its last K real steps.</li>
 *   <li>With {@code carryState} the layer starts from the final state of its previous forward over a batch of
 *       the same B (detached: no gradient flows into it), otherwise from zeros.</li>
 *   <li>Returned buffers stay valid until the next forward (outputs, final state) or backward (input gradient);
 *       nothing is allocated per time step.</li>
 * </ul>
 */
public interface SequenceLayer {

    /** I, features per step read by {@link #forward}. */
    int inputSize();

    /** Features per step of {@link #output()} (H for a recurrent layer, 2H for a bidirectional one). */
    int outputSize();

    /** Features per sequence of {@link #finalState()} (H for a recurrent layer, 2H for a bidirectional one). */
    int finalStateSize();

    /** The layer's parameters in canonical order (the checkpoint, optimizer and gradient-check order). */
    List<Param> parameters();

    /** Initialises every parameter from {@code rng} (DESIGN §1). */
    void initialize(Rng rng);

    /**
     * Runs the layer over a batch.
     *
     * @param in         {@link #inputSize()} features per step; read, not copied
     * @param carryState start from the final state of the previous forward (same B) instead of zeros
     */
    void forward(SequenceInput in, boolean carryState);

    /**
     * The state a {@code carryState} forward would start from (the final state of the last forward), as copies:
     * {h} or, for a layer with a cell state, {h, c}, each B×H row-major; null before any forward.
     *
     * @throws UnsupportedOperationException for a layer that cannot carry its state (bidirectional)
     */
    default double[][] carriedState() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " carries no state");
    }

    /**
     * Sets the state the next {@code carryState} forward over a batch of {@code batch} starts from, as
     * {@link #carriedState()} returned it (resuming a stateful run).
     *
     * @throws IllegalArgumentException when the arrays are not {@code batch}×H or their number is wrong
     */
    default void restoreCarriedState(int batch, double[][] state) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " carries no state");
    }

    /** The output sequence of the last forward: a (T·B)×{@link #outputSize()} block from {@link #outputOffset()}. */
    double[] output();

    /** Offset of step 0, sequence 0 in {@link #output()}. */
    int outputOffset();

    /** Each sequence's final state after the last forward (see the class contract), B×{@link #finalStateSize()}. */
    double[] finalState();

    /**
     * Backpropagates dLoss/d{@link #output()} of the last forward, accumulating into the parameter gradients.
     *
     * @param dOut      (T·B)×{@link #outputSize()} from {@code dOutOff}, not modified
     * @param truncate  K &gt; 0: gradients flow back through at most the last K real steps of each sequence; 0: all
     * @param inputGrad also compute {@link #inputGradient()}
     */
    void backward(double[] dOut, int dOutOff, int truncate, boolean inputGrad);

    /**
     * Backpropagates dLoss/d{@link #finalState()} (B×{@link #finalStateSize()} from offset 0, not modified) of the
     * last forward; otherwise as {@link #backward}.
     */
    void backwardFromFinalState(double[] dFinal, int truncate, boolean inputGrad);

    /**
     * Draws the layer's recurrent-dropout masks (variational dropout of the recurrent state, Gal &amp; Ghahramani
     * 2016; Keras's {@code recurrent_dropout}) for batches of {@code batch} sequences: one mask per sequence and
     * hidden unit (0, or 1/(1 − p) with probability 1 − p), the same at every step of every forward that follows
     * with {@link #dropRecurrent} on, until the next draw. A wrapper of several recurrent layers draws each one's
     * mask in turn from {@code rng}.
     *
     * @param p the probability of dropping a unit, in (0, 1)
     */
    void resampleRecurrentDropout(int batch, double p, Rng rng);

    /**
     * Whether the forwards that follow apply the masks of {@link #resampleRecurrentDropout} (training) or not
     * (validation, prediction; the initial setting).
     *
     * @throws IllegalStateException from a forward while on, when no mask of that batch size has been drawn
     */
    void dropRecurrent(boolean on);

    /** dLoss/dinput of the last backward with {@code inputGrad}: (T·B)×{@link #inputSize()} from offset 0. */
    double[] inputGradient();

    /**
     * Makes this layer read one token id per step (a whole number in [0, {@link #inputSize()})) as a one-hot vector
     * of {@link #inputSize()}: the input projection becomes a gather of the input weights' columns, their gradient
     * a scatter-add into the columns used; the layer then has no input gradient. Called once, before any forward.
     *
     * @throws UnsupportedOperationException for a layer that cannot (a bidirectional one)
     */
    default void readTokenIds() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot read token ids");
    }

    /**
     * Promises (true) that the parameters will not change until the next call with false: forwards may then
     * reuse weights prepared (packed) by an earlier forward instead of preparing them again. Results are the same,
     * bit for bit. A no-op for a layer with nothing to reuse.
     */
    default void freezeWeights(boolean frozen) {
    }
}
