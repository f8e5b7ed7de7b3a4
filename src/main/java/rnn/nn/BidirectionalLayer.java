package rnn.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import rnn.random.Rng;

/**
 * A bidirectional layer (PyTorch's {@code bidirectional=True}): two layers of the same kind and size, one run
 * forward over each sequence and one run over the same sequence reversed, their outputs concatenated.
 *
 * <p><b>Reversal.</b> The reverse layer reads the batch with its time axis reversed (block t of its input is block
 * T−1−t of the input, mask included). A padded step leaves a recurrent layer's state unchanged and adds nothing to
 * any gradient ({@link SequenceLayer}), so the reverse layer starts from zeros at each sequence's last real step
 * and runs over exactly that sequence's real steps in reverse order, wherever the padding lies: padding never
 * enters the reverse direction, and a padded sequence gives the same outputs alone or in a batch.
 *
 * <p><b>Shapes.</b> Output step t of sequence b is {@code [fwd_t | rev_t]}, 2H wide, where {@code rev_t} is the
 * reverse layer's state after it has read steps T−1..t (real ones only): PyTorch's {@code output}. The final state
 * is {@code [fwd at the last real step | rev at the first real step]}, 2H wide: PyTorch's {@code h_n} of the two
 * directions, concatenated. Parameters: the forward layer's ({@code layers.k.weight_ih_l0}, …) then the reverse
 * layer's ({@code layers.k.weight_ih_l0_reverse}, …), PyTorch's names and order, so a checkpoint loads into
 * {@code nn.GRU(I, H, bidirectional=True)} (or nn.LSTM, nn.RNN) unchanged.
 *
 * <p><b>Backward.</b> dLoss/doutput is split into its two halves (the reverse half reversed in time), each layer
 * runs its own BPTT (with truncation K the reverse direction's gradient flows back through at most the first K real
 * steps of each sequence, its last in reverse order), and the input gradient is the forward layer's plus the
 * reverse layer's reversed in time.
 *
 * <p><b>Threads.</b> With a Compute of two threads or more, the two directions run at the same time, each on one
 * thread with a one-thread twin of the Compute ({@link Compute#oneThreadTwin}: the same kernels, so the results are
 * bit-identical to a one-thread run); with one thread, one after the other.
 *
 * <p>State cannot be carried from one chunk of a sequence to the next: the reverse direction needs the whole
 * sequence, so {@code forward(in, true)} throws. Buffers are sized on first use for a batch shape and reused; the
 * copies are O(T·B·(I + H)) per pass, beside the layers' O(T·B·G·H·(I + H)) multiplies.
 */
public final class BidirectionalLayer implements SequenceLayer {

    private final SequenceLayer fwd;
    private final SequenceLayer rev;
    /** Runs the two directions as parts 0 and 1, or {@code null}: one after the other on the caller's thread. */
    private final Compute parallel;
    private final DirectionsTask both = new DirectionsTask();
    private SequenceInput revIn;
    private final int inputSize;
    /** H of each direction. */
    private final int hidden;

    private int steps;
    private int batch;
    /** Whether {@link #out} holds the last forward's outputs. */
    private boolean outputReady;

    /** The input reversed in time: (T·B)×I. */
    private double[] xRev = new double[0];
    private double[] maskRev = new double[0];
    /** [fwd_t | rev_t]: (T·B)×2H. */
    private double[] out = new double[0];
    private double[] fin = new double[0];
    private double[] dOutFwd = new double[0];
    /** The reverse half of dOut, reversed in time: (T·B)×H. */
    private double[] dOutRev = new double[0];
    private double[] dFinFwd = new double[0];
    private double[] dFinRev = new double[0];
    private double[] dx = new double[0];

    /**
     * @param forward  the forward direction ({@code names})
     * @param reverse  the reverse direction: the same kind, input and output sizes ({@code names.reverse()})
     * @param parallel a Compute of at least two threads that runs the directions at the same time (each must then
     *                 have a Compute of its own), or {@code null} to run them one after the other
     */
    BidirectionalLayer(SequenceLayer forward, SequenceLayer reverse, Compute parallel) {
        if (parallel != null && parallel.threads() < 2) {
            throw new IllegalArgumentException("bidirectional layer: a parallel Compute needs two threads, got "
                    + parallel.threads());
        }
        if (forward.inputSize() != reverse.inputSize() || forward.outputSize() != reverse.outputSize()
                || forward.finalStateSize() != forward.outputSize()
                || reverse.finalStateSize() != reverse.outputSize()) {
            throw new IllegalArgumentException("bidirectional layer: expected two directions of the same sizes, got "
                    + "I=" + forward.inputSize() + "/" + reverse.inputSize() + ", H=" + forward.outputSize() + "/"
                    + reverse.outputSize());
        }
        this.fwd = forward;
        this.rev = reverse;
        this.parallel = parallel;
        this.inputSize = forward.inputSize();
        this.hidden = forward.outputSize();
    }

    /**
     * A factory whose layers are bidirectional pairs of {@code direction}'s, the second named {@code reverse()}: run
     * at the same time on one-thread twins of a Compute of two threads or more, one after the other otherwise.
     */
    public static SequenceLayers.Factory of(SequenceLayers.Factory direction) {
        return (names, in, h, spec, compute) -> {
            if (compute.threads() < 2) {
                return new BidirectionalLayer(direction.create(names, in, h, spec, compute),
                        direction.create(names.reverse(), in, h, spec, compute), null);
            }
            return new BidirectionalLayer(direction.create(names, in, h, spec, compute.oneThreadTwin()),
                    direction.create(names.reverse(), in, h, spec, compute.oneThreadTwin()), compute);
        };
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    /** 2H: {@code [fwd_t | rev_t]}. */
    @Override
    public int outputSize() {
        return 2 * hidden;
    }

    /** 2H: {@code [fwd at the last real step | rev at the first real step]}. */
    @Override
    public int finalStateSize() {
        return 2 * hidden;
    }

    /** The forward direction's parameters, then the reverse direction's (PyTorch's order). */
    @Override
    public List<Param> parameters() {
        List<Param> ps = new ArrayList<>(fwd.parameters());
        ps.addAll(rev.parameters());
        return ps;
    }

    /** The forward direction, then the reverse direction, from the same stream. */
    @Override
    public void initialize(Rng rng) {
        fwd.initialize(rng);
        rev.initialize(rng);
    }

    /**
     * Runs both directions.
     *
     * @throws IllegalArgumentException with {@code carryState}: the reverse direction needs the whole sequence
     */
    @Override
    public void forward(SequenceInput in, boolean carryState) {
        if (carryState) {
            throw new IllegalArgumentException("a bidirectional layer cannot carry its state into the next chunk of "
                    + "a sequence: its reverse direction reads the whole sequence");
        }
        if (in.features() != inputSize) {
            throw new IllegalArgumentException("layer expects " + inputSize + " input features, got " + in.features());
        }
        ensureCapacity(in.steps(), in.batch());
        final int T = steps;
        final int B = batch;
        reverseBlocks(in.x(), in.xOffset(), xRev, 0, B * inputSize);
        double[] mask = null;
        if (in.mask() != null) {
            reverseBlocks(in.mask(), in.maskOffset(), maskRev, 0, B);
            mask = maskRev;
        }
        revIn = new SequenceInput(xRev, 0, mask, 0, B, T, inputSize);
        both.run(Pass.FORWARD, in, false, 0);
        outputReady = false;
    }

    /**
     * {@code [fwd_t | rev_t]} of the last forward, (T·B)×2H from offset 0; assembled on the first call after a
     * forward (a top layer read only through its final state never pays for it).
     */
    @Override
    public double[] output() {
        if (!outputReady) {
            assembleOutput();
            outputReady = true;
        }
        return out;
    }

    private void assembleOutput() {
        final int T = steps;
        final int B = batch;
        final int H = hidden;
        double[] f = fwd.output();
        int fOff = fwd.outputOffset();
        double[] r = rev.output();
        int rOff = rev.outputOffset();
        for (int t = 0; t < T; t++) {
            int tr = T - 1 - t;
            for (int b = 0; b < B; b++) {
                int row = (t * B + b) * 2 * H;
                System.arraycopy(f, fOff + (t * B + b) * H, out, row, H);
                System.arraycopy(r, rOff + (tr * B + b) * H, out, row + H, H);
            }
        }
    }

    @Override
    public int outputOffset() {
        return 0;
    }

    /**
     * {@code [fwd at each sequence's last real step | rev at its first real step]}, B×2H.
     *
     * @throws IllegalArgumentException when a sequence of the batch has no real step
     */
    @Override
    public double[] finalState() {
        final int H = hidden;
        double[] f = fwd.finalState();
        double[] r = rev.finalState();
        for (int b = 0; b < batch; b++) {
            System.arraycopy(f, b * H, fin, b * 2 * H, H);
            System.arraycopy(r, b * H, fin, b * 2 * H + H, H);
        }
        return fin;
    }

    @Override
    public void backward(double[] dOut, int dOutOff, int truncate, boolean inputGrad) {
        final int T = steps;
        final int B = batch;
        final int H = hidden;
        for (int t = 0; t < T; t++) {
            int tr = T - 1 - t;
            for (int b = 0; b < B; b++) {
                int row = dOutOff + (t * B + b) * 2 * H;
                System.arraycopy(dOut, row, dOutFwd, (t * B + b) * H, H);
                System.arraycopy(dOut, row + H, dOutRev, (tr * B + b) * H, H);
            }
        }
        both.run(Pass.BACKWARD, null, inputGrad, truncate);
        if (inputGrad) {
            sumInputGradients();
        }
    }

    @Override
    public void backwardFromFinalState(double[] dFinal, int truncate, boolean inputGrad) {
        final int H = hidden;
        for (int b = 0; b < batch; b++) {
            System.arraycopy(dFinal, b * 2 * H, dFinFwd, b * H, H);
            System.arraycopy(dFinal, b * 2 * H + H, dFinRev, b * H, H);
        }
        both.run(Pass.BACKWARD_FROM_FINAL_STATE, null, inputGrad, truncate);
        if (inputGrad) {
            sumInputGradients();
        }
    }

    /**
     * Each direction draws its own mask, the forward one first (a mask is per sequence and unit, not per step, so
     * the reverse direction's reading of the steps backwards does not change it).
     */
    @Override
    public void resampleRecurrentDropout(int batch, double p, Rng rng) {
        fwd.resampleRecurrentDropout(batch, p, rng);
        rev.resampleRecurrentDropout(batch, p, rng);
    }

    @Override
    public void dropRecurrent(boolean on) {
        fwd.dropRecurrent(on);
        rev.dropRecurrent(on);
    }

    /** dLoss/dinput of the last backward with {@code inputGrad}: (T·B)×I from offset 0. */
    @Override
    public double[] inputGradient() {
        return dx;
    }

    /** dx = the forward direction's input gradient + the reverse direction's, reversed in time. */
    private void sumInputGradients() {
        final int T = steps;
        final int bi = batch * inputSize;
        double[] f = fwd.inputGradient();
        double[] r = rev.inputGradient();
        for (int t = 0; t < T; t++) {
            int o = t * bi;
            int ro = (T - 1 - t) * bi;
            for (int i = 0; i < bi; i++) {
                dx[o + i] = f[o + i] + r[ro + i];
            }
        }
    }

    private enum Pass { FORWARD, BACKWARD, BACKWARD_FROM_FINAL_STATE }

    /** One pass of both directions: part 0 the forward one, part 1 the reverse one (further parts idle). */
    private final class DirectionsTask implements WorkerPool.Task {
        private Pass pass;
        private SequenceInput in;
        private boolean inputGrad;
        private int truncate;

        void run(Pass p, SequenceInput input, boolean wantDx, int k) {
            this.pass = p;
            this.in = input;
            this.inputGrad = wantDx;
            this.truncate = k;
            if (parallel != null) {
                parallel.runParts(this);
            } else {
                run(0, 2);
                run(1, 2);
            }
            this.in = null;
        }

        @Override
        public void run(int part, int parts) {
            if (part > 1) {
                return;
            }
            SequenceLayer l = part == 0 ? fwd : rev;
            switch (pass) {
                case FORWARD -> l.forward(part == 0 ? in : revIn, false);
                case BACKWARD -> l.backward(part == 0 ? dOutFwd : dOutRev, 0, truncate, inputGrad);
                case BACKWARD_FROM_FINAL_STATE -> l.backwardFromFinalState(part == 0 ? dFinFwd : dFinRev, truncate,
                        inputGrad);
            }
        }
    }

    /** Copies the T blocks of {@code width} values of {@code from} into {@code to} in reverse order. */
    private void reverseBlocks(double[] from, int fromOff, double[] to, int toOff, int width) {
        for (int t = 0; t < steps; t++) {
            System.arraycopy(from, fromOff + t * width, to, toOff + (steps - 1 - t) * width, width);
        }
    }

    private void ensureCapacity(int T, int B) {
        this.steps = T;
        this.batch = B;
        int rows = T * B;
        if (xRev.length < rows * inputSize) {
            xRev = new double[rows * inputSize];
            dx = new double[rows * inputSize];
        }
        if (maskRev.length < rows) {
            maskRev = new double[rows];
        }
        if (dOutFwd.length < rows * hidden) {
            out = new double[rows * 2 * hidden];
            dOutFwd = new double[rows * hidden];
            dOutRev = new double[rows * hidden];
        }
        if (fin.length < B * 2 * hidden) {
            fin = new double[B * 2 * hidden];
            dFinFwd = new double[B * hidden];
            dFinRev = new double[B * hidden];
        }
    }
}
