package rnn.nn;

/**
 * GRU layer, both variants of DESIGN §1, gates packed r|z|n in blocks of H rows (PyTorch's order).
 * <pre>
 *   classic (Cho et al. 2014; Keras reset_after=False), one bias b:
 *     r = σ(x W_xr + h_{t−1} W_hr + b_r)      u = σ(x W_xu + h_{t−1} W_hu + b_u)
 *     n = tanh(x W_xn + (r ⊙ h_{t−1}) W_hn + b_n)
 *   reset-after (PyTorch nn.GRU; Keras reset_after=True), biases b_x·, b_h·:
 *     r = σ(x W_xr + b_xr + h_{t−1} W_hr + b_hr) u = σ(x W_xu + b_xu + h_{t−1} W_hu + b_hu)
 *     n = tanh(x W_xn + b_xn + r ⊙ (h_{t−1} W_hn + b_hn))
 *   both: h_t = u ⊙ h_{t−1} + (1 − u) ⊙ n
 * </pre>
 * <b>Update-gate convention.</b> DESIGN §1 writes {@code h_t = (1 − z) ⊙ h_{t−1} + z ⊙ n}. The z block stored
 * here is PyTorch's and Keras's gate u = 1 − z (σ(−a) = 1 − σ(a), so the two parameterisations describe the
 * same family of functions with the z-block weights and biases negated). Storing u makes the tensors exactly
 * PyTorch's {@code nn.GRU} tensors for {@code reset-after}, so checkpoints need no mapping.
 *
 * <p>Stored: {@code weight_ih_l0} [3H, I], {@code weight_hh_l0} [3H, H], {@code bias_ih_l0} [3H], and for
 * reset-after {@code bias_hh_l0} [3H]. Initialisation: W_ih Glorot-uniform, W_hh orthogonal per gate, biases 0.
 *
 * <p>Backward with dh = dL/dh_t: {@code du = dh ⊙ (h_{t−1} − n)}, {@code dn = dh ⊙ (1 − u)},
 * {@code dh_{t−1} = dh ⊙ u + …}; {@code dn_pre = dn ⊙ (1 − n²)}. Classic: {@code d(r⊙h) = dn_pre·W_hn},
 * {@code dr = d(r⊙h) ⊙ h_{t−1}}, {@code dh_{t−1} += d(r⊙h) ⊙ r + [dr_pre, du_pre]·W_h{r,u}}. Reset-after:
 * the recurrent n pre-activation gradient is {@code dn_pre ⊙ r}, {@code dr = dn_pre ⊙ (h_{t−1} W_hn + b_hn)},
 * {@code dh_{t−1} += dGh·W_hh}.
 *
 * <p>With recurrent dropout ({@link RecurrentLayer}) h̃_{t−1} = h_{t−1} ⊙ m replaces h_{t−1} in every recurrent
 * multiply (classic: {@code h̃ W_h{r,u}} and {@code (r ⊙ h̃) W_hn}; reset-after: {@code h̃ W_hh}), one mask for
 * all three gates; the blend {@code u ⊙ h_{t−1}} keeps the unmasked state.
 */
public final class GruLayer extends RecurrentLayer {

    private final GruVariant variant;

    /** Classic: T·B × H, r ⊙ h_{t−1} (the recurrent input of the n gate). */
    private double[] rh = new double[0];
    /** Reset-after: T·B × H, h_{t−1} W_hnᵀ + b_hn. */
    private double[] ghn = new double[0];
    /** Reset-after: B × 3H, h_{t−1} W_hhᵀ + b_hh for the current step. */
    private double[] ghStep = new double[0];
    /** Classic: B × H, d(r ⊙ h_{t−1}) for the current step. */
    private double[] dRh = new double[0];
    /** Classic: the n block of W_hh (rows 2H..3H) packed for the forward; {@link #wHhT()} holds the r|u block. */
    private final Packed wHnT;
    /** Classic: the n block of W_hh packed for the backward; {@link #wHhN()} holds the r|u block. */
    private final Packed wHnN;

    public GruLayer(LayerNames names, int inputSize, int hiddenSize, GruVariant variant, Compute compute) {
        super(names, inputSize, hiddenSize, CellShape.gru(variant), compute);
        this.variant = variant;
        this.wHnT = compute().newPacked();
        this.wHnN = compute().newPacked();
    }

    public GruVariant variant() {
        return variant;
    }

    @Override
    protected void allocateCellCaches(int rows, int batchRows) {
        final int H = hiddenSize();
        if (variant == GruVariant.CLASSIC) {
            rh = new double[rows * H];
            dRh = new double[batchRows * H];
        } else {
            ghn = new double[rows * H];
            ghStep = new double[batchRows * gateWidth()];
        }
    }

    /** Classic: the r|u block and the n block of W_hh are multiplied separately (r ⊙ h feeds the n block). */
    @Override
    protected void packRecurrentWeights(boolean forward) {
        if (variant == GruVariant.RESET_AFTER) {
            super.packRecurrentWeights(forward);
            return;
        }
        final int H = hiddenSize();
        final double[] w = wHh().value.data;
        if (forward) {
            compute().packNT(wHhT(), 2 * H, H, w, 0, H);
            compute().packNT(wHnT, H, H, w, 2 * H * H, H);
        } else {
            compute().packNN(wHhN(), 2 * H, H, w, 0, H);
            compute().packNN(wHnN, H, H, w, 2 * H * H, H);
        }
    }

    @Override
    protected void stepForward(int t, int b0, int b1, int part) {
        if (variant == GruVariant.CLASSIC) {
            stepForwardClassic(t, b0, b1, part);
        } else {
            stepForwardResetAfter(t, b0, b1, part);
        }
    }

    private void stepForwardClassic(int t, int b0, int b1, int part) {
        final int B = b1 - b0;
        final int H = hiddenSize();
        final int G = gateWidth();
        final double[] act = act();
        final double[] hAll = hAll();
        final int prev = stateRow(t, b0);
        final int next = stateRow(t + 1, b0);
        final int a0 = gateRow(t, b0);
        final double[] hIn = recurrentInput();
        // r, u pre-activations: gx + h̃_{t−1}·W_h{r,u}ᵀ (rows 0..2H of W_hh)
        recurrentProduct(part, B, hIn, prev, act, a0, G, true);
        final GateMath vm = compute().gateMath();
        int done = vm == null ? 0 : vm.gruClassicGates(B, H, act, a0, hIn, prev, rh);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = b * H;
            for (int j = done; j < H; j++) {
                double rg = sigmoid(act[r + j]);
                act[r + j] = rg;
                act[r + H + j] = sigmoid(act[r + H + j]);
                rh[prev + s + j] = rg * hIn[prev + s + j];
            }
        }
        // n pre-activation += (r ⊙ h̃_{t−1})·W_hnᵀ (rows 2H..3H of W_hh)
        compute().mulPart(part, B, rh, prev, H, wHnT, act, a0 + 2 * H, G, true);
        done = vm == null ? 0 : vm.gruClassicOutput(B, H, act, a0, hAll, prev, next);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = b * H;
            for (int j = done; j < H; j++) {
                double n = Math.tanh(act[r + 2 * H + j]);
                act[r + 2 * H + j] = n;
                double u = act[r + H + j];
                hAll[next + s + j] = u * hAll[prev + s + j] + (1.0 - u) * n;
            }
        }
    }

    private void stepForwardResetAfter(int t, int b0, int b1, int part) {
        final int B = b1 - b0;
        final int H = hiddenSize();
        final int G = gateWidth();
        final double[] act = act();
        final double[] hAll = hAll();
        final int prev = stateRow(t, b0);
        final int next = stateRow(t + 1, b0);
        final int a0 = gateRow(t, b0);
        final int q0 = b0 * G;
        recurrentProduct(part, B, recurrentInput(), prev, ghStep, q0, G, false);
        final double[] bh = bHh().value.data;
        final GateMath vm = compute().gateMath();
        final int done = vm == null ? 0
                : vm.gruResetAfterForward(B, H, act, a0, ghStep, q0, bh, ghn, hAll, prev, next);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int q = q0 + b * G;
            int s = b * H;
            for (int j = done; j < H; j++) {
                double rg = sigmoid(act[r + j] + ghStep[q + j] + bh[j]);
                double u = sigmoid(act[r + H + j] + ghStep[q + H + j] + bh[H + j]);
                double hn = ghStep[q + 2 * H + j] + bh[2 * H + j];
                double n = Math.tanh(act[r + 2 * H + j] + rg * hn);
                act[r + j] = rg;
                act[r + H + j] = u;
                act[r + 2 * H + j] = n;
                ghn[prev + s + j] = hn;
                hAll[next + s + j] = u * hAll[prev + s + j] + (1.0 - u) * n;
            }
        }
    }

    @Override
    protected void stepBackward(int t, int b0, int b1, int part, double[] dh, double[] dc, double[] dhPrev,
                                double[] dcPrev, double[] dhRec) {
        if (variant == GruVariant.CLASSIC) {
            stepBackwardClassic(t, b0, b1, part, dh, dhPrev, dhRec);
        } else {
            stepBackwardResetAfter(t, b0, b1, part, dh, dhPrev, dhRec);
        }
    }

    private void stepBackwardClassic(int t, int b0, int b1, int part, double[] dh, double[] dhPrev,
                                     double[] dhRec) {
        final int B = b1 - b0;
        final int H = hiddenSize();
        final int G = gateWidth();
        final double[] act = act();
        final double[] hAll = hAll();
        final double[] dG = dG();
        final int prev = stateRow(t, b0);
        final int a0 = gateRow(t, b0);
        final int d0 = b0 * H;
        final GateMath vm = compute().gateMath();
        int done = vm == null ? 0 : vm.gruClassicBackwardGates(B, H, act, a0, hAll, prev, dh, dG, dhPrev, d0);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = b * H;
            int dd = d0 + s;
            for (int j = done; j < H; j++) {
                double u = act[r + H + j];
                double n = act[r + 2 * H + j];
                double hp = hAll[prev + s + j];
                double d = dh[dd + j];
                dG[r + H + j] = d * (hp - n) * u * (1.0 - u);
                dG[r + 2 * H + j] = d * (1.0 - u) * (1.0 - n * n);
                dhPrev[dd + j] = d * u;
            }
        }
        // d(r ⊙ h_{t−1}) = dn_pre · W_hn
        compute().mulPart(part, B, dG, a0 + 2 * H, G, wHnN, dRh, d0, H, false);
        final double[] hIn = recurrentInput();
        done = vm == null ? 0 : vm.gruClassicBackwardReset(B, H, act, a0, hIn, prev, dRh, dG, dhRec, d0);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = b * H;
            int dd = d0 + s;
            for (int j = done; j < H; j++) {
                double rg = act[r + j];
                double hp = hIn[prev + s + j];
                double drh = dRh[dd + j];
                dG[r + j] = drh * hp * rg * (1.0 - rg);
                dhRec[dd + j] += drh * rg;
            }
        }
        // dh̃_{t−1} += [dr_pre, du_pre] · W_h{r,u}
        compute().mulPart(part, B, dG, a0, G, wHhN(), dhRec, d0, H, true);
    }

    private void stepBackwardResetAfter(int t, int b0, int b1, int part, double[] dh, double[] dhPrev,
                                        double[] dhRec) {
        final int B = b1 - b0;
        final int H = hiddenSize();
        final int G = gateWidth();
        final double[] act = act();
        final double[] hAll = hAll();
        final double[] dG = dG();
        final double[] dGh = dGh();
        final int prev = stateRow(t, b0);
        final int a0 = gateRow(t, b0);
        final int d0 = b0 * H;
        final GateMath vm = compute().gateMath();
        final int done = vm == null ? 0
                : vm.gruResetAfterBackward(B, H, act, a0, ghn, hAll, prev, dh, dG, dGh, dhPrev, d0);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = b * H;
            int dd = d0 + s;
            for (int j = done; j < H; j++) {
                double rg = act[r + j];
                double u = act[r + H + j];
                double n = act[r + 2 * H + j];
                double hp = hAll[prev + s + j];
                double d = dh[dd + j];
                double dnPre = d * (1.0 - u) * (1.0 - n * n);
                double drPre = dnPre * ghn[prev + s + j] * rg * (1.0 - rg);
                double duPre = d * (hp - n) * u * (1.0 - u);
                dG[r + j] = drPre;
                dG[r + H + j] = duPre;
                dG[r + 2 * H + j] = dnPre;
                dGh[r + j] = drPre;
                dGh[r + H + j] = duPre;
                dGh[r + 2 * H + j] = dnPre * rg;
                dhPrev[dd + j] = d * u;
            }
        }
        compute().mulPart(part, B, dGh, a0, G, wHhN(), dhRec, d0, H, true);
    }

    /**
     * Classic: the r and u blocks see h_{t−1}, the n block sees r ⊙ h_{t−1}; two multiplies over all steps.
     * Reset-after: every block sees h_{t−1}.
     */
    @Override
    protected void accumulateRecurrentWeightGradients() {
        if (variant == GruVariant.RESET_AFTER) {
            super.accumulateRecurrentWeightGradients();
            return;
        }
        final int H = hiddenSize();
        final int gh = gateWidth();
        final int rows = steps() * batch();
        final double[] dW = wHh().grad.data;
        compute().mulTN(2 * H, H, rows, dG(), 0, gh, recurrentInput(), 0, H, dW, 0, H, true);
        compute().mulTN(H, H, rows, dG(), 2 * H, gh, rh, 0, H, dW, 2 * H * H, H, true);
    }
}
