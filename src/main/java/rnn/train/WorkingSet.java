package rnn.train;

import java.util.Locale;

import rnn.nn.CellShape;
import rnn.nn.ModelSpec;
import rnn.nn.OutputMode;

/**
 * The memory a training run needs, estimated from the shapes alone, so that a size no machine can hold is refused
 * with the numbers before anything of that size is allocated ({@link #requireFits}).
 *
 * <p>Symbols: B batch rows, T steps of the longest sequence, I inputs, O outputs; per categorical column c: L_c
 * its levels, D_c its embedding width; per layer k: H_k its units, I_k its input width (I_0 = I without
 * categorical columns, else the numeric inputs + Σ_c D_c, and the input stage keeps T·B·(I_0 + I) more for its
 * output and input gradient; I_k = H_{k−1}), G its gate blocks (rnn 1, gru 3, lstm 4), b its bias vectors (1
 * for the classic GRU, else 2); s the optimizer's state arrays per parameter (adam/adamw 2, rmsprop 1 or 2, sgd 0
 * or 1). Counted in 8-byte values ({@code double}), saturating at {@link Long#MAX_VALUE} instead of overflowing:
 * <pre>
 *   parameters   P = Σ_c (L_c + 1)·D_c + Σ_k G·H_k·(I_k + H_k + b) + O·(H_last + 1)
 *   model        (2 + s)·P                       weights, gradients, optimizer state
 *              + Σ_k G·H_k·(I_k + H_k)           the packed copies of the weights the multiplies read
 *   activations  Σ_k [T·B·(3·G·H_k + 3·H_k + I_k) + B·(G + 8)·H_k]
 *                                                kept for BPTT: gate activations and their gradients (3·G·H),
 *                                                h, c and a cell cache (3·H), the input gradient (I_k); per step
 *                                                state and its gradients
 *              + T·B·(O + H_last)                the head's output and input gradient (B rows for --output last)
 *              + 2·[T·B·(I + 1) + T·B·O]         the training and the validation batch (inputs, mask, targets)
 *   data         the loaded data, in bytes, as measured by the caller
 * </pre>
 * A bidirectional model ({@code model.bidirectional}) counts each layer twice (its two directions) with
 * I_k = 2·H_{k−1} and H_last doubled for the head, plus T·B·(2·I_k + 4·H_k) per layer for the reversed input, its
 * gradient and the concatenated output and its split gradient.
 * The activations term bounds what {@code RecurrentLayer}, {@code DenseHead} and {@code Batch} allocate (simple RNN
 * and GRU use less than 3·G·H + 3·H per row). The largest single array ({@link #largestArray}) must also fit a Java
 * array: a G·H × H recurrent weight matrix, or the T·B × G·H gate activations.
 *
 * @param parameters  P
 * @param modelBytes  weights, gradients, optimizer state and packed weights
 * @param activations activations and batches, in bytes
 * @param dataBytes   the loaded data, in bytes
 * @param largest     elements of the largest single array (a double: it may exceed a long)
 * @param largestWhat that array, described ("the 139023 × 46341 recurrent weights of a gru layer of 46341 units")
 */
public record WorkingSet(long parameters, long modelBytes, long activations, long dataBytes, double largest,
                         String largestWhat) {

    /** Elements a Java array can hold (the JVM's limit is a few below {@link Integer#MAX_VALUE}). */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** The total of the working set last {@link #remember}ed in this process (0: none yet). */
    private static final java.util.concurrent.atomic.AtomicLong LAST_ESTIMATE =
            new java.util.concurrent.atomic.AtomicLong();
    /** Bytes per stored value. */
    private static final long BYTES = Double.BYTES;

    /**
     * The working set of training {@code spec} with batches of {@code batch} sequences of at most {@code steps}
     * steps, an optimizer of {@code optimizerStates} state arrays per parameter, and {@code dataBytes} of data.
     */
    public static WorkingSet of(ModelSpec spec, int batch, int steps, int optimizerStates, long dataBytes) {
        long b = batch;
        long rows = mul(steps, b);
        int[] hidden = spec.hidden();
        rnn.nn.TokenInput tokens = spec.tokens();
        // a text model's first layer reads V one-hot values or D embedded ones per step (the table: V·D parameters)
        long in = spec.firstLayerInputs();
        long params = tokens == null ? 0 : mul(tokens.vocabulary(), tokens.embedding());
        long packed = 0;
        long act = 0;
        if (!spec.embeddings().isEmpty()) {
            // the tables, and the input stage's output and input gradient for a batch
            for (rnn.nn.EmbeddingSpec e : spec.embeddings()) {
                params = add(params, mul(e.rows(), e.dim()));
            }
            act = add(act, mul(rows, add(in, spec.inputSize())));
        }
        double largest = 0;
        String largestWhat = "";
        int directions = spec.bidirectional() ? 2 : 1;
        for (int h : hidden) {
            CellShape shape = shape(spec.cell(), spec.gruVariant());
            long g = shape.gates();
            long gh = mul(g, h);
            long biases = shape.recurrentBias() ? 2 : 1;
            params = add(params, mul(directions, mul(gh, add(add(in, h), biases))));
            packed = add(packed, mul(directions, mul(gh, add(in, h))));
            act = add(act, mul(directions, add(mul(rows, add(add(mul(3, gh), mul(3, h)), in)),
                    mul(mul(b, g + 8), h))));
            if (spec.recurrentDropout() > 0) {
                // h̃_{t−1} = h_{t−1} ⊙ m for every step, and the mask (per direction)
                act = add(act, mul(directions, add(mul(add(rows, b), h), mul(b, h))));
            }
            if (directions == 2) {
                act = add(act, mul(rows, add(mul(2, in), mul(4, h))));
            }
            String cell = spec.cell().name().toLowerCase(Locale.ROOT) + " layer of " + h + " units";
            if ((double) gh * h > largest) {
                largest = (double) gh * h;
                largestWhat = "the " + gh + " × " + h + " recurrent weights of a " + cell;
            }
            if ((double) gh * in > largest) {
                largest = (double) gh * in;
                largestWhat = "the " + gh + " × " + in + " input weights of a " + cell;
            }
            if ((double) rows * gh > largest) {
                largest = (double) rows * gh;
                largestWhat = "the " + rows + " × " + gh + " gate activations of a " + cell + " for a batch of "
                        + batch + " sequences of " + steps + " steps";
            }
            in = mul(directions, h);
        }
        long o = spec.outputs();
        params = add(params, mul(o, add(in, 1)));
        long headRows = spec.output() == OutputMode.SEQUENCE ? rows : b;
        act = add(act, mul(headRows, add(o, in)));
        act = add(act, mul(2, add(mul(rows, spec.inputSize() + 1L), mul(headRows, o))));
        if ((double) rows * spec.inputSize() > largest) {
            largest = (double) rows * spec.inputSize();
            largestWhat = "the " + rows + " × " + spec.inputSize() + " inputs of a batch of " + batch
                    + " sequences of " + steps + " steps";
        }
        long model = add(mul(2 + optimizerStates, params), packed);
        return new WorkingSet(params, mul(model, BYTES), mul(act, BYTES), dataBytes, largest, largestWhat);
    }

    /** The most units a layer of {@code cell} can have: its G·H × H recurrent weights fit a Java array. */
    public static int maxUnits(rnn.nn.CellType cell) {
        int g = shape(cell, rnn.nn.GruVariant.CLASSIC).gates();
        return (int) Math.sqrt((double) MAX_ARRAY / g);
    }

    /** The cell's gates and biases. */
    private static CellShape shape(rnn.nn.CellType cell, rnn.nn.GruVariant variant) {
        return switch (cell) {
            case RNN -> CellShape.simpleRnn();
            case GRU -> CellShape.gru(variant);
            case LSTM -> CellShape.lstm();
        };
    }

    /** Everything, in bytes (saturating). */
    public long totalBytes() {
        return add(add(modelBytes, activations), dataBytes);
    }

    /**
     * Refuses a working set that cannot be allocated: an array beyond {@link #MAX_ARRAY} elements, or more bytes
     * than {@code maxMemory} (the heap the JVM may grow to, {@link Runtime#maxMemory()}).
     *
     * @param fix what to lower, with option references ({@code "lower {{hidden}}"})
     * @return this
     * @throws SizeLimitException the line to print: the sizes, the limit, and what to do
     */
    public WorkingSet requireFits(long maxMemory, String fix) {
        if (largest > MAX_ARRAY) {
            throw new SizeLimitException(largestWhat + " would be " + String.format(Locale.ROOT,
                    largest < 1e15 ? "%.0f" : "%.3g", largest) + " numbers, more than the " + MAX_ARRAY
                    + " one Java array can hold; " + fix);
        }
        if (totalBytes() > maxMemory) {
            throw new SizeLimitException(String.format(Locale.ROOT, "training needs about %s (%d parameters: "
                            + "weights, gradients and optimizer state %s; activations kept for a batch %s%s), "
                            + "more than the %s this JVM may use; %s, or give Java more memory: RNN_JAVA_OPTS=%s",
                    bytes(totalBytes()), parameters, bytes(modelBytes), bytes(activations),
                    dataBytes == 0 ? "" : "; data " + bytes(dataBytes), bytes(maxMemory), fix, xmx(totalBytes())));
        }
        return this;
    }

    /** Records this as the estimate of the run this process trains ({@link #lastEstimate}). */
    public void remember() {
        LAST_ESTIMATE.set(totalBytes());
    }

    /**
     * The bytes of the working set last {@link #remember}ed in this process (the run's, once its data is loaded),
     * or 0: the figure an out-of-memory report can give as needed.
     */
    public static long lastEstimate() {
        return LAST_ESTIMATE.get();
    }

    /**
     * A JVM option giving at least {@code needed} bytes and a quarter more for everything else the process
     * holds: {@code -Xmx3g}, {@code -Xmx640m}.
     */
    public static String xmx(long needed) {
        long want = add(needed, needed / 4);
        long mib = (want >> 20) + 1;
        return mib >= 1024 ? "-Xmx" + ((mib + 1023) / 1024) + "g" : "-Xmx" + mib + "m";
    }

    /** {@code 1.5 GB}, {@code 12.0 MB}, {@code 512 bytes}; "more than 9 EB" when saturated. */
    public static String bytes(long n) {
        if (n == Long.MAX_VALUE) {
            return "more than 9 EB";
        }
        String[] units = {"KB", "MB", "GB", "TB", "PB", "EB"};
        if (n < 1000) {
            return n + " bytes";
        }
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static long mul(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }

    private static long add(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }
}
