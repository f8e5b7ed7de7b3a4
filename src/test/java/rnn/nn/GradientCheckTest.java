package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import rnn.random.Rng;

/**
 * Gradient checks of the whole model (every layer, the head and the loss, through the same code training
 * runs) against central finite differences in double precision: relative error below 1e-6 on every
 * parameter entry and every input entry.
 */
class GradientCheckTest {

    /** The five cells: simple RNN (tanh, relu), GRU (classic, reset-after), LSTM. */
    record Cell(String name, CellType type, Activation activation, GruVariant variant) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Cell> CELLS = List.of(
            new Cell("rnn-tanh", CellType.RNN, Activation.TANH, GruVariant.CLASSIC),
            new Cell("rnn-relu", CellType.RNN, Activation.RELU, GruVariant.CLASSIC),
            new Cell("gru-classic", CellType.GRU, Activation.TANH, GruVariant.CLASSIC),
            new Cell("gru-reset-after", CellType.GRU, Activation.TANH, GruVariant.RESET_AFTER),
            new Cell("lstm", CellType.LSTM, Activation.TANH, GruVariant.CLASSIC));

    static Stream<Arguments> cells() {
        return CELLS.stream().map(Arguments::of);
    }

    static Stream<Arguments> cellsAndStacks() {
        List<Arguments> args = new ArrayList<>();
        for (Cell c : CELLS) {
            for (int[] hidden : new int[][] {{7}, {5, 4}, {6, 3, 4}}) {
                args.add(Arguments.of(c, hidden));
            }
        }
        return args.stream();
    }

    static Stream<Arguments> lossesAndModes() {
        List<Arguments> args = new ArrayList<>();
        for (Loss loss : Loss.values()) {
            for (OutputMode mode : OutputMode.values()) {
                args.add(Arguments.of(loss, mode));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0}, one layer, last step, mse")
    @MethodSource("cells")
    void singleLayer(Cell cell) {
        run(cell, new int[] {6}, OutputMode.LAST, Loss.MSE, 3, 5, 4, null, 0.0, 11);
    }

    @ParameterizedTest(name = "{0}, hidden {1}, every step, masked lengths 5,2,4")
    @MethodSource("cellsAndStacks")
    void stacksMaskedSequenceOutput(Cell cell, int[] hidden) {
        run(cell, hidden, OutputMode.SEQUENCE, Loss.MSE, 3, 5, 3, new int[] {5, 2, 4}, 0.0, 12);
    }

    @ParameterizedTest(name = "{0}, hidden {1}, last real step, masked lengths 4,6,1")
    @MethodSource("cellsAndStacks")
    void stacksMaskedLastOutput(Cell cell, int[] hidden) {
        run(cell, hidden, OutputMode.LAST, Loss.MSE, 3, 6, 2, new int[] {4, 6, 1}, 0.0, 13);
    }

    static Stream<Arguments> cellsAndModes() {
        List<Arguments> args = new ArrayList<>();
        for (Cell c : CELLS) {
            for (OutputMode mode : OutputMode.values()) {
                args.add(Arguments.of(c, mode));
            }
        }
        return args.stream();
    }

    /**
     * Bidirectional layers, two stacked (the second reads 2H = 10 features), sequences of mixed lengths padded at
     * the end (the reverse direction must start at each sequence's last real step), and one layer with padding at
     * the start, in the middle and at the end.
     */
    @ParameterizedTest(name = "{0}, bidirectional, hidden 5,4, output {1}, masked lengths 5,2,4,1")
    @MethodSource("cellsAndModes")
    void bidirectionalStackMasked(Cell cell, OutputMode mode) {
        run(cell, new int[] {5, 4}, mode, Loss.MSE, 4, 5, 3, new int[] {5, 2, 4, 1}, 0.0, 23, true);
    }

    @ParameterizedTest(name = "{0}, bidirectional, hidden 4,3, output {1}, padding anywhere, dropout 0.2")
    @MethodSource("cellsAndModes")
    void bidirectionalPaddingAnywhere(Cell cell, OutputMode mode) {
        ModelSpec spec = new ModelSpec(cell.type(), cell.activation(), cell.variant(), 2, new int[] {4, 3}, 2, mode,
                0.2, true);
        double[] mask = {
            0, 1, 1,
            1, 0, 1,
            1, 1, 0,
            1, 0, 0,
        }; // T = 4, B = 3: sequence 0 padded at the start, 1 in the middle, 2 at the end
        check(spec, cell + " bidirectional " + mode + " padding anywhere dropout 0.2", Loss.MSE, 3, 4, mask, 24);
    }

    @ParameterizedTest(name = "loss {0}, output {1}")
    @MethodSource("lossesAndModes")
    void everyLoss(Loss loss, OutputMode mode) {
        run(CELLS.get(3), new int[] {4, 3}, mode, loss, 4, 5, 3, new int[] {5, 3, 4, 2}, 0.0, 14);
    }

    @ParameterizedTest(name = "{0}, dropout 0.4 between 3 layers, fixed mask")
    @MethodSource("cells")
    void dropoutWithFixedMask(Cell cell) {
        run(cell, new int[] {5, 4, 3}, OutputMode.SEQUENCE, Loss.MSE, 3, 4, 3, new int[] {4, 3, 2}, 0.4, 15);
    }

    /**
     * Recurrent (variational) dropout with a fixed mask: masked sequences of mixed lengths, every-step and last-step
     * output, alone and with dropout between layers.
     */
    @ParameterizedTest(name = "{0}, hidden {1}, recurrent dropout 0.35, fixed mask, masked lengths")
    @MethodSource("cellsAndStacks")
    void recurrentDropoutWithFixedMask(Cell cell, int[] hidden) {
        run(cell, hidden, OutputMode.SEQUENCE, Loss.MSE, 3, 5, 3, new int[] {5, 2, 4}, 0.0, 0.35, 31);
        run(cell, hidden, OutputMode.LAST, Loss.MSE, 3, 6, 2, new int[] {4, 6, 1}, 0.3, 0.35, 32);
    }

    /** Both [layers] features together: each direction's recurrent mask held fixed. */
    @ParameterizedTest(name = "{0}, bidirectional, hidden 4,3, output {1}, recurrent dropout 0.3, masked lengths")
    @MethodSource("cellsAndModes")
    void bidirectionalWithRecurrentDropout(Cell cell, OutputMode mode) {
        run(cell, new int[] {4, 3}, mode, Loss.MSE, 3, 5, 2, new int[] {5, 2, 4}, 0.0, 0.3, 34, true);
    }

    @ParameterizedTest(name = "{0}, hidden 17,8, recurrent dropout 0.3, vector-width gate math")
    @MethodSource("cells")
    void recurrentDropoutVectorWidthLayers(Cell cell) {
        run(cell, new int[] {17, 8}, OutputMode.SEQUENCE, Loss.MSE, 2, 4, 3, new int[] {4, 3}, 0.0, 0.3, 33);
    }

    /** Layers wide enough for the vectorised gate math (H = 17: two 8-lane vectors and a tail; H = 8). */
    @ParameterizedTest(name = "{0}, hidden 17,8, vector-width gate math")
    @MethodSource("cells")
    void vectorWidthLayers(Cell cell) {
        run(cell, new int[] {17, 8}, OutputMode.SEQUENCE, Loss.MSE, 2, 4, 3, new int[] {4, 3}, 0.0, 19);
    }

    @ParameterizedTest(name = "{0}, B = T = I = H = O = 1")
    @MethodSource("cells")
    void degenerateShapes(Cell cell) {
        run(cell, new int[] {1}, OutputMode.LAST, Loss.MSE, 1, 1, 1, null, 0.0, 16);
        run(cell, new int[] {1}, OutputMode.SEQUENCE, Loss.MSE, 1, 1, 1, null, 0.0, 17);
        run(cell, new int[] {1, 1}, OutputMode.LAST, Loss.HUBER, 1, 3, 1, null, 0.0, 18);
    }

    /**
     * Truncated BPTT (K = 3 of T = 7, last-step output): the analytic gradient must equal the finite-difference
     * gradient of the loss in which the state entering the last K steps is a constant (computed with the
     * unperturbed weights), i.e. PyTorch's detach() semantics; the input gradient before the cut is zero.
     */
    @ParameterizedTest(name = "{0}, truncated BPTT K = 3 of T = 7")
    @MethodSource("cells")
    void truncatedBptt(Cell cell) {
        final int batch = 2;
        final int steps = 7;
        final int k = 3;
        final int inputs = 3;
        ModelSpec spec = new ModelSpec(cell.type(), cell.activation(), cell.variant(), inputs, new int[] {4, 3}, 2,
                OutputMode.LAST, 0.0);
        RecurrentModel model = NetFixture.model(spec, 21);
        Rng rng = new Rng(22);
        double[] x = NetFixture.uniform(steps * batch * inputs, rng);
        double[] y = NetFixture.targets(Loss.MSE, batch, 2, rng);
        SequenceInput all = SequenceInput.of(x, batch, steps, inputs);
        SequenceInput prefix = all.slice(0, steps - k);
        SequenceInput suffix = all.slice(steps - k, steps);
        Parameters params = model.parameters();
        List<double[]> theta0 = snapshot(params);
        double[] dPred = new double[batch * 2];

        Runnable analytic = () -> {
            double[] pred = model.forward(all, false, false);
            Loss.MSE.evaluate(pred, y, null, batch, 2, dPred);
            model.backward(dPred, k, true);
        };
        java.util.function.DoubleSupplier detached = () -> {
            List<double[]> current = snapshot(params);
            restore(params, theta0);
            model.forward(prefix, false, false);
            restore(params, current);
            double[] pred = model.forward(suffix, false, true);
            return Loss.MSE.evaluate(pred, y, null, batch, 2, null);
        };
        int cut = (steps - k) * batch * inputs;
        GradientChecker.Result r = GradientChecker.check(params, detached, analytic, x, cut, k * batch * inputs,
                () -> Arrays.copyOfRange(model.inputGradient(), cut, steps * batch * inputs));
        report("tbptt " + cell, r);
        assertTrue(r.max() < GradientChecker.TOLERANCE, () -> cell + " truncated: " + r);

        // before the cut, no gradient reaches the input
        params.zeroGrad();
        analytic.run();
        double[] dx = model.inputGradient();
        for (int i = 0; i < cut; i++) {
            assertEquals(0.0, dx[i], "dx[" + i + "] before the truncation point");
        }
    }

    /** Runs one gradient check and asserts the bar. */
    static GradientChecker.Result run(Cell cell, int[] hidden, OutputMode mode, Loss loss, int batch, int steps,
                                      int inputs, int[] lengths, double dropout, long seed) {
        return run(cell, hidden, mode, loss, batch, steps, inputs, lengths, dropout, 0.0, seed);
    }

    /** As above, with recurrent dropout {@code recurrentDropout} (its masks drawn once, then held fixed). */
    static GradientChecker.Result run(Cell cell, int[] hidden, OutputMode mode, Loss loss, int batch, int steps,
                                      int inputs, int[] lengths, double dropout, double recurrentDropout, long seed) {
        return run(cell, hidden, mode, loss, batch, steps, inputs, lengths, dropout, recurrentDropout, seed, false);
    }

    /** As above, with bidirectional layers when {@code bidirectional}. */
    static GradientChecker.Result run(Cell cell, int[] hidden, OutputMode mode, Loss loss, int batch, int steps,
                                      int inputs, int[] lengths, double dropout, long seed, boolean bidirectional) {
        return run(cell, hidden, mode, loss, batch, steps, inputs, lengths, dropout, 0.0, seed, bidirectional);
    }

    static GradientChecker.Result run(Cell cell, int[] hidden, OutputMode mode, Loss loss, int batch, int steps,
                                      int inputs, int[] lengths, double dropout, double recurrentDropout, long seed,
                                      boolean bidirectional) {
        int outputs = loss == Loss.XENT ? 3 : 2;
        ModelSpec spec = new ModelSpec(cell.type(), cell.activation(), cell.variant(), inputs, hidden, outputs, mode,
                dropout, recurrentDropout, bidirectional);
        String what = cell + " " + Arrays.toString(hidden) + " " + mode + " " + loss + " B=" + batch + " T=" + steps
                + " I=" + inputs + (lengths == null ? "" : " lengths=" + Arrays.toString(lengths))
                + (dropout > 0 ? " dropout=" + dropout : "")
                + (recurrentDropout > 0 ? " recurrent dropout=" + recurrentDropout : "")
                + (bidirectional ? " bidirectional" : "");
        return check(spec, what, loss, batch, steps, lengths == null ? null : NetFixture.mask(lengths, steps), seed);
    }

    /** Runs one gradient check of {@code spec} on a batch with {@code mask} (null: every step real). */
    static GradientChecker.Result check(ModelSpec spec, String what, Loss loss, int batch, int steps, double[] mask,
                                        long seed) {
        final int inputs = spec.inputSize();
        final int outputs = spec.outputs();
        final double dropout = spec.dropout();
        final double recurrentDropout = spec.recurrentDropout();
        final int[] hidden = spec.hidden();
        RecurrentModel model = NetFixture.model(spec, seed);
        Rng rng = new Rng(seed + 1000);
        double[] x = NetFixture.uniform(steps * batch * inputs, rng);
        SequenceInput in = new SequenceInput(x, 0, mask, 0, batch, steps, inputs);
        int rows = model.predictionRows(in);
        double[] y = NetFixture.targets(loss, rows, outputs, rng);
        double[] w = NetFixture.lossWeights(model, in);
        double[] dPred = new double[rows * outputs];
        if (dropout > 0) {
            model.resampleDropout(steps, batch, new Rng(seed + 2000));
        }
        if (recurrentDropout > 0) {
            model.resampleRecurrentDropout(batch, new Rng(seed + 3000));
        }
        boolean training = dropout > 0 || recurrentDropout > 0;
        Runnable analytic = () -> {
            double[] pred = model.forward(in, training, false);
            loss.evaluate(pred, y, w, rows, outputs, dPred);
            model.backward(dPred, 0, true);
        };
        java.util.function.DoubleSupplier objective = () ->
                loss.evaluate(model.forward(in, training, false), y, w, rows, outputs, null);
        GradientChecker.Result r = GradientChecker.check(model.parameters(), objective, analytic, x, 0, x.length,
                model::inputGradient);
        report(what, r);
        assertTrue(r.max() < GradientChecker.TOLERANCE, () -> what + ": " + r);
        // every entry of every parameter was checked (the count worked out from the shapes, not from the list the
        // checker walked), and every parameter does reach the loss: a parameter disconnected in both the forward and
        // the backward would otherwise pass with analytic = numeric = 0 (with T = 1, h_0 = 0 keeps W_hh out of the
        // loss, and a single relu unit may be dead on the whole batch, so the rule applies from T = 2 and H = 2)
        assertEquals(expectedParameterCount(spec), r.entries(), what + ": parameter entries checked");
        boolean singleReluUnit = spec.activation() == Activation.RELU && Arrays.stream(hidden).anyMatch(h -> h == 1);
        if (steps > 1 && !singleReluUnit) {
            r.largestNumeric().forEach((name, big) -> assertTrue(big > 1e-9,
                    what + ": " + name + " never reaches the loss (largest |dL/dθ| " + big + ")"));
        }
        return r;
    }

    /**
     * Σ over layers of G·H·(I + H) + (biases)·G·H, plus the head's O·H + O: the parameter count of the spec by
     * hand (biases: 2 for rnn, lstm and the reset-after GRU, 1 for the classic GRU); a bidirectional layer has two
     * sets and gives the next layer (or the head) 2H inputs.
     */
    static long expectedParameterCount(ModelSpec spec) {
        int gates = switch (spec.cell()) {
            case RNN -> 1;
            case GRU -> 3;
            case LSTM -> 4;
        };
        int biases = spec.cell() == CellType.GRU && spec.gruVariant() == GruVariant.CLASSIC ? 1 : 2;
        long n = 0;
        int in = spec.inputSize();
        int directions = spec.bidirectional() ? 2 : 1;
        for (int h : spec.hidden()) {
            n += directions * ((long) gates * h * (in + h) + (long) biases * gates * h);
            in = directions * h;
        }
        return n + (long) spec.outputs() * in + spec.outputs();
    }

    static void report(String what, GradientChecker.Result r) {
        System.out.printf("gradcheck %-70s max rel err %.3e (input %.3e)%n", what, r.max(), r.input());
    }

    static List<double[]> snapshot(Parameters ps) {
        List<double[]> s = new ArrayList<>();
        for (Param p : ps) {
            s.add(p.value.data.clone());
        }
        return s;
    }

    static void restore(Parameters ps, List<double[]> s) {
        int i = 0;
        for (Param p : ps) {
            System.arraycopy(s.get(i++), 0, p.value.data, 0, p.size());
        }
    }
}
