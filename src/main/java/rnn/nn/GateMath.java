package rnn.nn;

/**
 * Vectorised element-wise math of the cells: each method computes the loop at the same place in the cell's file
 * (same equations, same order of operations; sigmoid and tanh from the vector library, accurate to an ulp or two)
 * for the units j &lt; {@code H − H mod lanes} of every row, and returns that count; the cell's scalar loop does the
 * remaining units. Implemented by {@code VectorGateMath} on {@code jdk.incubator.vector}; without that module
 * {@link Compute#gateMath()} is {@code null} and the cells' scalar loops do everything.
 *
 * <p>Argument names follow the cells: B is the number of rows to process (a thread's share of a step), {@code act}
 * holds their gate pre-activations from {@code a0} (row stride G·H) and receives the activations;
 * {@code prev}/{@code next} index their h_{t−1}/h_t (and c) in the state sequences (row stride H); {@code dh},
 * {@code dc}, {@code dhPrev}, {@code dcPrev}, {@code dRh} hold them from {@code d0} (row stride H), and
 * {@code ghStep} from {@code q0} (row stride 3H).
 */
interface GateMath {

    /** Simple RNN forward: a = φ(act), h_t = a (rows of H from {@code off} and {@code hOut}). */
    int rnnForward(int B, int H, boolean relu, double[] act, int off, double[] hAll, int hOut);

    /** Simple RNN backward: dG = dh ⊙ φ'(a) (dh rows from {@code dhOff}). */
    int rnnBackward(int B, int H, boolean relu, double[] act, int off, double[] dh, int dhOff, double[] dG);

    /** Classic GRU, before the n-gate multiply: r = σ, u = σ, rh = r ⊙ h_{t−1}. */
    int gruClassicGates(int B, int H, double[] act, int a0, double[] hAll, int prev, double[] rh);

    /** Classic GRU, after the n-gate multiply: n = tanh, h_t = u ⊙ h_{t−1} + (1 − u) ⊙ n. */
    int gruClassicOutput(int B, int H, double[] act, int a0, double[] hAll, int prev, int next);

    /** Reset-after GRU forward, from gx (in act) and gh = h_{t−1}·W_hhᵀ (ghStep, B×3H) plus b_hh. */
    int gruResetAfterForward(int B, int H, double[] act, int a0, double[] ghStep, int q0, double[] bHh,
                             double[] ghn, double[] hAll, int prev, int next);

    /** Classic GRU backward, before the d(r ⊙ h) multiply: du_pre, dn_pre, dh_{t−1} = dh ⊙ u. */
    int gruClassicBackwardGates(int B, int H, double[] act, int a0, double[] hAll, int prev, double[] dh,
                                double[] dG, double[] dhPrev, int d0);

    /** Classic GRU backward, after it: dr_pre = d(r⊙h) ⊙ h_{t−1} ⊙ σ', dh_{t−1} += d(r⊙h) ⊙ r. */
    int gruClassicBackwardReset(int B, int H, double[] act, int a0, double[] hAll, int prev, double[] dRh,
                                double[] dG, double[] dhPrev, int d0);

    /** Reset-after GRU backward: dG (input side), dGh (recurrent side), dh_{t−1} = dh ⊙ u. */
    int gruResetAfterBackward(int B, int H, double[] act, int a0, double[] ghn, double[] hAll, int prev,
                              double[] dh, double[] dG, double[] dGh, double[] dhPrev, int d0);

    /** LSTM forward: i, f, o = σ, g = tanh, c_t = f ⊙ c_{t−1} + i ⊙ g, h_t = o ⊙ tanh(c_t). */
    int lstmForward(int B, int H, double[] act, int a0, double[] cAll, double[] tanhC, double[] hAll, int prev,
                     int next);

    /** LSTM backward: dG of the four gates and dc_{t−1}. */
    int lstmBackward(int B, int H, double[] act, int a0, double[] cAll, double[] tanhC, int prev, double[] dh,
                     double[] dc, double[] dG, double[] dcPrev, int d0);

    /**
     * Plain scalar code that gives bit-identical results to this one: for jobs too short to repay the vector
     * code's warm-up ({@link Compute#quickStart}). Itself when it is already scalar.
     */
    GateMath scalarEquivalent();
}
