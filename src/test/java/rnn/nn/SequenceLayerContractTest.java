package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import rnn.random.Rng;

/**
 * The {@link SequenceLayer} contract, one suite that every implementation runs (a new layer kind adds one entry
 * to {@link #layers()}): shapes, the final state, masking, state carry, accumulation of gradients, and both backward
 * entries against finite differences of the layer alone. Everything is compared with an independent computation:
 * the same sequences run alone, a whole batch against its chunks, central differences.
 */
class SequenceLayerContractTest {

    private static final int INPUTS = 3;
    private static final int BATCH = 3;
    private static final int STEPS = 6;
    /** Two float64 runs of the same arithmetic on differently composed batches. */
    private static final double EXACT = 1e-12;
    /** Central differences with step {@link #EPS}: truncation O(ε²) ≈ 1e-10 on values of order one. */
    private static final double FD_TOLERANCE = 1e-6;
    private static final double EPS = 1e-5;

    /** Real steps: padding at the start, in the middle, at the end. */
    private static final int[][] REAL = {
        {0, 0, 1, 1, 1, 1},
        {1, 1, 0, 1, 1, 1},
        {1, 1, 1, 0, 0, 0},
    };

    /** A layer kind: a cell, one-directional or bidirectional. */
    record Kind(GradientCheckTest.Cell cell, boolean bidirectional) {
        @Override
        public String toString() {
            return cell + (bidirectional ? " bidirectional" : "");
        }
    }

    /**
     * Every layer kind: the five cells, one-directional and bidirectional, built by the one registry the model uses
     * ({@link SequenceLayers}).
     */
    static Stream<Arguments> layers() {
        return Stream.of(false, true).flatMap(bi -> GradientCheckTest.CELLS.stream().map(c -> new Kind(c, bi)))
                .map(Arguments::of);
    }

    /** A fresh layer of the kind reading {@link #INPUTS} features, initialised, its biases moved off zero. */
    private static SequenceLayer layer(Kind kind) {
        GradientCheckTest.Cell c = kind.cell();
        ModelSpec spec = new ModelSpec(c.type(), c.activation(), c.variant(), INPUTS, new int[] {4}, 1,
                OutputMode.LAST, 0.0, kind.bidirectional());
        SequenceLayer l = SequenceLayers.factory(spec).create(LayerNames.layer(0), INPUTS, 4, spec,
                Compute.singleThreaded());
        Rng rng = new Rng(41);
        l.initialize(rng);
        NetFixture.moveBiasesOffZero(l.parameters(), rng);
        return l;
    }

    private static double[] x(int steps, int batch, long seed) {
        return NetFixture.uniform(steps * batch * INPUTS, new Rng(seed));
    }

    /** A batch of {@link #BATCH} sequences of {@link #STEPS} steps, every step real, with inputs drawn from seed. */
    private static SequenceInput full(long seed) {
        return SequenceInput.of(x(STEPS, BATCH, seed), BATCH, STEPS, INPUTS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void shapesAndParameterOrder(Kind kind) {
        SequenceLayer l = layer(kind);
        assertEquals(INPUTS, l.inputSize());
        assertTrue(l.outputSize() >= 1 && l.finalStateSize() >= 1);
        List<Param> ps = l.parameters();
        assertTrue(!ps.isEmpty());
        assertEquals(ps, l.parameters(), "the canonical order is stable");
        l.forward(full(1), false);
        assertTrue(l.output().length >= l.outputOffset() + STEPS * BATCH * l.outputSize());
        assertTrue(l.finalState().length >= BATCH * l.finalStateSize());
        l.backward(new double[STEPS * BATCH * l.outputSize()], 0, 0, true);
        assertTrue(l.inputGradient().length >= STEPS * BATCH * INPUTS);
    }

    /** Outputs at real steps and final states of a padded batch equal those of each sequence run alone. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void paddedSequencesEqualSequencesAlone(Kind kind) {
        SequenceLayer l = layer(kind);
        int w = l.outputSize();
        int f = l.finalStateSize();
        double[] x = x(STEPS, BATCH, 2);
        double[] mask = new double[STEPS * BATCH];
        for (int t = 0; t < STEPS; t++) {
            for (int b = 0; b < BATCH; b++) {
                mask[t * BATCH + b] = REAL[b][t];
                if (REAL[b][t] == 0) {
                    Arrays.fill(x, (t * BATCH + b) * INPUTS, (t * BATCH + b + 1) * INPUTS, 1e3);
                }
            }
        }
        l.forward(SequenceInput.masked(x, mask, BATCH, STEPS, INPUTS), false);
        double[] out = Arrays.copyOfRange(l.output(), l.outputOffset(), l.outputOffset() + STEPS * BATCH * w);
        double[] fin = l.finalState().clone();
        for (int b = 0; b < BATCH; b++) {
            int len = Arrays.stream(REAL[b]).sum();
            double[] alone = new double[len * INPUTS];
            int[] at = new int[len];
            for (int t = 0, q = 0; t < STEPS; t++) {
                if (REAL[b][t] == 1) {
                    System.arraycopy(x, (t * BATCH + b) * INPUTS, alone, q * INPUTS, INPUTS);
                    at[q++] = t;
                }
            }
            l.forward(SequenceInput.of(alone, 1, len, INPUTS), false);
            for (int q = 0; q < len; q++) {
                for (int j = 0; j < w; j++) {
                    assertEquals(l.output()[l.outputOffset() + q * w + j], out[(at[q] * BATCH + b) * w + j], EXACT,
                            "sequence " + b + " step " + at[q]);
                }
            }
            double[] finAlone = l.finalState();
            for (int j = 0; j < f; j++) {
                assertEquals(finAlone[j], fin[b * f + j], EXACT, "final state of sequence " + b);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void sequenceWithoutRealStepHasNoFinalState(Kind kind) {
        SequenceLayer l = layer(kind);
        double[] mask = new double[STEPS * BATCH];
        Arrays.fill(mask, 1.0);
        for (int t = 0; t < STEPS; t++) {
            mask[t * BATCH + 1] = 0.0;
        }
        l.forward(SequenceInput.masked(x(STEPS, BATCH, 3), mask, BATCH, STEPS, INPUTS), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, l::finalState);
        assertEquals("sequence 1 of the batch has no real step", e.getMessage());
    }

    /**
     * Two chunks with the state carried give the outputs of one forward over the whole batch; a bidirectional layer,
     * whose reverse direction needs the whole sequence, refuses to carry.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void carriedStateContinuesTheSequence(Kind kind) {
        SequenceLayer l = layer(kind);
        int w = l.outputSize();
        SequenceInput all = full(4);
        if (kind.bidirectional()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> l.forward(all.slice(2, STEPS), true));
            assertEquals("a bidirectional layer cannot carry its state into the next chunk of a sequence: its "
                    + "reverse direction reads the whole sequence", e.getMessage());
            return;
        }
        l.forward(all, false);
        double[] whole = Arrays.copyOfRange(l.output(), l.outputOffset(), l.outputOffset() + STEPS * BATCH * w);
        l.forward(all.slice(0, 2), false);
        l.forward(all.slice(2, STEPS), true);
        for (int i = 0; i < (STEPS - 2) * BATCH * w; i++) {
            assertEquals(whole[2 * BATCH * w + i], l.output()[l.outputOffset() + i], EXACT, "output " + i);
        }
        l.forward(all.slice(2, STEPS), false);
        double moved = 0;
        for (int i = 0; i < BATCH * w; i++) {
            moved = Math.max(moved, Math.abs(whole[2 * BATCH * w + i] - l.output()[l.outputOffset() + i]));
        }
        assertTrue(moved > 1e-6, "without carry the chunk starts from zeros");
    }

    /** Backward adds into the gradients (zeroing is the caller's step), and a zero upstream gradient adds 0. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void backwardAccumulatesAndZeroingIsSeparate(Kind kind) {
        SequenceLayer l = layer(kind);
        SequenceInput in = full(5);
        double[] dOut = NetFixture.uniform(STEPS * BATCH * l.outputSize(), new Rng(6));
        l.forward(in, false);
        l.backward(dOut, 0, 0, false);
        List<double[]> once = grads(l);
        l.forward(in, false);
        l.backward(dOut, 0, 0, false);
        l.forward(in, false);
        l.backward(new double[dOut.length], 0, 0, false);
        List<double[]> twice = grads(l);
        for (int k = 0; k < once.size(); k++) {
            for (int i = 0; i < once.get(k).length; i++) {
                assertEquals(2 * once.get(k)[i], twice.get(k)[i], EXACT * Math.max(1, Math.abs(once.get(k)[i])));
            }
        }
        for (Param p : l.parameters()) {
            Arrays.fill(p.grad.data, 0.0);
        }
        l.forward(in, false);
        l.backward(dOut, 0, 0, false);
        List<double[]> again = grads(l);
        for (int k = 0; k < once.size(); k++) {
            assertTrue(Arrays.equals(once.get(k), again.get(k)), "after zeroing, the same gradient");
        }
    }

    /** Σ g·v of {@link SequenceLayer#backward} along a random direction v against a central difference. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void backwardMatchesFiniteDifferences(Kind kind) {
        SequenceLayer l = layer(kind);
        double[] mask = maskOf(REAL);
        double[] x = x(STEPS, BATCH, 7);
        SequenceInput in = SequenceInput.masked(x, mask, BATCH, STEPS, INPUTS);
        double[] c = NetFixture.uniform(STEPS * BATCH * l.outputSize(), new Rng(8));
        Objective sumOfOutputs = () -> {
            l.forward(in, false);
            return dot(c, l.output(), l.outputOffset(), realRows(mask, l.outputSize()));
        };
        double[] dOut = c.clone();
        double[] weights = realRows(mask, l.outputSize());
        for (int i = 0; i < dOut.length; i++) {
            dOut[i] *= weights[i];
        }
        checkDirectional(l, x, sumOfOutputs, () -> {
            l.forward(in, false);
            l.backward(dOut, 0, 0, true);
        });
    }

    /** The same for {@link SequenceLayer#backwardFromFinalState} with L = Σ c·finalState. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void backwardFromFinalStateMatchesFiniteDifferences(Kind kind) {
        SequenceLayer l = layer(kind);
        double[] x = x(STEPS, BATCH, 9);
        SequenceInput in = SequenceInput.masked(x, maskOf(REAL), BATCH, STEPS, INPUTS);
        double[] c = NetFixture.uniform(BATCH * l.finalStateSize(), new Rng(10));
        checkDirectional(l, x, () -> {
            l.forward(in, false);
            return dot(c, l.finalState(), 0, null);
        }, () -> {
            l.forward(in, false);
            l.finalState();
            l.backwardFromFinalState(c, 0, true);
        });
    }

    private static void checkDirectional(SequenceLayer l, double[] x, Objective objective, Runnable analytic) {
        for (Param p : l.parameters()) {
            Arrays.fill(p.grad.data, 0.0);
        }
        analytic.run();
        Rng rng = new Rng(11);
        for (Param p : l.parameters()) {
            double[] v = NetFixture.uniform(p.size(), rng);
            double want = 0;
            for (int i = 0; i < v.length; i++) {
                want += p.grad.data[i] * v[i];
            }
            double got = directional(p.value.data, v, objective);
            assertEquals(want, got, FD_TOLERANCE * Math.max(1, Math.abs(want)), p.name());
        }
        double[] dx = l.inputGradient().clone();
        double[] v = NetFixture.uniform(x.length, rng);
        double want = 0;
        for (int i = 0; i < x.length; i++) {
            want += dx[i] * v[i];
        }
        assertEquals(want, directional(x, v, objective), FD_TOLERANCE * Math.max(1, Math.abs(want)), "input");
    }

    /** (L(θ + εv) − L(θ − εv)) / 2ε, θ restored exactly. */
    private static double directional(double[] theta, double[] v, Objective f) {
        double[] saved = theta.clone();
        for (int i = 0; i < theta.length; i++) {
            theta[i] = saved[i] + EPS * v[i];
        }
        double plus = f.value();
        for (int i = 0; i < theta.length; i++) {
            theta[i] = saved[i] - EPS * v[i];
        }
        double minus = f.value();
        System.arraycopy(saved, 0, theta, 0, theta.length);
        return (plus - minus) / (2 * EPS);
    }

    private static double[] maskOf(int[][] real) {
        double[] m = new double[STEPS * BATCH];
        for (int t = 0; t < STEPS; t++) {
            for (int b = 0; b < BATCH; b++) {
                m[t * BATCH + b] = real[b][t];
            }
        }
        return m;
    }

    /** 1 on the w entries of every real row, 0 on padded rows. */
    private static double[] realRows(double[] mask, int w) {
        double[] r = new double[mask.length * w];
        for (int i = 0; i < mask.length; i++) {
            Arrays.fill(r, i * w, (i + 1) * w, mask[i]);
        }
        return r;
    }

    private static double dot(double[] c, double[] y, int off, double[] weights) {
        double s = 0;
        for (int i = 0; i < c.length; i++) {
            s += c[i] * y[off + i] * (weights == null ? 1 : weights[i]);
        }
        return s;
    }

    private static List<double[]> grads(SequenceLayer l) {
        return l.parameters().stream().map(p -> p.grad.data.clone()).toList();
    }

    @FunctionalInterface
    interface Objective {
        double value();
    }
}
