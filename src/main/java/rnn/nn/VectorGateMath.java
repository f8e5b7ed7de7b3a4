package rnn.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GateMath} on {@code jdk.incubator.vector}: the combining arithmetic on double lanes; the activations
 * (σ, tanh) on double lanes for {@link Precision#DOUBLE}, or for {@link Precision#FLOAT} in float32 (16 lanes, a
 * shorter polynomial; accurate to a few float ulp, like PyTorch's float32 cells), converted in registers.
 *
 * <p>exp, sigmoid and tanh are computed here from additions, multiplications, fused multiply-adds, a division and
 * exponent-bit arithmetic — not with the vector API's {@code EXP}/{@code TANH}, which compiled code takes from a
 * native library and interpreted code from {@code Math}, so their last bits would depend on when the JIT compiles
 * the loop (and results would no longer be reproducible). These basic operations are exactly rounded in every
 * execution mode. Accuracy: a few ulp over the whole range (see {@code GateMathTest}).
 */
final class VectorGateMath implements GateMath {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Floats in a vector of the same size as S (twice the lanes; the kernels use the same two species). */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int FL = F.length();

    static final float LOG2E_F = 1.44269504f;
    static final float LN2_HI_F = 0.693145751953125f;
    static final float LN2_LO_F = 1.42860682030941723e-6f;
    static final float ROUNDER_F = 0x1.8p23f;
    static final int EXPONENT_FROM_ROUNDED_F = 127 - Float.floatToRawIntBits(ROUNDER_F);
    static final float EXP_LIMIT_F = 87f;
    /** tanh(x) rounds to ±1 in float beyond this. */
    static final float TANH_LIMIT_F = 9f;
    /** 1/8!, ..., 1/2!: (e^r − 1 − r)/r² to float accuracy for |r| ≤ ln2/2 (truncation below 2e−8 relative). */
    static final float[] EXPM1_COEFFICIENTS_F = {
        1f / 40320f, 1f / 5040f, 1f / 720f, 1f / 120f, 1f / 24f, 1f / 6f, 0.5f};

    /** Activations in float32 (FLOAT precision) rather than double. */
    private final boolean singleActivations;

    /** @param singleActivations compute σ and tanh in float32 ({@link Precision#FLOAT}) */
    VectorGateMath(boolean singleActivations) {
        this.singleActivations = singleActivations && F.length() == 2 * L;
    }

    static final double LOG2E = 1.4426950408889634;
    /** ln 2 split in a part with trailing zero bits (so k·LN2_HI is exact) and the rest. */
    static final double LN2_HI = 0.6931471803691238;
    static final double LN2_LO = 1.9082149292705877e-10;
    /** 1.5·2^52: adding it rounds a double of magnitude below 2^51 to an integer, held in the low mantissa bits. */
    static final double ROUNDER = 0x1.8p52;
    /** Subtracting the bits of {@link #ROUNDER} from those of ROUNDER + k leaves k; adding 1023 biases it. */
    static final long EXPONENT_FROM_ROUNDED = 1023L - Double.doubleToRawLongBits(ROUNDER);
    /** exp's argument is clamped to ±EXP_LIMIT, where e^x is still a normal double. */
    static final double EXP_LIMIT = 708.0;
    /** 1/14!, 1/13!, ..., 1/2!: the Taylor coefficients of (e^r − 1 − r)/r², highest first. */
    static final double[] EXPM1_COEFFICIENTS = {
        1.0 / 87178291200.0, 1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0,
        1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5};
    /** tanh(x) rounds to ±1 beyond this. */
    static final double TANH_LIMIT = 20.0;

    private static int bulk(int n) {
        return n - n % L;
    }

    /** σ in place on n values (a multiple of the lane count) of each of {@code rows} rows: a[off + r·stride ..]. */
    private void sigmoidRows(double[] a, int off, int stride, int rows, int n) {
        activateRows(a, off, stride, rows, n, false);
    }

    /** tanh in place, as {@link #sigmoidRows}. */
    private void tanhRows(double[] a, int off, int stride, int rows, int n) {
        activateRows(a, off, stride, rows, n, true);
    }

    /**
     * The same function for every value whatever the rows: float32 on whole float vectors of a row and double on
     * the rest (FLOAT), or double (DOUBLE) — which lanes a value falls in depends on its unit index only.
     */
    private void activateRows(double[] a, int off, int stride, int rows, int n, boolean tanh) {
        if (n == 0 || rows == 0) {
            return;
        }
        if (singleActivations) {
            int whole = n - n % FL;
            if (whole == n && stride == n) {
                activateFloat(a, off, 0, 1, rows * n, tanh); // contiguous rows: one run
                return;
            }
            activateFloat(a, off, stride, rows, whole, tanh);
            if (whole < n) {
                activate(a, off + whole, stride, rows, n - whole, tanh);
            }
        } else if (stride == n) {
            activate(a, off, 0, 1, rows * n, tanh);
        } else {
            activate(a, off, stride, rows, n, tanh);
        }
    }

    /**
     * {@link #activate} in float32: sixteen doubles are narrowed into one float vector (D2F parts 0 and −1), the
     * same expm1 construction runs with float constants and a 7-term polynomial, and the result is widened back
     * (F2D parts 0 and 1). n is a multiple of the float lane count.
     */
    private static void activateFloat(double[] a, int off, int stride, int rows, int n, boolean tanh) {
        final FloatVector one = FloatVector.broadcast(F, 1f);
        final FloatVector log2e = FloatVector.broadcast(F, LOG2E_F);
        final FloatVector rounder = FloatVector.broadcast(F, ROUNDER_F);
        final FloatVector ln2Hi = FloatVector.broadcast(F, -LN2_HI_F);
        final FloatVector ln2Lo = FloatVector.broadcast(F, -LN2_LO_F);
        for (int row = 0; row < rows; row++, off += stride) {
        for (int i = 0; i < n; i += FL) {
            FloatVector lo = (FloatVector) DoubleVector.fromArray(S, a, off + i)
                    .convertShape(VectorOperators.D2F, F, 0);
            FloatVector hi = (FloatVector) DoubleVector.fromArray(S, a, off + i + L)
                    .convertShape(VectorOperators.D2F, F, -1);
            FloatVector v = lo.add(hi);
            FloatVector x = tanh ? v.abs().lanewise(VectorOperators.MIN, TANH_LIMIT_F).mul(2f) : v.neg();
            x = x.lanewise(VectorOperators.MIN, EXP_LIMIT_F).lanewise(VectorOperators.MAX, -EXP_LIMIT_F);
            FloatVector t = x.fma(log2e, rounder);
            FloatVector k = t.sub(ROUNDER_F);
            FloatVector r = k.fma(ln2Hi, x);
            r = k.fma(ln2Lo, r);
            FloatVector q = FloatVector.broadcast(F, EXPM1_COEFFICIENTS_F[0]);
            for (int c = 1; c < EXPM1_COEFFICIENTS_F.length; c++) {
                q = q.fma(r, FloatVector.broadcast(F, EXPM1_COEFFICIENTS_F[c]));
            }
            FloatVector em1 = r.mul(r).fma(q, r);
            FloatVector twoK = t.reinterpretAsInts()
                    .lanewise(VectorOperators.ADD, EXPONENT_FROM_ROUNDED_F)
                    .lanewise(VectorOperators.LSHL, 23)
                    .reinterpretAsFloats();
            FloatVector e = em1.fma(twoK, twoK.sub(1f));
            FloatVector y;
            if (tanh) {
                FloatVector th = e.div(e.add(2f));
                y = th.blend(th.neg(), v.compare(VectorOperators.LT, 0f)).blend(v, v.compare(VectorOperators.NE, v));
            } else {
                y = one.div(e.add(2f));
            }
            ((DoubleVector) y.convertShape(VectorOperators.F2D, S, 0)).intoArray(a, off + i);
            ((DoubleVector) y.convertShape(VectorOperators.F2D, S, 1)).intoArray(a, off + i + L);
        }
        }
    }

    /**
     * σ or tanh in place, both from e = e^x − 1 (expm1, which keeps full relative accuracy for small x):
     * σ(v) = 1 / (2 + expm1(−v)); tanh|v| = e / (e + 2) with e = expm1(2|v|), the sign of v restored.
     * expm1: x = k·ln2 + r with |r| ≤ ln2/2 (k by the 1.5·2^52 rounding trick, r with ln2 split in two),
     * e^r − 1 = r + r²·(1/2! + r/3! + ... + r^12/14!) (truncation error below 1e−17 relative), and
     * e^x − 1 = 2^k·(e^r − 1) + (2^k − 1), 2^k assembled in the exponent bits.
     *
     * <p>All vector work is written out in this one method, which takes and returns arrays only: a vector passed
     * to or returned from a method C2 does not inline (it stops inlining once a compilation grows past its node
     * budget, as the gate methods do) is boxed on the heap, and the JDK's own vector methods are always inlined.
     */
    private static void activate(double[] a, int off, int stride, int rows, int n, boolean tanh) {
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        final DoubleVector log2e = DoubleVector.broadcast(S, LOG2E);
        final DoubleVector rounder = DoubleVector.broadcast(S, ROUNDER);
        final DoubleVector ln2Hi = DoubleVector.broadcast(S, -LN2_HI);
        final DoubleVector ln2Lo = DoubleVector.broadcast(S, -LN2_LO);
        for (int row = 0; row < rows; row++, off += stride) {
        for (int i = 0; i < n; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, a, off + i);
            DoubleVector x = tanh ? v.abs().lanewise(VectorOperators.MIN, TANH_LIMIT).mul(2.0) : v.neg();
            x = x.lanewise(VectorOperators.MIN, EXP_LIMIT).lanewise(VectorOperators.MAX, -EXP_LIMIT);
            DoubleVector t = x.fma(log2e, rounder);
            DoubleVector k = t.sub(ROUNDER);
            DoubleVector r = k.fma(ln2Hi, x);
            r = k.fma(ln2Lo, r);
            DoubleVector q = DoubleVector.broadcast(S, EXPM1_COEFFICIENTS[0]);
            for (int c = 1; c < EXPM1_COEFFICIENTS.length; c++) {
                q = q.fma(r, DoubleVector.broadcast(S, EXPM1_COEFFICIENTS[c]));
            }
            DoubleVector em1 = r.mul(r).fma(q, r);
            DoubleVector twoK = t.reinterpretAsLongs()
                    .lanewise(VectorOperators.ADD, EXPONENT_FROM_ROUNDED)
                    .lanewise(VectorOperators.LSHL, 52)
                    .reinterpretAsDoubles();
            DoubleVector e = em1.fma(twoK, twoK.sub(1.0));
            DoubleVector y;
            if (tanh) {
                DoubleVector th = e.div(e.add(2.0));
                y = th.blend(th.neg(), v.compare(VectorOperators.LT, 0.0)).blend(v, v.compare(VectorOperators.NE, v));
            } else {
                y = one.div(e.add(2.0));
            }
            y.intoArray(a, off + i);
        }
        }
    }

    // Each method below first applies the activations in place (activate), then combines them in simple loops that
    // use the JDK's vector methods only (always inlined).

    @Override
    public int rnnForward(int B, int H, boolean relu, double[] act, int off, double[] hAll, int hOut) {
        final int done = bulk(H);
        if (relu) {
            for (int b = 0; b < B; b++) {
                int r = off + b * H;
                for (int j = 0; j < done; j += L) {
                    DoubleVector.fromArray(S, act, r + j).lanewise(VectorOperators.MAX, 0.0).intoArray(act, r + j);
                }
            }
        } else {
            tanhRows(act, off, H, B, done);
        }
        if (done == H) {
            System.arraycopy(act, off, hAll, hOut, B * H);
        } else {
            for (int b = 0; b < B; b++) {
                System.arraycopy(act, off + b * H, hAll, hOut + b * H, done);
            }
        }
        return done;
    }

    @Override
    public int rnnBackward(int B, int H, boolean relu, double[] act, int off, double[] dh, int dhOff, double[] dG) {
        final int done = bulk(H);
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int b = 0; b < B; b++) {
            int r = off + b * H;
            int d = dhOff + b * H;
            for (int j = 0; j < done; j += L) {
                DoubleVector a = DoubleVector.fromArray(S, act, r + j);
                DoubleVector dv = DoubleVector.fromArray(S, dh, d + j);
                DoubleVector g;
                if (relu) {
                    VectorMask<Double> positive = a.compare(VectorOperators.GT, 0.0);
                    g = DoubleVector.zero(S).blend(dv, positive);
                } else {
                    g = dv.mul(one.sub(a.mul(a)));
                }
                g.intoArray(dG, r + j);
            }
        }
        return done;
    }

    @Override
    public int gruClassicGates(int B, int H, double[] act, int a0, double[] hAll, int prev, double[] rh) {
        final int G = 3 * H;
        final int done = bulk(H);
        sigmoidRows(act, a0, G, B, done);
        sigmoidRows(act, a0 + H, G, B, done);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = prev + b * H;
            for (int j = 0; j < done; j += L) {
                DoubleVector.fromArray(S, act, r + j).mul(DoubleVector.fromArray(S, hAll, s + j)).intoArray(rh, s + j);
            }
        }
        return done;
    }

    @Override
    public int gruClassicOutput(int B, int H, double[] act, int a0, double[] hAll, int prev, int next) {
        final int G = 3 * H;
        final int done = bulk(H);
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        tanhRows(act, a0 + 2 * H, G, B, done);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = b * H;
            for (int j = 0; j < done; j += L) {
                DoubleVector n = DoubleVector.fromArray(S, act, r + 2 * H + j);
                DoubleVector u = DoubleVector.fromArray(S, act, r + H + j);
                u.mul(DoubleVector.fromArray(S, hAll, prev + s + j)).add(one.sub(u).mul(n))
                        .intoArray(hAll, next + s + j);
            }
        }
        return done;
    }

    @Override
    public int gruResetAfterForward(int B, int H, double[] act, int a0, double[] ghStep, int q0, double[] bHh,
                                    double[] ghn, double[] hAll, int prev, int next) {
        final int G = 3 * H;
        final int done = bulk(H);
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        // r and u pre-activations: (gx + gh) + b_hh; hn = gh_n + b_hn
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int q = q0 + b * G;
            int s = prev + b * H;
            for (int j = 0; j < done; j += L) {
                DoubleVector.fromArray(S, act, r + j).add(DoubleVector.fromArray(S, ghStep, q + j))
                        .add(DoubleVector.fromArray(S, bHh, j)).intoArray(act, r + j);
                DoubleVector.fromArray(S, act, r + H + j).add(DoubleVector.fromArray(S, ghStep, q + H + j))
                        .add(DoubleVector.fromArray(S, bHh, H + j)).intoArray(act, r + H + j);
                DoubleVector.fromArray(S, ghStep, q + 2 * H + j).add(DoubleVector.fromArray(S, bHh, 2 * H + j))
                        .intoArray(ghn, s + j);
            }
        }
        sigmoidRows(act, a0, G, B, done);
        sigmoidRows(act, a0 + H, G, B, done);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = prev + b * H;
            for (int j = 0; j < done; j += L) {
                DoubleVector.fromArray(S, act, r + 2 * H + j)
                        .add(DoubleVector.fromArray(S, act, r + j).mul(DoubleVector.fromArray(S, ghn, s + j)))
                        .intoArray(act, r + 2 * H + j);
            }
        }
        tanhRows(act, a0 + 2 * H, G, B, done);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = b * H;
            for (int j = 0; j < done; j += L) {
                DoubleVector u = DoubleVector.fromArray(S, act, r + H + j);
                DoubleVector n = DoubleVector.fromArray(S, act, r + 2 * H + j);
                u.mul(DoubleVector.fromArray(S, hAll, prev + s + j)).add(one.sub(u).mul(n))
                        .intoArray(hAll, next + s + j);
            }
        }
        return done;
    }

    @Override
    public int gruClassicBackwardGates(int B, int H, double[] act, int a0, double[] hAll, int prev, double[] dh,
                                       double[] dG, double[] dhPrev, int d0) {
        final int G = 3 * H;
        final int done = bulk(H);
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = b * H;
            for (int j = 0; j < done; j += L) {
                DoubleVector u = DoubleVector.fromArray(S, act, r + H + j);
                DoubleVector n = DoubleVector.fromArray(S, act, r + 2 * H + j);
                DoubleVector hp = DoubleVector.fromArray(S, hAll, prev + s + j);
                DoubleVector d = DoubleVector.fromArray(S, dh, d0 + s + j);
                DoubleVector oneMinusU = one.sub(u);
                d.mul(hp.sub(n)).mul(u).mul(oneMinusU).intoArray(dG, r + H + j);
                d.mul(oneMinusU).mul(one.sub(n.mul(n))).intoArray(dG, r + 2 * H + j);
                d.mul(u).intoArray(dhPrev, d0 + s + j);
            }
        }
        return done;
    }

    @Override
    public int gruClassicBackwardReset(int B, int H, double[] act, int a0, double[] hAll, int prev, double[] dRh,
                                       double[] dG, double[] dhPrev, int d0) {
        final int G = 3 * H;
        final int done = bulk(H);
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = b * H;
            for (int j = 0; j < done; j += L) {
                DoubleVector rg = DoubleVector.fromArray(S, act, r + j);
                DoubleVector hp = DoubleVector.fromArray(S, hAll, prev + s + j);
                DoubleVector drh = DoubleVector.fromArray(S, dRh, d0 + s + j);
                drh.mul(hp).mul(rg).mul(one.sub(rg)).intoArray(dG, r + j);
                DoubleVector.fromArray(S, dhPrev, d0 + s + j).add(drh.mul(rg)).intoArray(dhPrev, d0 + s + j);
            }
        }
        return done;
    }

    @Override
    public int gruResetAfterBackward(int B, int H, double[] act, int a0, double[] ghn, double[] hAll, int prev,
                                     double[] dh, double[] dG, double[] dGh, double[] dhPrev, int d0) {
        final int G = 3 * H;
        final int done = bulk(H);
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = b * H;
            for (int j = 0; j < done; j += L) {
                DoubleVector rg = DoubleVector.fromArray(S, act, r + j);
                DoubleVector u = DoubleVector.fromArray(S, act, r + H + j);
                DoubleVector n = DoubleVector.fromArray(S, act, r + 2 * H + j);
                DoubleVector hp = DoubleVector.fromArray(S, hAll, prev + s + j);
                DoubleVector d = DoubleVector.fromArray(S, dh, d0 + s + j);
                DoubleVector dnPre = d.mul(one.sub(u)).mul(one.sub(n.mul(n)));
                DoubleVector drPre = dnPre.mul(DoubleVector.fromArray(S, ghn, prev + s + j)).mul(rg).mul(one.sub(rg));
                DoubleVector duPre = d.mul(hp.sub(n)).mul(u).mul(one.sub(u));
                drPre.intoArray(dG, r + j);
                duPre.intoArray(dG, r + H + j);
                dnPre.intoArray(dG, r + 2 * H + j);
                drPre.intoArray(dGh, r + j);
                duPre.intoArray(dGh, r + H + j);
                dnPre.mul(rg).intoArray(dGh, r + 2 * H + j);
                d.mul(u).intoArray(dhPrev, d0 + s + j);
            }
        }
        return done;
    }

    @Override
    public int lstmForward(int B, int H, double[] act, int a0, double[] cAll, double[] tanhC, double[] hAll,
                           int prev, int next) {
        final int G = 4 * H;
        final int done = bulk(H);
        if (done == H) {
            sigmoidRows(act, a0, G, B, 2 * H);
        } else {
            sigmoidRows(act, a0, G, B, done);
            sigmoidRows(act, a0 + H, G, B, done);
        }
        tanhRows(act, a0 + 2 * H, G, B, done);
        sigmoidRows(act, a0 + 3 * H, G, B, done);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = b * H;
            for (int j = 0; j < done; j += L) {
                DoubleVector i = DoubleVector.fromArray(S, act, r + j);
                DoubleVector f = DoubleVector.fromArray(S, act, r + H + j);
                DoubleVector g = DoubleVector.fromArray(S, act, r + 2 * H + j);
                DoubleVector c = f.mul(DoubleVector.fromArray(S, cAll, prev + s + j)).add(i.mul(g));
                c.intoArray(cAll, next + s + j);
                c.intoArray(tanhC, prev + s + j);
            }
        }
        tanhRows(tanhC, prev, H, B, done);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = b * H;
            for (int j = 0; j < done; j += L) {
                DoubleVector.fromArray(S, act, r + 3 * H + j).mul(DoubleVector.fromArray(S, tanhC, prev + s + j))
                        .intoArray(hAll, next + s + j);
            }
        }
        return done;
    }

    @Override
    public int lstmBackward(int B, int H, double[] act, int a0, double[] cAll, double[] tanhC, int prev,
                            double[] dh, double[] dc, double[] dG, double[] dcPrev, int d0) {
        final int G = 4 * H;
        final int done = bulk(H);
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = b * H;
            for (int j = 0; j < done; j += L) {
                DoubleVector i = DoubleVector.fromArray(S, act, r + j);
                DoubleVector f = DoubleVector.fromArray(S, act, r + H + j);
                DoubleVector g = DoubleVector.fromArray(S, act, r + 2 * H + j);
                DoubleVector o = DoubleVector.fromArray(S, act, r + 3 * H + j);
                DoubleVector tc = DoubleVector.fromArray(S, tanhC, prev + s + j);
                DoubleVector dhv = DoubleVector.fromArray(S, dh, d0 + s + j);
                DoubleVector dct = DoubleVector.fromArray(S, dc, d0 + s + j)
                        .add(dhv.mul(o).mul(one.sub(tc.mul(tc))));
                DoubleVector dO = dhv.mul(tc);
                DoubleVector dI = dct.mul(g);
                DoubleVector dGate = dct.mul(i);
                DoubleVector dF = dct.mul(DoubleVector.fromArray(S, cAll, prev + s + j));
                dct.mul(f).intoArray(dcPrev, d0 + s + j);
                dI.mul(i).mul(one.sub(i)).intoArray(dG, r + j);
                dF.mul(f).mul(one.sub(f)).intoArray(dG, r + H + j);
                dGate.mul(one.sub(g.mul(g))).intoArray(dG, r + 2 * H + j);
                dO.mul(o).mul(one.sub(o)).intoArray(dG, r + 3 * H + j);
            }
        }
        return done;
    }

    @Override
    public GateMath scalarEquivalent() {
        return new ScalarGateMath(L, FL, singleActivations);
    }
}
