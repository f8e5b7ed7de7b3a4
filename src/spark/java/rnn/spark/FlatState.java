package rnn.spark;

import rnn.nn.Param;
import rnn.nn.Parameters;
import rnn.optim.Optimizer;

/**
 * A model's parameters and its optimizer's state arrays as one flat array, in canonical order: every parameter's
 * values, then every optimizer state array in {@link Optimizer#state()}'s order. What a round sends to the workers
 * and averages.
 */
final class FlatState {

    private FlatState() {
    }

    /** The length of the flat array. */
    static int size(Parameters parameters, Optimizer optimizer) {
        long n = parameters.count();
        for (double[] a : optimizer.state().values()) {
            n += a.length;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the parameters and optimizer state (" + n + " values) exceed one "
                    + "Java array");
        }
        return (int) n;
    }

    /** Copies the parameters and the optimizer state into {@code into} (modified). */
    static void pack(Parameters parameters, Optimizer optimizer, double[] into) {
        int k = 0;
        for (Param p : parameters) {
            System.arraycopy(p.value.data, 0, into, k, p.size());
            k += p.size();
        }
        for (double[] a : optimizer.state().values()) {
            System.arraycopy(a, 0, into, k, a.length);
            k += a.length;
        }
    }

    /** Copies {@code from} (not modified) into the parameters and the optimizer state. */
    static void unpack(double[] from, Parameters parameters, Optimizer optimizer) {
        int k = 0;
        for (Param p : parameters) {
            System.arraycopy(from, k, p.value.data, 0, p.size());
            k += p.size();
        }
        for (double[] a : optimizer.state().values()) {
            System.arraycopy(from, k, a, 0, a.length);
            k += a.length;
        }
    }

    /**
     * The mean of the workers' states, summed in worker order (so the result for a given worker count does not
     * depend on which task finished first); one worker's state is returned as it is.
     */
    static double[] average(java.util.List<double[]> states) {
        double[] sum = states.get(0).clone();
        if (states.size() == 1) {
            return sum;
        }
        for (int w = 1; w < states.size(); w++) {
            double[] s = states.get(w);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += s[i];
            }
        }
        double n = states.size();
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= n;
        }
        return sum;
    }
}
