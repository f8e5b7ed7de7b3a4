package rnn.nn;

import rnn.random.Rng;

/**
 * LSTM layer, DESIGN §1 (PyTorch's {@code nn.LSTM}, gate order i|f|g|o packed in blocks of H rows):
 * <pre>
 *   i = σ(x W_xi + h_{t−1} W_hi + b_i)     f = σ(x W_xf + h_{t−1} W_hf + b_f)
 *   g = tanh(x W_xg + h_{t−1} W_hg + b_g)  o = σ(x W_xo + h_{t−1} W_ho + b_o)
 *   c_t = f ⊙ c_{t−1} + i ⊙ g              h_t = o ⊙ tanh(c_t)
 * </pre>
 * Stored: {@code weight_ih_l0} [4H, I], {@code weight_hh_l0} [4H, H], {@code bias_ih_l0} and {@code bias_hh_l0}
 * [4H] (summed, as PyTorch). Initialisation: W_ih Glorot-uniform, W_hh orthogonal per gate, biases 0 except
 * the forget-gate bias 1 (held in {@code bias_ih_l0}; {@code bias_hh_l0} stays 0, so the sum is 1).
 *
 * <p>Backward with dh_t and dc_t (from later steps): {@code dc = dc_t + dh ⊙ o ⊙ (1 − tanh²c_t)},
 * {@code do = dh ⊙ tanh c_t}, {@code di = dc ⊙ g}, {@code dg = dc ⊙ i}, {@code df = dc ⊙ c_{t−1}},
 * {@code dc_{t−1} = dc ⊙ f}; pre-activation gradients through σ' and tanh'; {@code dh_{t−1} = dG_t · W_hh}.
 * With recurrent dropout ({@link RecurrentLayer}) every gate reads h̃_{t−1} = h_{t−1} ⊙ m (one mask, Keras's
 * {@code implementation=2}); c_{t−1} is not masked.
 */
public final class LstmLayer extends RecurrentLayer {

    /** Initial forget-gate bias (Jozefowicz et al. 2015; Keras {@code unit_forget_bias}). */
    public static final double FORGET_BIAS_INIT = 1.0;

    /** T·B × H: tanh(c_t). */
    private double[] tanhC = new double[0];

    public LstmLayer(LayerNames names, int inputSize, int hiddenSize, Compute compute) {
        super(names, inputSize, hiddenSize, CellShape.lstm(), compute);
    }

    @Override
    public void initialize(Rng rng) {
        super.initialize(rng);
        int h = hiddenSize();
        double[] bIh = bIh().value.data;
        for (int j = h; j < 2 * h; j++) {
            bIh[j] = FORGET_BIAS_INIT;
        }
    }

    @Override
    protected void allocateCellCaches(int rows, int batchRows) {
        tanhC = new double[rows * hiddenSize()];
    }

    @Override
    protected void stepForward(int t, int b0, int b1, int part) {
        final int B = b1 - b0;
        final int H = hiddenSize();
        final int G = gateWidth();
        final double[] act = act();
        final double[] hAll = hAll();
        final double[] cAll = cAll();
        final int prev = stateRow(t, b0);
        final int next = stateRow(t + 1, b0);
        final int a0 = gateRow(t, b0);
        recurrentProduct(part, B, recurrentInput(), prev, act, a0, G, true);
        final GateMath vm = compute().gateMath();
        final int done = vm == null ? 0 : vm.lstmForward(B, H, act, a0, cAll, tanhC, hAll, prev, next);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = b * H;
            for (int j = done; j < H; j++) {
                double i = sigmoid(act[r + j]);
                double f = sigmoid(act[r + H + j]);
                double g = Math.tanh(act[r + 2 * H + j]);
                double o = sigmoid(act[r + 3 * H + j]);
                act[r + j] = i;
                act[r + H + j] = f;
                act[r + 2 * H + j] = g;
                act[r + 3 * H + j] = o;
                double c = f * cAll[prev + s + j] + i * g;
                double tc = Math.tanh(c);
                cAll[next + s + j] = c;
                tanhC[prev + s + j] = tc;
                hAll[next + s + j] = o * tc;
            }
        }
    }

    @Override
    protected void stepBackward(int t, int b0, int b1, int part, double[] dh, double[] dc, double[] dhPrev,
                                double[] dcPrev, double[] dhRec) {
        final int B = b1 - b0;
        final int H = hiddenSize();
        final int G = gateWidth();
        final double[] act = act();
        final double[] cAll = cAll();
        final double[] dG = dG();
        final int prev = stateRow(t, b0);
        final int a0 = gateRow(t, b0);
        final int d0 = b0 * H;
        final GateMath vm = compute().gateMath();
        final int done = vm == null ? 0
                : vm.lstmBackward(B, H, act, a0, cAll, tanhC, prev, dh, dc, dG, dcPrev, d0);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = b * H;
            int d = d0 + s;
            for (int j = done; j < H; j++) {
                double i = act[r + j];
                double f = act[r + H + j];
                double g = act[r + 2 * H + j];
                double o = act[r + 3 * H + j];
                double tc = tanhC[prev + s + j];
                double dhv = dh[d + j];
                double dct = dc[d + j] + dhv * o * (1.0 - tc * tc);
                double dO = dhv * tc;
                double dI = dct * g;
                double dGate = dct * i;
                double dF = dct * cAll[prev + s + j];
                dcPrev[d + j] = dct * f;
                dG[r + j] = dI * i * (1.0 - i);
                dG[r + H + j] = dF * f * (1.0 - f);
                dG[r + 2 * H + j] = dGate * (1.0 - g * g);
                dG[r + 3 * H + j] = dO * o * (1.0 - o);
            }
        }
        compute().mulPart(part, B, dG, a0, G, wHhN(), dhRec, d0, H, false);
    }
}
