package rnn.nn;

/**
 * What {@link RecurrentLayer}'s shared machinery needs to know about a cell, by name instead of positional flags.
 *
 * @param gates               G, gate blocks of H rows packed in the fused weights (RNN 1, GRU 3, LSTM 4)
 * @param recurrentBias       the cell has a second bias {@code bias_hh_l0} beside {@code bias_ih_l0}
 * @param recurrentBiasFolded {@code b_hh} is simply added to the pre-activations, so the layer adds
 *                            {@code b_ih + b_hh} in the input projection (requires {@code recurrentBias})
 * @param cellState           the cell carries a cell state c_t beside h_t (LSTM)
 * @param recurrentGradient   the cell's recurrent-side pre-activation gradients differ from the input-side ones
 *                            (reset-after GRU: {@code r ⊙} on the n block), so the layer keeps a separate dGh
 */
public record CellShape(int gates, boolean recurrentBias, boolean recurrentBiasFolded, boolean cellState,
                        boolean recurrentGradient) {

    public CellShape {
        if (gates < 1) {
            throw new IllegalArgumentException("cell shape: expected at least one gate, got " + gates);
        }
        if (recurrentBiasFolded && !recurrentBias) {
            throw new IllegalArgumentException("cell shape: a folded recurrent bias needs a recurrent bias");
        }
    }

    /** Elman RNN (PyTorch {@code nn.RNN}): one gate, two additive biases. */
    public static CellShape simpleRnn() {
        return new CellShape(1, true, true, false, false);
    }

    /**
     * GRU, gates r|z|n. Classic: one bias, r applied before the recurrent multiply of n. Reset-after (PyTorch
     * {@code nn.GRU}): two biases, {@code b_hn} inside {@code r ⊙ (·)}, so b_hh is not folded and the recurrent
     * gradient of the n block differs.
     */
    public static CellShape gru(GruVariant variant) {
        boolean resetAfter = variant == GruVariant.RESET_AFTER;
        return new CellShape(3, resetAfter, false, false, resetAfter);
    }

    /** LSTM (PyTorch {@code nn.LSTM}): gates i|f|g|o, two additive biases, a cell state. */
    public static CellShape lstm() {
        return new CellShape(4, true, true, true, false);
    }
}
