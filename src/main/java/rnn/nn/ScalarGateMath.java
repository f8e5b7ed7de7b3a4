package rnn.nn;

/**
 * {@link GateMath} in plain scalar Java, bit-identical to {@code VectorGateMath} with the same lane counts: the
 * same units (those below {@code H − H mod lanes}), the same split of each row between float32 and double
 * activations, and per value the same chain of operations (a vector fused multiply-add is {@link Math#fma}, a lane
 * of a narrowed vector is a float, a lane-wise MIN/MAX is {@link Math#min}/{@link Math#max}). Used by
 * {@link Compute#quickStart} for jobs too short to repay the vector code's warm-up.
 *
 * <p>The backward methods return 0: the cells' own loops compute the backward combinations with the same
 * expressions, in the same order, as the vector methods (no activation is evaluated there).
 */
final class ScalarGateMath implements GateMath {

    /** Doubles per vector of the mirrored gate math: the units it handles are those below H − H mod lanes. */
    private final int lanes;
    /** Floats per vector: float32 activations cover the whole float vectors of a row (FLOAT precision). */
    private final int floatLanes;
    private final boolean singleActivations;

    /**
     * @param lanes             the mirrored gate math's doubles per vector
     * @param floatLanes        its floats per vector
     * @param singleActivations whether it computes σ and tanh in float32 on whole float vectors
     */
    ScalarGateMath(int lanes, int floatLanes, boolean singleActivations) {
        this.lanes = lanes;
        this.floatLanes = floatLanes;
        this.singleActivations = singleActivations;
    }

    private int bulk(int n) {
        return n - n % lanes;
    }

    private void sigmoidRows(double[] a, int off, int stride, int rows, int n) {
        activateRows(a, off, stride, rows, n, false);
    }

    private void tanhRows(double[] a, int off, int stride, int rows, int n) {
        activateRows(a, off, stride, rows, n, true);
    }

    /** The units of each row that {@code VectorGateMath.activateRows} computes in float32, and the rest in double. */
    private void activateRows(double[] a, int off, int stride, int rows, int n, boolean tanh) {
        int whole = singleActivations ? n - n % floatLanes : 0;
        for (int row = 0; row < rows; row++, off += stride) {
            for (int i = 0; i < whole; i++) {
                a[off + i] = tanh ? tanhFloat(a[off + i]) : sigmoidFloat(a[off + i]);
            }
            for (int i = whole; i < n; i++) {
                a[off + i] = tanh ? tanh(a[off + i]) : sigmoid(a[off + i]);
            }
        }
    }

    /**
     * VectorGateMath.activateFloat for one value: narrowed to float, then the same expm1 construction in float with
     * the same constants.
     */
    static double sigmoidFloat(double value) {
        return activateFloat(value, false);
    }

    static double tanhFloat(double value) {
        return activateFloat(value, true);
    }

    private static double activateFloat(double value, boolean tanh) {
        final float v = (float) value;
        float x = tanh ? Math.min(Math.abs(v), VectorGateMath.TANH_LIMIT_F) * 2f : -v;
        x = Math.max(Math.min(x, VectorGateMath.EXP_LIMIT_F), -VectorGateMath.EXP_LIMIT_F);
        float t = Math.fma(x, VectorGateMath.LOG2E_F, VectorGateMath.ROUNDER_F);
        float k = t - VectorGateMath.ROUNDER_F;
        float r = Math.fma(k, -VectorGateMath.LN2_HI_F, x);
        r = Math.fma(k, -VectorGateMath.LN2_LO_F, r);
        final float[] coefficients = VectorGateMath.EXPM1_COEFFICIENTS_F;
        float q = coefficients[0];
        for (int c = 1; c < coefficients.length; c++) {
            q = Math.fma(q, r, coefficients[c]);
        }
        float em1 = Math.fma(r * r, q, r);
        float twoK = Float.intBitsToFloat((Float.floatToRawIntBits(t) + VectorGateMath.EXPONENT_FROM_ROUNDED_F) << 23);
        float e = Math.fma(em1, twoK, twoK - 1f);
        float y;
        if (tanh) {
            float th = e / (e + 2f);
            y = v < 0f ? -th : th;
            y = v != v ? v : y;
        } else {
            y = 1f / (e + 2f);
        }
        return y;
    }

    /** VectorGateMath.activate for one value: the expm1 construction in double. */
    static double sigmoid(double v) {
        return activate(v, false);
    }

    static double tanh(double v) {
        return activate(v, true);
    }

    private static double activate(double v, boolean tanh) {
        double x = tanh ? Math.min(Math.abs(v), VectorGateMath.TANH_LIMIT) * 2.0 : -v;
        x = Math.max(Math.min(x, VectorGateMath.EXP_LIMIT), -VectorGateMath.EXP_LIMIT);
        double t = Math.fma(x, VectorGateMath.LOG2E, VectorGateMath.ROUNDER);
        double k = t - VectorGateMath.ROUNDER;
        double r = Math.fma(k, -VectorGateMath.LN2_HI, x);
        r = Math.fma(k, -VectorGateMath.LN2_LO, r);
        final double[] coefficients = VectorGateMath.EXPM1_COEFFICIENTS;
        double q = coefficients[0];
        for (int c = 1; c < coefficients.length; c++) {
            q = Math.fma(q, r, coefficients[c]);
        }
        double em1 = Math.fma(r * r, q, r);
        double twoK = Double.longBitsToDouble(
                (Double.doubleToRawLongBits(t) + VectorGateMath.EXPONENT_FROM_ROUNDED) << 52);
        double e = Math.fma(em1, twoK, twoK - 1.0);
        if (tanh) {
            double th = e / (e + 2.0);
            double y = v < 0.0 ? -th : th;
            return v != v ? v : y;
        }
        return 1.0 / (e + 2.0);
    }

    @Override
    public int rnnForward(int B, int H, boolean relu, double[] act, int off, double[] hAll, int hOut) {
        final int done = bulk(H);
        if (relu) {
            for (int b = 0; b < B; b++) {
                int r = off + b * H;
                for (int j = 0; j < done; j++) {
                    act[r + j] = Math.max(act[r + j], 0.0);
                }
            }
        } else {
            tanhRows(act, off, H, B, done);
        }
        for (int b = 0; b < B; b++) {
            System.arraycopy(act, off + b * H, hAll, hOut + b * H, done);
        }
        return done;
    }

    @Override
    public int rnnBackward(int B, int H, boolean relu, double[] act, int off, double[] dh, int dhOff, double[] dG) {
        return 0;
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
            for (int j = 0; j < done; j++) {
                rh[s + j] = act[r + j] * hAll[s + j];
            }
        }
        return done;
    }

    @Override
    public int gruClassicOutput(int B, int H, double[] act, int a0, double[] hAll, int prev, int next) {
        final int G = 3 * H;
        final int done = bulk(H);
        tanhRows(act, a0 + 2 * H, G, B, done);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = b * H;
            for (int j = 0; j < done; j++) {
                double n = act[r + 2 * H + j];
                double u = act[r + H + j];
                hAll[next + s + j] = u * hAll[prev + s + j] + (1.0 - u) * n;
            }
        }
        return done;
    }

    @Override
    public int gruResetAfterForward(int B, int H, double[] act, int a0, double[] ghStep, int q0, double[] bHh,
                                    double[] ghn, double[] hAll, int prev, int next) {
        final int G = 3 * H;
        final int done = bulk(H);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int q = q0 + b * G;
            int s = prev + b * H;
            for (int j = 0; j < done; j++) {
                act[r + j] = act[r + j] + ghStep[q + j] + bHh[j];
                act[r + H + j] = act[r + H + j] + ghStep[q + H + j] + bHh[H + j];
                ghn[s + j] = ghStep[q + 2 * H + j] + bHh[2 * H + j];
            }
        }
        sigmoidRows(act, a0, G, B, done);
        sigmoidRows(act, a0 + H, G, B, done);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = prev + b * H;
            for (int j = 0; j < done; j++) {
                act[r + 2 * H + j] = act[r + 2 * H + j] + act[r + j] * ghn[s + j];
            }
        }
        tanhRows(act, a0 + 2 * H, G, B, done);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = b * H;
            for (int j = 0; j < done; j++) {
                double u = act[r + H + j];
                double n = act[r + 2 * H + j];
                hAll[next + s + j] = u * hAll[prev + s + j] + (1.0 - u) * n;
            }
        }
        return done;
    }

    @Override
    public int gruClassicBackwardGates(int B, int H, double[] act, int a0, double[] hAll, int prev, double[] dh,
                                       double[] dG, double[] dhPrev, int d0) {
        return 0;
    }

    @Override
    public int gruClassicBackwardReset(int B, int H, double[] act, int a0, double[] hAll, int prev, double[] dRh,
                                       double[] dG, double[] dhPrev, int d0) {
        return 0;
    }

    @Override
    public int gruResetAfterBackward(int B, int H, double[] act, int a0, double[] ghn, double[] hAll, int prev,
                                     double[] dh, double[] dG, double[] dGh, double[] dhPrev, int d0) {
        return 0;
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
            for (int j = 0; j < done; j++) {
                double c = act[r + H + j] * cAll[prev + s + j] + act[r + j] * act[r + 2 * H + j];
                cAll[next + s + j] = c;
                tanhC[prev + s + j] = c;
            }
        }
        tanhRows(tanhC, prev, H, B, done);
        for (int b = 0; b < B; b++) {
            int r = a0 + b * G;
            int s = b * H;
            for (int j = 0; j < done; j++) {
                hAll[next + s + j] = act[r + 3 * H + j] * tanhC[prev + s + j];
            }
        }
        return done;
    }

    @Override
    public int lstmBackward(int B, int H, double[] act, int a0, double[] cAll, double[] tanhC, int prev,
                            double[] dh, double[] dc, double[] dG, double[] dcPrev, int d0) {
        return 0;
    }

    @Override
    public GateMath scalarEquivalent() {
        return this;
    }
}
