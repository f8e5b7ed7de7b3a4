package rnn.nn;

/**
 * Simple (Elman) RNN layer, DESIGN §1: {@code h_t = φ(x_t W_x + h_{t−1} W_h + b)} with φ = tanh or relu.
 *
 * <p>Stored as PyTorch's {@code nn.RNN}: {@code weight_ih_l0} [H, I] = W_xᵀ, {@code weight_hh_l0} [H, H] = W_hᵀ,
 * and two biases {@code bias_ih_l0}, {@code bias_hh_l0} [H] whose sum is b (PyTorch keeps both; their gradients
 * are equal). Initialisation: W_ih Glorot-uniform, W_hh orthogonal, biases 0.
 *
 * <p>Backward: {@code dpre_t = dh_t ⊙ φ'(h_t)} (tanh: 1 − h², relu: [h > 0]); {@code dh_{t−1} = dpre_t · W_hh}.
 * With recurrent dropout ({@link RecurrentLayer}) h_{t−1} is h̃_{t−1} = h_{t−1} ⊙ m in the multiply.
 */
public final class SimpleRnnLayer extends RecurrentLayer {

    private final Activation activation;

    public SimpleRnnLayer(LayerNames names, int inputSize, int hiddenSize, Activation activation, Compute compute) {
        super(names, inputSize, hiddenSize, CellShape.simpleRnn(), compute);
        this.activation = activation;
    }

    public Activation activation() {
        return activation;
    }

    @Override
    protected void stepForward(int t, int b0, int b1, int part) {
        final int B = b1 - b0;
        final int H = hiddenSize();
        final double[] act = act();
        final double[] hAll = hAll();
        final int off = stateRow(t, b0); // rows b0.. of step t in act (G = 1) and of block t (h_{t−1}) of hAll
        // act_t = gx_t + h̃_{t−1}·W_hhᵀ
        recurrentProduct(part, B, recurrentInput(), off, act, off, H, true);
        final int hOut = stateRow(t + 1, b0);
        final boolean relu = activation == Activation.RELU;
        final GateMath vm = compute().gateMath();
        final int done = vm == null ? 0 : vm.rnnForward(B, H, relu, act, off, hAll, hOut);
        for (int b = 0; b < B; b++) {
            for (int j = done; j < H; j++) {
                int i = b * H + j;
                double a = relu ? Math.max(0.0, act[off + i]) : Math.tanh(act[off + i]);
                act[off + i] = a;
                hAll[hOut + i] = a;
            }
        }
    }

    @Override
    protected void stepBackward(int t, int b0, int b1, int part, double[] dh, double[] dc, double[] dhPrev,
                                double[] dcPrev, double[] dhRec) {
        final int B = b1 - b0;
        final int H = hiddenSize();
        final double[] act = act();
        final double[] dG = dG();
        final int off = stateRow(t, b0);
        final int d0 = b0 * H;
        final boolean relu = activation == Activation.RELU;
        final GateMath vm = compute().gateMath();
        final int done = vm == null ? 0 : vm.rnnBackward(B, H, relu, act, off, dh, d0, dG);
        for (int b = 0; b < B; b++) {
            for (int j = done; j < H; j++) {
                int i = b * H + j;
                double a = act[off + i];
                dG[off + i] = relu ? (a > 0.0 ? dh[d0 + i] : 0.0) : dh[d0 + i] * (1.0 - a * a);
            }
        }
        compute().mulPart(part, B, dG, off, H, wHhN(), dhRec, d0, H, false);
    }
}
