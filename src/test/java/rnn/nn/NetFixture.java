package rnn.nn;

import rnn.random.Rng;

/** Small models and batches for the numeric tests, all from fixed seeds. */
final class NetFixture {

    private NetFixture() {
    }

    static ModelSpec spec(CellType cell, Activation act, GruVariant variant, int inputs, int[] hidden, int outputs,
                          OutputMode output, double dropout) {
        return new ModelSpec(cell, act, variant, inputs, hidden, outputs, output, dropout);
    }

    /** A model with initialised weights and biases moved off zero (so bias paths are exercised). */
    static RecurrentModel model(ModelSpec spec, long seed) {
        RecurrentModel m = new RecurrentModel(spec, Compute.singleThreaded());
        Rng rng = new Rng(seed);
        m.initialize(rng);
        moveBiasesOffZero(m.parameters(), rng);
        return m;
    }

    /** Adds Uniform(−0.3, 0.3) to every bias entry, so that bias paths are exercised. */
    static void moveBiasesOffZero(Iterable<Param> params, Rng rng) {
        for (Param p : params) {
            if (p.name().contains("bias")) {
                for (int i = 0; i < p.size(); i++) {
                    p.value.data[i] += rng.uniform(-0.3, 0.3);
                }
            }
        }
    }

    /** Uniform(−1, 1) values. */
    static double[] uniform(int n, Rng rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.uniform(-1, 1);
        }
        return v;
    }

    /** A time-major mask for sequences of the given lengths padded to T steps (padding at the end). */
    static double[] mask(int[] lengths, int steps) {
        int batch = lengths.length;
        double[] m = new double[steps * batch];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                m[t * batch + b] = 1.0;
            }
        }
        return m;
    }

    /** Targets for a loss: class indices for XENT, Uniform(−1.5, 1.5) otherwise. */
    static double[] targets(Loss loss, int rows, int outputs, Rng rng) {
        if (loss == Loss.XENT) {
            double[] y = new double[rows];
            for (int r = 0; r < rows; r++) {
                y[r] = rng.nextInt(outputs);
            }
            return y;
        }
        double[] y = new double[rows * outputs];
        for (int i = 0; i < y.length; i++) {
            y[i] = rng.uniform(-1.5, 1.5);
        }
        return y;
    }

    /** Per-row loss weights of a model's predictions: the mask for sequence output, none for last. */
    static double[] lossWeights(RecurrentModel m, SequenceInput in) {
        if (m.spec().output() != OutputMode.SEQUENCE || in.mask() == null) {
            return null;
        }
        double[] w = new double[in.steps() * in.batch()];
        System.arraycopy(in.mask(), in.maskOffset(), w, 0, w.length);
        return w;
    }
}
