package rnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import rnn.nn.Activation;
import rnn.nn.CellType;
import rnn.nn.Compute;
import rnn.nn.GruVariant;
import rnn.nn.Loss;
import rnn.nn.ModelSpec;
import rnn.nn.OutputMode;
import rnn.nn.Param;
import rnn.nn.RecurrentModel;
import rnn.nn.SequenceInput;
import rnn.optim.GradientClipping;
import rnn.optim.Optimizer;
import rnn.optim.OptimizerSettings;
import rnn.random.Rng;

class TrainingStepTest {

    private static final int B = 16;
    private static final int T = 10;
    private static final int I = 4;

    /** Issue #2: a fixed seed gives bit-identical parameters after 20 training steps with 1 thread and with 2. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"RNN", "GRU", "LSTM"})
    void bitIdenticalForOneAndTwoThreads(String cell) {
        ModelSpec spec = new ModelSpec(CellType.valueOf(cell), Activation.TANH, GruVariant.RESET_AFTER, I,
                new int[] {64, 48}, 2, OutputMode.LAST, 0.2);
        List<double[]> one = trainTwentySteps(spec, 1);
        List<double[]> two = trainTwentySteps(spec, 2);
        for (int k = 0; k < one.size(); k++) {
            assertArrayEquals(one.get(k), two.get(k), "parameter " + k + " differs between 1 and 2 threads");
        }
    }

    private static List<double[]> trainTwentySteps(ModelSpec spec, int threads) {
        try (Compute compute = new Compute(threads)) {
            RecurrentModel model = new RecurrentModel(spec, compute);
            Rng seed = new Rng(42);
            model.initialize(seed.split());
            Optimizer adam = OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM).create(model.parameters());
            TrainingStep step = new TrainingStep(model, Loss.MSE, adam, 5.0, 0.0, 0, seed.split());
            Rng data = new Rng(7);
            double[] before = model.parameters().list().get(0).value.data.clone();
            for (int s = 0; s < 20; s++) {
                double[] x = uniform(T * B * I, data);
                double[] y = uniform(B * 2, data);
                assertTrue(step.run(SequenceInput.of(x, B, T, I), y, 1e-2).finite());
            }
            assertFalse(java.util.Arrays.equals(before, model.parameters().list().get(0).value.data),
                    "training changed nothing");
            List<double[]> out = new ArrayList<>();
            for (Param p : model.parameters()) {
                out.add(p.value.data.clone());
            }
            return out;
        }
    }

    @Test
    void truncationLongerThanTheSequenceIsAnError() {
        TrainingStep.requireTruncationFits(10, 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingStep.requireTruncationFits(11, 10));
        assertEquals("{{tbptt}} 11: longer than the sequences (10 steps), so it would truncate nothing; use a value "
                + "of at most 10 or 0 for full BPTT", e.getMessage());
    }

    @Test
    void sequenceOutputUpdatesAfterEveryChunk() {
        RecurrentModel model = model(OutputMode.SEQUENCE);
        Rng data = new Rng(3);
        TrainingStep.Result r = step(model, 3).run(SequenceInput.of(uniform(T * B * I, data), B, T, I),
                uniform(T * B, data), 1e-3);
        assertEquals(4, r.updates(), "10 steps in chunks of 3 give 4 updates");
        assertTrue(r.finite());
    }

    /**
     * With recurrent dropout the mask is one per sequence: drawn once per batch (B·H draws for the one layer of 6),
     * not once per truncated-BPTT chunk, so a batch of 4 chunks advances the dropout generator by B·H draws.
     */
    @Test
    void theRecurrentMaskIsDrawnOncePerBatchNotPerChunk() {
        RecurrentModel model = new RecurrentModel(model(OutputMode.SEQUENCE).spec().withRecurrentDropout(0.3),
                Compute.singleThreaded());
        model.initialize(new Rng(1));
        Rng dropout = new Rng(2);
        TrainingStep step = new TrainingStep(model, Loss.MSE,
                OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM).create(model.parameters()), 5.0, 0.0, 3,
                dropout);
        Rng data = new Rng(3);
        TrainingStep.Result r = step.run(SequenceInput.of(uniform(T * B * I, data), B, T, I), uniform(T * B, data),
                1e-3);
        assertEquals(4, r.updates());
        Rng expected = new Rng(2);
        for (int i = 0; i < B * 6; i++) {
            expected.nextDouble();
        }
        assertEquals(expected.state(), dropout.state());
    }

    @Test
    void oneChunkAsLongAsTheSequenceEqualsFullBptt() {
        Rng data = new Rng(4);
        double[] x = uniform(T * B * I, data);
        double[] y = uniform(T * B, data);
        RecurrentModel a = model(OutputMode.SEQUENCE);
        RecurrentModel b = model(OutputMode.SEQUENCE);
        TrainingStep.Result ra = step(a, 0).run(SequenceInput.of(x, B, T, I), y, 1e-2);
        TrainingStep.Result rb = step(b, T).run(SequenceInput.of(x, B, T, I), y, 1e-2);
        assertEquals(ra.loss(), rb.loss());
        for (int k = 0; k < a.parameters().list().size(); k++) {
            assertArrayEquals(a.parameters().list().get(k).value.data, b.parameters().list().get(k).value.data);
        }
    }

    /**
     * {@code --tbptt 2} with {@code --output last} against a hand-written equivalent: run steps 0..T−3 without
     * gradients, then the last 2 steps from the state they reached (carried, detached), and backpropagate
     * through those 2 steps only. Both give the same update (to rounding of the gradient sums).
     */
    @Test
    void truncationOfLastStepModelsBackpropagatesThroughTheLastKSteps() {
        int k = 2;
        Rng data = new Rng(5);
        double[] x = uniform(T * B * I, data);
        double[] y = uniform(B, data);
        RecurrentModel cut = model(OutputMode.LAST);
        TrainingStep.Result r = step(cut, k).run(SequenceInput.of(x, B, T, I), y, 1e-2);

        RecurrentModel hand = model(OutputMode.LAST);
        Optimizer adam = OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM).create(hand.parameters());
        SequenceInput all = SequenceInput.of(x, B, T, I);
        hand.forward(all.slice(0, T - k), true, false);
        double[] pred = hand.forward(all.slice(T - k, T), true, true);
        double[] dPred = new double[B];
        double loss = Loss.MSE.evaluate(pred, y, null, B, 1, dPred);
        hand.parameters().zeroGrad();
        hand.backward(dPred, 0, false);
        assertEquals(GradientClipping.clipByGlobalNorm(hand.parameters(), 5.0), r.gradNorm(), 1e-12 * r.gradNorm());
        adam.step(1e-2);

        assertEquals(loss, r.loss());
        assertSameParameters(hand, cut, 1e-12);
        RecurrentModel full = model(OutputMode.LAST);
        step(full, 0).run(SequenceInput.of(x, B, T, I), y, 1e-2);
        assertTrue(maxDifference(full, cut) > 1e-6, "the truncation changes the update");
    }

    /**
     * {@code --tbptt 3} with {@code --output sequence} on a padded batch, against a hand-written loop: for each
     * chunk of 3 steps, copies of that chunk's inputs, mask and targets; a forward from the state the previous
     * chunk ended in; the loss of the chunk's real steps; backward, clipping and an Adam step. The parameters
     * agree bit for bit, and the reported loss is the mean over all real steps.
     */
    @Test
    void sequenceChunksCarryTheStateAndTrainOnTheirOwnTargets() {
        int k = 3;
        int o = 2;
        Rng data = new Rng(6);
        double[] x = uniform(T * B * I, data);
        double[] y = uniform(T * B * o, data);
        double[] mask = mask(data);
        RecurrentModel trained = model(OutputMode.SEQUENCE, o);
        TrainingStep.Result r = step(trained, k).run(SequenceInput.masked(x, mask, B, T, I), y, 1e-2);

        RecurrentModel hand = model(OutputMode.SEQUENCE, o);
        Optimizer adam = OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM).create(hand.parameters());
        double weighted = 0;
        double real = 0;
        int updates = 0;
        for (int t0 = 0; t0 < T; t0 += k) {
            int t1 = Math.min(T, t0 + k);
            int rows = (t1 - t0) * B;
            double[] xc = java.util.Arrays.copyOfRange(x, t0 * B * I, t1 * B * I);
            double[] mc = java.util.Arrays.copyOfRange(mask, t0 * B, t1 * B);
            double[] yc = java.util.Arrays.copyOfRange(y, t0 * B * o, t1 * B * o);
            double[] pred = hand.forward(SequenceInput.masked(xc, mc, B, t1 - t0, I), true, t0 > 0);
            double realHere = java.util.Arrays.stream(mc).sum();
            if (realHere == 0) {
                continue;
            }
            double[] dPred = new double[rows * o];
            double l = Loss.MSE.evaluate(pred, yc, mc, rows, o, dPred);
            hand.parameters().zeroGrad();
            hand.backward(dPred, 0, false);
            GradientClipping.clipByGlobalNorm(hand.parameters(), 5.0);
            adam.step(1e-2);
            weighted += l * realHere;
            real += realHere;
            updates++;
        }
        assertEquals(updates, r.updates());
        assertEquals(weighted / real, r.loss(), 1e-15);
        assertSameParameters(hand, trained, 0.0);
    }

    /**
     * With {@code --output sequence}, padded steps are not part of the loss: the reported loss is the mean
     * squared error over the real steps only (worked here from a separate forward), and changing the targets
     * of padded steps changes nothing, bit for bit.
     */
    @Test
    void paddedStepsAreNotPartOfTheSequenceLoss() {
        Rng data = new Rng(7);
        double[] x = uniform(T * B * I, data);
        double[] y = uniform(T * B, data);
        double[] mask = mask(data);
        RecurrentModel reference = model(OutputMode.SEQUENCE);
        double[] pred = reference.forward(SequenceInput.masked(x, mask, B, T, I), false, false);
        double sum = 0;
        double real = 0;
        for (int row = 0; row < T * B; row++) {
            if (mask[row] == 1) {
                sum += (pred[row] - y[row]) * (pred[row] - y[row]);
                real++;
            }
        }
        RecurrentModel a = model(OutputMode.SEQUENCE);
        TrainingStep.Result r = step(a, 0).run(SequenceInput.masked(x, mask, B, T, I), y, 1e-2);
        assertEquals(sum / real, r.loss(), 1e-12 * r.loss());

        double[] otherPadding = y.clone();
        for (int row = 0; row < T * B; row++) {
            if (mask[row] == 0) {
                otherPadding[row] = 100 + row;
            }
        }
        RecurrentModel b = model(OutputMode.SEQUENCE);
        step(b, 0).run(SequenceInput.masked(x, mask, B, T, I), otherPadding, 1e-2);
        assertSameParameters(a, b, 0.0);
    }

    /**
     * A mask with sequences of lengths 1..T padded at the end, and a few padded at the start (a series whose
     * window begins before its first row), with chunks of 3 steps that are wholly padding for some sequences.
     */
    private static double[] mask(Rng rng) {
        double[] mask = new double[T * B];
        for (int b = 0; b < B; b++) {
            int length = 1 + (b * 7) % T;
            boolean atStart = b % 4 == 3;
            for (int t = 0; t < T; t++) {
                boolean isReal = atStart ? t >= T - length : t < length;
                mask[t * B + b] = isReal ? 1 : 0;
            }
        }
        return mask;
    }

    /**
     * A step clips the gradient to the global norm c ({@code --clip-norm}), then each value to ±v
     * ({@code --clip-value}), before the optimizer sees it, and reports the norm before clipping. Plain SGD at lr 1
     * moves each parameter by exactly its clipped gradient, computed here by hand from a separate forward and
     * backward at the same weights: g·c/(‖g‖ + 10⁻⁶) (PyTorch's {@code clip_grad_norm_}), then clamped to [−v, v].
     * c and v are chosen so that both clips act.
     */
    @Test
    void aStepClipsTheGlobalNormThenEachValueBeforeTheUpdate() {
        Rng data = new Rng(8);
        double[] x = uniform(T * B * I, data);
        double[] y = uniform(B, data);
        RecurrentModel hand = model(OutputMode.LAST);
        double[] pred = hand.forward(SequenceInput.of(x, B, T, I), true, false);
        double[] dPred = new double[B];
        Loss.MSE.evaluate(pred, y, null, B, 1, dPred);
        hand.parameters().zeroGrad();
        hand.backward(dPred, 0, false);
        double squares = 0;
        double largest = 0;
        for (Param p : hand.parameters()) {
            for (double g : p.grad.data) {
                squares += g * g;
                largest = Math.max(largest, Math.abs(g));
            }
        }
        double norm = Math.sqrt(squares);
        double c = norm / 4;
        double scale = c / (norm + 1e-6);
        double v = largest * scale / 2;

        RecurrentModel m = model(OutputMode.LAST);
        Optimizer sgd = OptimizerSettings.defaults(OptimizerSettings.Kind.SGD).create(m.parameters());
        TrainingStep.Result r = new TrainingStep(m, Loss.MSE, sgd, c, v, 0, new Rng(2))
                .run(SequenceInput.of(x, B, T, I), y, 1.0);

        assertEquals(norm, r.gradNorm(), 1e-12 * norm);
        int clamped = 0;
        int scaledOnly = 0;
        List<Param> before = hand.parameters().list();
        List<Param> after = m.parameters().list();
        for (int k = 0; k < before.size(); k++) {
            double[] w0 = before.get(k).value.data;
            double[] g = before.get(k).grad.data;
            double[] w1 = after.get(k).value.data;
            for (int i = 0; i < w0.length; i++) {
                double step = Math.max(-v, Math.min(v, g[i] * scale));
                if (Math.abs(g[i] * scale) > v) {
                    clamped++;
                } else if (g[i] != 0) {
                    scaledOnly++;
                }
                assertEquals(w0[i] - step, w1[i], 1e-12 * Math.max(1, Math.abs(w0[i])), before.get(k).name() + "[" + i
                        + "]");
            }
        }
        assertTrue(clamped > 0 && scaledOnly > 0, clamped + " values clamped, " + scaledOnly + " only scaled");
    }

    private static void assertSameParameters(RecurrentModel expected, RecurrentModel actual, double relTol) {
        List<Param> e = expected.parameters().list();
        List<Param> a = actual.parameters().list();
        for (int k = 0; k < e.size(); k++) {
            double[] ev = e.get(k).value.data;
            double[] av = a.get(k).value.data;
            for (int i = 0; i < ev.length; i++) {
                if (relTol == 0) {
                    assertEquals(ev[i], av[i], 0.0, e.get(k).name() + "[" + i + "]");
                } else {
                    assertEquals(ev[i], av[i], relTol * Math.max(1, Math.abs(ev[i])), e.get(k).name() + "[" + i + "]");
                }
            }
        }
    }

    private static double maxDifference(RecurrentModel m1, RecurrentModel m2) {
        double max = 0;
        for (int k = 0; k < m1.parameters().list().size(); k++) {
            double[] a = m1.parameters().list().get(k).value.data;
            double[] b = m2.parameters().list().get(k).value.data;
            for (int i = 0; i < a.length; i++) {
                max = Math.max(max, Math.abs(a[i] - b[i]));
            }
        }
        return max;
    }

    @Test
    void nonFiniteLossLeavesTheParametersUnchanged() {
        RecurrentModel model = model(OutputMode.LAST);
        double[] x = new double[T * B * I];
        x[5] = Double.NaN;
        List<double[]> before = new ArrayList<>();
        for (Param p : model.parameters()) {
            before.add(p.value.data.clone());
        }
        TrainingStep.Result r = step(model, 0).run(SequenceInput.of(x, B, T, I), new double[B], 1e-2);
        assertFalse(r.finite());
        assertEquals(0, r.updates());
        for (int k = 0; k < before.size(); k++) {
            assertArrayEquals(before.get(k), model.parameters().list().get(k).value.data);
        }
    }

    private static RecurrentModel model(OutputMode mode) {
        return model(mode, 1);
    }

    private static RecurrentModel model(OutputMode mode, int outputs) {
        RecurrentModel m = new RecurrentModel(new ModelSpec(CellType.GRU, Activation.TANH, GruVariant.CLASSIC, I,
                new int[] {6}, outputs, mode, 0.0), Compute.singleThreaded());
        m.initialize(new Rng(1));
        return m;
    }

    private static TrainingStep step(RecurrentModel m, int tbptt) {
        Optimizer adam = OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM).create(m.parameters());
        return new TrainingStep(m, Loss.MSE, adam, 5.0, 0.0, tbptt, new Rng(2));
    }

    static double[] uniform(int n, Rng rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.uniform(-1, 1);
        }
        return v;
    }
}
