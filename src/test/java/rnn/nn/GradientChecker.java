package rnn.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Compares analytic gradients with central finite differences, in double precision, on every parameter
 * entry and every input entry.
 *
 * <p>Relative error of an entry: |a − n| / max(|a|, |n|, {@link #FLOOR}). The floor keeps entries whose true
 * gradient is essentially zero (a dead relu unit, a padded step) from reporting the finite differences' own
 * rounding noise (about 1e-13 for losses of order one) as a large relative error: entries below 1e-6 must
 * agree to 1e-12 absolutely, every larger entry to 1e-6 relatively.
 */
final class GradientChecker {

    /**
     * Step h of the five-point central difference
     * (−f(θ+2h) + 8 f(θ+h) − 8 f(θ−h) + f(θ−2h)) / 12h, whose truncation error is O(h⁴): with h = 5e-4 both
     * it and the rounding error (about 1e-16·|f|/h) stay near 1e-13 for losses of order one.
     */
    static final double EPS = 5e-4;
    /** The bar of issue #2: every entry's relative error stays below this. */
    static final double TOLERANCE = 1e-6;
    /** Denominator floor of the relative error (see the class comment). */
    static final double FLOOR = 1e-6;
    /** Two smooth finite-difference estimates agree at least this closely in absolute terms. */
    private static final double KINK_ABS = 1e-11;

    /**
     * Largest relative error per parameter name, and over the input entries; the largest finite-difference
     * gradient magnitude per parameter name; and how many parameter entries were perturbed.
     */
    record Result(Map<String, Double> perParam, double input, Map<String, Double> largestNumeric, long entries) {
        double max() {
            double m = input;
            for (double v : perParam.values()) {
                m = Math.max(m, v);
            }
            return m;
        }
    }

    private GradientChecker() {
    }

    /**
     * @param params    the model's parameters (perturbed one entry at a time, then restored exactly)
     * @param objective evaluates the loss at the current parameters and input (forward only)
     * @param analytic  runs forward and backward once, accumulating into zeroed gradients and computing dL/dx
     * @param x         the input array (perturbed one entry at a time), or null to skip the input check
     * @param xOffset   first input entry to check
     * @param xLength   number of input entries to check
     * @param dx        supplies dL/dx after {@code analytic} ran, aligned so that dx[i] belongs to x[xOffset + i]
     */
    static Result check(Parameters params, DoubleSupplier objective, Runnable analytic, double[] x, int xOffset,
                        int xLength, java.util.function.Supplier<double[]> dx) {
        params.zeroGrad();
        analytic.run();
        Map<String, double[]> grads = new LinkedHashMap<>();
        for (Param p : params) {
            grads.put(p.name(), p.grad.data.clone());
        }
        double[] inputGrad = x == null ? null : dx.get().clone();

        Map<String, Double> errors = new LinkedHashMap<>();
        Map<String, Double> largest = new LinkedHashMap<>();
        long entries = 0;
        for (Param p : params) {
            double[] v = p.value.data;
            double[] g = grads.get(p.name());
            double worst = 0;
            double big = 0;
            for (int i = 0; i < v.length; i++) {
                double n = numeric(v, i, objective);
                entries++;
                big = Math.max(big, Math.abs(n));
                double e = relativeError(g[i], n);
                if (e > TOLERANCE && System.getenv("GRADCHECK_DEBUG") != null) {
                    System.out.printf("  %s[%d] analytic %.15e numeric %.15e%n", p.name(), i, g[i], n);
                }
                worst = Math.max(worst, e);
            }
            errors.put(p.name(), worst);
            largest.put(p.name(), big);
        }
        double inputWorst = 0;
        if (x != null) {
            for (int i = 0; i < xLength; i++) {
                inputWorst = Math.max(inputWorst, relativeError(inputGrad[i], numeric(x, xOffset + i, objective)));
            }
        }
        return new Result(errors, inputWorst, largest, entries);
    }

    static double relativeError(double analytic, double numeric) {
        double d = Math.abs(analytic - numeric);
        return d / Math.max(FLOOR, Math.max(Math.abs(analytic), Math.abs(numeric)));
    }

    /**
     * dF/dv[i] by finite differences. The centred five-point estimate is used when it agrees with the same
     * estimate at half the step (the function is smooth on [θ−2h, θ+2h]). Otherwise a kink (relu at 0, |e| at 0,
     * Huber at |e| = δ) lies within the stencil: then the one-sided five-point estimate on the side without the
     * kink is used, the side being the one whose estimates at two step sizes agree. If neither side is smooth,
     * NaN is returned and the check fails.
     */
    private static double numeric(double[] v, int i, DoubleSupplier f) {
        double centred = centred(v, i, f, EPS);
        if (agree(centred, centred(v, i, f, EPS / 2))) {
            return centred;
        }
        for (int side : new int[] {1, -1}) {
            double a = oneSided(v, i, f, side * EPS / 4);
            if (agree(a, oneSided(v, i, f, side * EPS / 8))) {
                return a;
            }
        }
        return Double.NaN;
    }

    private static boolean agree(double a, double b) {
        // smooth: the two estimates differ by rounding (~1e-12 absolute) and truncation (~1e-13 relative) only;
        // a kink in the stencil moves them apart by orders of magnitude more
        return Math.abs(a - b) <= Math.max(0.1 * TOLERANCE * Math.max(Math.abs(a), Math.abs(b)), KINK_ABS);
    }

    /** (−f(θ+2h) + 8 f(θ+h) − 8 f(θ−h) + f(θ−2h)) / 12h. */
    private static double centred(double[] v, int i, DoubleSupplier f, double h) {
        double saved = v[i];
        double plus2 = at(v, i, saved + 2 * h, f);
        double plus = at(v, i, saved + h, f);
        double minus = at(v, i, saved - h, f);
        double minus2 = at(v, i, saved - 2 * h, f);
        v[i] = saved;
        return (-plus2 + 8 * plus - 8 * minus + minus2) / (12 * h);
    }

    /** (−25 f(θ) + 48 f(θ+h) − 36 f(θ+2h) + 16 f(θ+3h) − 3 f(θ+4h)) / 12h; h may be negative. */
    private static double oneSided(double[] v, int i, DoubleSupplier f, double h) {
        double saved = v[i];
        double f0 = at(v, i, saved, f);
        double f1 = at(v, i, saved + h, f);
        double f2 = at(v, i, saved + 2 * h, f);
        double f3 = at(v, i, saved + 3 * h, f);
        double f4 = at(v, i, saved + 4 * h, f);
        v[i] = saved;
        return (-25 * f0 + 48 * f1 - 36 * f2 + 16 * f3 - 3 * f4) / (12 * h);
    }

    private static double at(double[] v, int i, double value, DoubleSupplier f) {
        v[i] = value;
        return f.getAsDouble();
    }

}
