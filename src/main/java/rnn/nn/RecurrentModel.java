package rnn.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import rnn.random.Rng;

/**
 * A stack of recurrent layers with a dense head (DESIGN §1): layer k's hidden sequence is layer k+1's input,
 * with inverted dropout between layers in training; the head reads the last layer's hidden state on each
 * sequence's last real step ({@link OutputMode#LAST}, B×O predictions) or on every step
 * ({@link OutputMode#SEQUENCE}, (T·B)×O time-major predictions).
 *
 * <p>Use: {@link #forward}, then {@link #backward} with dLoss/dpred, which accumulates into
 * {@link #parameters()}' gradients (zeroing them is the caller's separate step). In training with dropout,
 * call {@link #resampleDropout} before a forward to draw fresh masks; forwards between two draws reuse the same
 * masks (which is how a gradient check holds the mask fixed).
 */
public final class RecurrentModel {

    private final ModelSpec spec;
    private final List<RecurrentLayer> layers;
    private final DenseHead head;
    private final Parameters parameters;

    private final double[][] dropoutMask;
    private final double[][] dropped;
    private int maskSteps = -1;
    private int maskBatch = -1;
    private boolean lastForwardDropped;

    private double[] lastHidden = new double[0];
    private double[] dTop = new double[0];
    private int[] lastStep = new int[0];
    private SequenceInput lastInput;

    public RecurrentModel(ModelSpec spec, Compute compute) {
        this.spec = spec;
        int[] hidden = spec.hidden();
        this.layers = new ArrayList<>(hidden.length);
        int in = spec.inputSize();
        for (int k = 0; k < hidden.length; k++) {
            String prefix = "layers." + k + ".";
            layers.add(switch (spec.cell()) {
                case RNN -> new SimpleRnnLayer(prefix, in, hidden[k], spec.activation(), compute);
                case GRU -> new GruLayer(prefix, in, hidden[k], spec.gruVariant(), compute);
                case LSTM -> new LstmLayer(prefix, in, hidden[k], compute);
            });
            in = hidden[k];
        }
        this.head = new DenseHead(in, spec.outputs(), compute);
        List<Param> all = new ArrayList<>();
        for (RecurrentLayer l : layers) {
            all.addAll(l.parameters());
        }
        all.addAll(head.parameters());
        this.parameters = new Parameters(all);
        this.dropoutMask = new double[hidden.length][0];
        this.dropped = new double[hidden.length][0];
    }

    public ModelSpec spec() {
        return spec;
    }

    /** The parameters in canonical order (layer by layer, then the head). */
    public Parameters parameters() {
        return parameters;
    }

    /** Initialises every parameter (DESIGN §1) from {@code rng}, layer by layer, then the head. */
    public void initialize(Rng rng) {
        for (RecurrentLayer l : layers) {
            l.initialize(rng);
        }
        head.initialize(rng);
    }

    /**
     * Draws fresh inverted-dropout masks for a batch of {@code steps}×{@code batch}: each unit of each step of
     * each layer but the last is kept with probability 1 − p and scaled by 1/(1 − p). No-op when p = 0.
     */
    public void resampleDropout(int steps, int batch, Rng rng) {
        if (spec.dropout() == 0) {
            return;
        }
        double keep = 1.0 - spec.dropout();
        double scale = 1.0 / keep;
        for (int k = 0; k < layers.size() - 1; k++) {
            int n = steps * batch * layers.get(k).hiddenSize();
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
     * Runs the model.
     *
     * @param in         the batch
     * @param training   applies the current dropout masks (see {@link #resampleDropout})
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
        lastForwardDropped = dropout;
        lastInput = in;

        SequenceInput layerIn = in;
        for (int k = 0; k < layers.size(); k++) {
            RecurrentLayer layer = layers.get(k);
            layer.forward(layerIn, carryState);
            int h = layer.hiddenSize();
            if (dropout && k < layers.size() - 1) {
                double[] out = layer.output();
                int off = layer.outputOffset();
                double[] m = dropoutMask[k];
                double[] d = dropped[k];
                for (int i = 0; i < T * B * h; i++) {
                    d[i] = out[off + i] * m[i];
                }
                layerIn = in.withValues(d, 0, h);
            } else {
                layerIn = in.withValues(layer.output(), layer.outputOffset(), h);
            }
        }

        RecurrentLayer top = layers.get(layers.size() - 1);
        int h = top.hiddenSize();
        if (spec.output() == OutputMode.SEQUENCE) {
            return head.forward(top.output(), top.outputOffset(), T * B);
        }
        if (lastStep.length < B) {
            lastStep = new int[B];
        }
        if (lastHidden.length < B * h) {
            lastHidden = new double[B * h];
        }
        double[] out = top.output();
        int off = top.outputOffset();
        for (int b = 0; b < B; b++) {
            int t = T - 1;
            while (t >= 0 && !in.isReal(t, b)) {
                t--;
            }
            if (t < 0) {
                throw new IllegalArgumentException("sequence " + b + " of the batch has no real step");
            }
            lastStep[b] = t;
            System.arraycopy(out, off + (t * B + b) * h, lastHidden, b * h, h);
        }
        return head.forward(lastHidden, 0, B);
    }

    /** Rows of the prediction for a batch: B for {@link OutputMode#LAST}, T·B for {@link OutputMode#SEQUENCE}. */
    public int predictionRows(SequenceInput in) {
        return spec.output() == OutputMode.SEQUENCE ? in.steps() * in.batch() : in.batch();
    }

    /**
     * Backpropagates dLoss/dpred of the last forward through the head and every layer (exact BPTT), accumulating
     * into the parameter gradients.
     *
     * @param dPred     predictionRows×O, not modified
     * @param truncate  K > 0: gradients flow back through at most the last K real steps of each sequence
     * @param inputGrad also compute dLoss/dx ({@link #inputGradient()})
     */
    public void backward(double[] dPred, int truncate, boolean inputGrad) {
        final SequenceInput in = lastInput;
        final int T = in.steps();
        final int B = in.batch();
        RecurrentLayer top = layers.get(layers.size() - 1);
        int h = top.hiddenSize();
        double[] dHead = head.backward(dPred);

        double[] dOut;
        if (spec.output() == OutputMode.SEQUENCE) {
            dOut = dHead;
        } else {
            if (dTop.length < T * B * h) {
                dTop = new double[T * B * h];
            }
            Arrays.fill(dTop, 0, T * B * h, 0.0);
            for (int b = 0; b < B; b++) {
                System.arraycopy(dHead, b * h, dTop, (lastStep[b] * B + b) * h, h);
            }
            dOut = dTop;
        }
        for (int k = layers.size() - 1; k >= 0; k--) {
            RecurrentLayer layer = layers.get(k);
            layer.backward(dOut, 0, truncate, k > 0 || inputGrad);
            if (k > 0) {
                dOut = layer.inputGradient();
                if (lastForwardDropped) {
                    double[] m = dropoutMask[k - 1];
                    int n = T * B * layers.get(k - 1).hiddenSize();
                    for (int i = 0; i < n; i++) {
                        dOut[i] *= m[i];
                    }
                }
            }
        }
    }

    /** dLoss/dx of the last backward with {@code inputGrad}: (T·B)×I time-major from offset 0. */
    public double[] inputGradient() {
        return layers.get(0).inputGradient();
    }

    /** The layers, bottom first (read-only use: sizes, hidden states for inspection). */
    public List<RecurrentLayer> layers() {
        return java.util.Collections.unmodifiableList(layers);
    }
}
