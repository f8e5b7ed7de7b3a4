package rnn.nn;

import java.util.ArrayList;
import java.util.List;

import rnn.random.Rng;

/**
 * A sequence model (DESIGN §1): an {@link InputStage} (numeric features, with {@link CategoricalEmbeddings} for
 * categorical columns) → a stack of
 * {@link SequenceLayer}s → a {@link DenseHead}. Layer k's output sequence is layer k+1's input (its width is the
 * lower layer's {@link SequenceLayer#outputSize()}), with inverted dropout between layers in training; the head
 * reads the top layer's {@link SequenceLayer#finalState()} ({@link OutputMode#LAST}, B×O predictions) or its
 * output on every step ({@link OutputMode#SEQUENCE}, (T·B)×O time-major predictions). The layers are built by
 * {@link SequenceLayers}, the one place that maps a cell kind to a layer class.
 *
 * <p>Use: {@link #forward}, then {@link #backward} with dLoss/dpred, which accumulates into
 * {@link #parameters()}' gradients (zeroing them is the caller's separate step). In training with dropout,
 * call {@link #resampleDropout} before a forward to draw fresh masks; forwards between two draws reuse the same
 * masks (which is how a gradient check holds the mask fixed). With recurrent dropout
 * ({@link ModelSpec#recurrentDropout()}), call {@link #resampleRecurrentDropout} once per batch as well: its masks
 * (one per layer, sequence and hidden unit) apply to every step and to every forward in training until the next
 * draw; forwards not in training use none.
 */
public final class RecurrentModel {

    private final ModelSpec spec;
    private final InputStage inputStage;
    private final List<SequenceLayer> layers;
    /** The name prefixes of a layer's carried state: h, then c (LSTM). */
    private static final String[] CARRIED = {"h_l", "c_l"};
    private final DenseHead head;
    private final Parameters parameters;
    /** A step of one sequence with frozen weights on more than one thread (generation). */
    private final PairedStep pairedStep;

    private final double[][] dropoutMask;
    private final double[][] dropped;
    private int maskSteps = -1;
    private int recurrentMaskBatch = -1;
    private int maskBatch = -1;
    private boolean lastForwardDropped;

    private SequenceInput lastInput;
    /** The input view of each layer's output of the last forward ({@link #view}). */
    private final SequenceInput[] views;
    private double[] inputGradient;

    public RecurrentModel(ModelSpec spec, Compute compute) {
        this.spec = spec;
        this.inputStage = spec.tokens() != null ? spec.tokens().stage()
                : spec.embeddings().isEmpty() ? new NumericFeatures(spec.inputSize())
                : new CategoricalEmbeddings(spec.numericInputs(), spec.embeddings());
        int[] hidden = spec.hidden();
        this.layers = new ArrayList<>(hidden.length);
        SequenceLayers.Factory factory = SequenceLayers.factory(spec);
        int in = inputStage.outputSize();
        for (int k = 0; k < hidden.length; k++) {
            SequenceLayer layer = factory.create(LayerNames.layer(k), in, hidden[k], spec, compute);
            if (k == 0 && inputStage.handsTokenIds()) {
                layer.readTokenIds();
            }
            layers.add(layer);
            in = layer.outputSize();
        }
        SequenceLayer top = layers.get(layers.size() - 1);
        int headIn = spec.output() == OutputMode.SEQUENCE ? top.outputSize() : top.finalStateSize();
        this.head = new DenseHead(headIn, spec.outputs(), compute);
        List<Param> all = new ArrayList<>(inputStage.parameters());
        for (SequenceLayer l : layers) {
            all.addAll(l.parameters());
        }
        all.addAll(head.parameters());
        this.parameters = new Parameters(all);
        this.dropoutMask = new double[hidden.length][0];
        this.dropped = new double[hidden.length][0];
        this.views = new SequenceInput[hidden.length];
        this.pairedStep = new PairedStep(compute, layers);
    }

    public ModelSpec spec() {
        return spec;
    }

    /** The parameters in canonical order (the input stage's, layer by layer, then the head). */
    public Parameters parameters() {
        return parameters;
    }

    /** Initialises every parameter (DESIGN §1) from {@code rng}: the input stage, layer by layer, then the head. */
    public void initialize(Rng rng) {
        inputStage.initialize(rng);
        for (SequenceLayer l : layers) {
            l.initialize(rng);
        }
        head.initialize(rng);
    }

    /**
     * Draws fresh inverted-dropout masks for a batch of {@code steps}×{@code batch}: each unit of each step of
     * each layer's output but the last is kept with probability 1 − p and scaled by 1/(1 − p). No-op when p = 0.
     */
    public void resampleDropout(int steps, int batch, Rng rng) {
        if (spec.dropout() == 0) {
            return;
        }
        double keep = 1.0 - spec.dropout();
        double scale = 1.0 / keep;
        for (int k = 0; k < layers.size() - 1; k++) {
            int n = steps * batch * layers.get(k).outputSize();
            if (dropoutMask[k].length < n) {
                dropoutMask[k] = new double[n];
                dropped[k] = new double[n];
            }
            double[] m = dropoutMask[k];
            for (int i = 0; i < n; i++) {
                m[i] = rng.nextDouble() < keep ? scale : 0.0;
            }
        }
        maskSteps = steps;
        maskBatch = batch;
    }

    /**
     * Draws fresh recurrent-dropout masks for batches of {@code batch} sequences, layer by layer (bottom first; each
     * layer's B×H mask row by row, see {@link SequenceLayer#resampleRecurrentDropout}). No-op (nothing drawn) when
     * the recurrent dropout is 0.
     */
    public void resampleRecurrentDropout(int batch, Rng rng) {
        if (spec.recurrentDropout() == 0) {
            return;
        }
        for (SequenceLayer l : layers) {
            l.resampleRecurrentDropout(batch, spec.recurrentDropout(), rng);
        }
        recurrentMaskBatch = batch;
    }

    /**
     * Runs the model.
     *
     * @param in         the batch
     * @param training   applies the current dropout masks (see {@link #resampleDropout},
     *                   {@link #resampleRecurrentDropout})
     * @param carryState every layer starts from its final state of the previous forward (truncated BPTT chunks)
     * @return predictions, {@link #predictionRows(SequenceInput)}×O from offset 0, valid until the next forward
     */
    public double[] forward(SequenceInput in, boolean training, boolean carryState) {
        if (in.features() != spec.inputSize()) {
            throw new IllegalArgumentException("model expects " + spec.inputSize() + " input features, got "
                    + in.features());
        }
        final int T = in.steps();
        final int B = in.batch();
        boolean dropout = training && spec.dropout() > 0 && layers.size() > 1;
        if (dropout && (maskSteps != T || maskBatch != B)) {
            throw new IllegalStateException("dropout masks were drawn for T=" + maskSteps + ", B=" + maskBatch
                    + " but the batch has T=" + T + ", B=" + B + ": call resampleDropout first");
        }
        boolean recurrentDropout = training && spec.recurrentDropout() > 0;
        if (recurrentDropout && recurrentMaskBatch != B) {
            throw new IllegalStateException("recurrent dropout masks were drawn for B=" + recurrentMaskBatch
                    + " but the batch has B=" + B + ": call resampleRecurrentDropout first");
        }
        lastForwardDropped = dropout;
        lastInput = in;

        SequenceInput layerIn = inputStage.forward(in);
        if (pairedStep.applies(in, training, carryState)) {
            return forwardPaired(in, layerIn);
        }
        for (int k = 0; k < layers.size(); k++) {
            SequenceLayer layer = layers.get(k);
            layer.dropRecurrent(recurrentDropout);
            layer.forward(layerIn, carryState);
            int w = layer.outputSize();
            if (dropout && k < layers.size() - 1) {
                double[] out = layer.output();
                int off = layer.outputOffset();
                double[] m = dropoutMask[k];
                double[] d = dropped[k];
                for (int i = 0; i < T * B * w; i++) {
                    d[i] = out[off + i] * m[i];
                }
                layerIn = view(k, in, d, 0, w);
            } else {
                layerIn = view(k, in, layer.output(), layer.outputOffset(), w);
            }
        }

        SequenceLayer top = layers.get(layers.size() - 1);
        if (spec.output() == OutputMode.SEQUENCE) {
            return head.forward(top.output(), top.outputOffset(), T * B);
        }
        return head.forward(top.finalState(), 0, B);
    }

    /**
     * {@link #forward} of one step of one sequence carrying the state, not in training, frozen weights, on more
     * than one thread: {@link PairedStep} (the same bits as the one-thread forward).
     */
    private double[] forwardPaired(SequenceInput in, SequenceInput bottomIn) {
        pairedStep.start(bottomIn);
        for (int k = 1; k < layers.size(); k++) {
            SequenceLayer below = layers.get(k - 1);
            pairedStep.layer(k, view(k - 1, in, below.output(), below.outputOffset(), below.outputSize()));
        }
        SequenceLayer top = layers.get(layers.size() - 1);
        if (spec.output() == OutputMode.SEQUENCE) {
            return head.forward(top.output(), top.outputOffset(), 1);
        }
        return head.forward(top.finalState(), 0, 1);
    }

    /**
     * Promises (true) that no parameter changes until the next call with false (generation, prediction: no
     * optimizer step, no loading in between): forwards then reuse the weights the layers and the head prepared
     * (packed, rounded to the kernels' precision) on the first forward instead of preparing them again on every
     * forward, which for one step of one sequence is most of the work. Results are the same, bit for bit. With more
     * than one thread, a forward of one step of one sequence carrying the state shares its multiplies among the
     * threads ({@link PairedStep}), from the second such forward on, with a partner thread that this method
     * stops (its thread ended) whenever it is called.
     */
    public void freezeWeights(boolean frozen) {
        pairedStep.stop();
        for (SequenceLayer l : layers) {
            l.freezeWeights(frozen);
        }
        head.freezeWeights(frozen);
    }

    /**
     * {@code in.withValues(values, offset, w)}, reusing the view of the last forward of layer k when it is the
     * same, so that a forward of the same batch shape (a generation step) allocates nothing.
     */
    private SequenceInput view(int k, SequenceInput in, double[] values, int offset, int w) {
        SequenceInput v = views[k];
        if (v == null || v.x() != values || v.xOffset() != offset || v.features() != w || v.batch() != in.batch()
                || v.steps() != in.steps() || v.mask() != in.mask() || v.maskOffset() != in.maskOffset()) {
            v = in.withValues(values, offset, w);
            views[k] = v;
        }
        return v;
    }

    /**
     * The state the next {@code carryState} forward starts from, by name: {@code h_l<k>} (and {@code c_l<k>} for
     * an LSTM) per layer k, each B×H row-major (copies, PyTorch's h_n/c_n of layer k, batch-first rows); empty
     * before any forward.
     */
    public java.util.Map<String, double[]> carriedState() {
        java.util.Map<String, double[]> state = new java.util.LinkedHashMap<>();
        for (int k = 0; k < layers.size(); k++) {
            double[][] s = layers.get(k).carriedState();
            if (s == null) {
                return java.util.Map.of();
            }
            for (int i = 0; i < s.length; i++) {
                state.put(CARRIED[i] + k, s[i]);
            }
        }
        return state;
    }

    /** The names {@link #carriedState} gives the state of the layers (with their B×H shapes, B = {@code batch}). */
    public java.util.Map<String, int[]> carriedStateShapes(int batch) {
        java.util.Map<String, int[]> shapes = new java.util.LinkedHashMap<>();
        for (int k = 0; k < layers.size(); k++) {
            int parts = spec.cell() == CellType.LSTM ? 2 : 1;
            for (int i = 0; i < parts; i++) {
                shapes.put(CARRIED[i] + k, new int[] {batch, spec.hidden()[k]});
            }
        }
        return shapes;
    }

    /**
     * Sets the state the next {@code carryState} forward over a batch of {@code batch} starts from, as
     * {@link #carriedState} gave it.
     *
     * @throws IllegalArgumentException a name of {@link #carriedStateShapes} missing, or an array of another size
     */
    public void restoreCarriedState(int batch, java.util.Map<String, double[]> state) {
        java.util.Map<String, int[]> shapes = carriedStateShapes(batch);
        for (String name : shapes.keySet()) {
            if (!state.containsKey(name)) {
                throw new IllegalArgumentException("no carried state \"" + name + "\"");
            }
        }
        for (int k = 0; k < layers.size(); k++) {
            int parts = spec.cell() == CellType.LSTM ? 2 : 1;
            double[][] s = new double[parts][];
            for (int i = 0; i < parts; i++) {
                s[i] = state.get(CARRIED[i] + k);
            }
            layers.get(k).restoreCarriedState(batch, s);
        }
    }

    /** Rows of the prediction for a batch: B for {@link OutputMode#LAST}, T·B for {@link OutputMode#SEQUENCE}. */
    public int predictionRows(SequenceInput in) {
        return spec.output() == OutputMode.SEQUENCE ? in.steps() * in.batch() : in.batch();
    }

    /**
     * Backpropagates dLoss/dpred of the last forward through the head, every layer (exact BPTT) and the input
     * stage, accumulating into the parameter gradients.
     *
     * @param dPred     predictionRows×O, not modified
     * @param truncate  K > 0: gradients flow back through at most the last K real steps of each sequence
     * @param inputGrad also compute dLoss/dx ({@link #inputGradient()})
     */
    public void backward(double[] dPred, int truncate, boolean inputGrad) {
        final SequenceInput in = lastInput;
        final int T = in.steps();
        final int B = in.batch();
        if (inputGrad && spec.tokens() != null) {
            throw new IllegalStateException("token ids have no gradient");
        }
        final boolean stageGrad = inputGrad || !inputStage.parameters().isEmpty();
        double[] dHead = head.backward(dPred);
        SequenceLayer top = layers.get(layers.size() - 1);
        for (int k = layers.size() - 1; k >= 0; k--) {
            SequenceLayer layer = layers.get(k);
            boolean wantDx = k > 0 || stageGrad;
            if (layer != top) {
                layer.backward(inputGradientOf(layers.get(k + 1), T, B, k), 0, truncate, wantDx);
            } else if (spec.output() == OutputMode.SEQUENCE) {
                layer.backward(dHead, 0, truncate, wantDx);
            } else {
                layer.backwardFromFinalState(dHead, truncate, wantDx);
            }
        }
        inputGradient = stageGrad ? inputStage.backward(layers.get(0).inputGradient(), inputGrad) : null;
    }

    /** dLoss/d(output of layer k): layer k+1's input gradient, through layer k's dropout mask when it applied. */
    private double[] inputGradientOf(SequenceLayer above, int T, int B, int k) {
        double[] dOut = above.inputGradient();
        if (lastForwardDropped) {
            double[] m = dropoutMask[k];
            int n = T * B * layers.get(k).outputSize();
            for (int i = 0; i < n; i++) {
                dOut[i] *= m[i];
            }
        }
        return dOut;
    }

    /**
     * dLoss/dx of the last backward with {@code inputGrad}: (T·B)×I time-major from offset 0, valid until the next
     * backward; {@code null} when the last backward did not compute it.
     */
    public double[] inputGradient() {
        return inputGradient;
    }

    /** The paired step of this model's forwards (for tests). */
    PairedStep pairedStep() {
        return pairedStep;
    }

    /** The layers, bottom first (read-only use: sizes, parameters for inspection). */
    public List<SequenceLayer> layers() {
        return java.util.Collections.unmodifiableList(layers);
    }
}
