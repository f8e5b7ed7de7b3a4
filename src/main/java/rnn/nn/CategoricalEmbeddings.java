package rnn.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import rnn.random.Rng;

/**
 * The input stage of a model with categorical columns: each step of the model's input is
 * {@code [numeric features | level index of categorical column 1 | … ]} (an index as a double: 0 for
 * {@code <unk>}, k for the k-th stored level) and the stage hands the first layer
 * {@code [numeric features | row of table 1 | … ]}: numeric features unchanged, each index replaced by its row of
 * the column's learned table ({@link EmbeddingSpec}, {@code inputs.<column>.weight}).
 *
 * <p>Forward is a row lookup; backward adds each real step's gradient into the row that step used (a scatter-add,
 * never a one-hot multiply); a padded step adds nothing. The index itself has no gradient: its entries of the
 * input gradient are 0. Tables are initialised N(0, 1), as PyTorch's {@code nn.Embedding}.
 */
public final class CategoricalEmbeddings implements InputStage {

    private final int numeric;
    private final EmbeddingSpec[] embeddings;
    private final Param[] tables;
    /** Offset of each embedding in an output row (after the numeric features). */
    private final int[] outOffset;
    private final int inputSize;
    private final int outputSize;

    private double[] out = new double[0];
    private double[] dx = new double[0];
    private SequenceInput lastIn;

    /**
     * @param numeric    numeric features per step (they come first, passed through), at least 0
     * @param embeddings the categorical columns in input order, at least one
     */
    public CategoricalEmbeddings(int numeric, List<EmbeddingSpec> embeddings) {
        if (numeric < 0 || embeddings.isEmpty()) {
            throw new IllegalArgumentException("categorical input: expected numeric >= 0 and at least one embedding,"
                    + " got " + numeric + " and " + embeddings.size());
        }
        this.numeric = numeric;
        this.embeddings = embeddings.toArray(new EmbeddingSpec[0]);
        this.tables = new Param[this.embeddings.length];
        this.outOffset = new int[this.embeddings.length];
        int off = numeric;
        for (int c = 0; c < tables.length; c++) {
            EmbeddingSpec e = this.embeddings[c];
            tables[c] = new Param(e.tensorName(), e.rows(), e.dim());
            outOffset[c] = off;
            off += e.dim();
        }
        this.inputSize = numeric + tables.length;
        this.outputSize = off;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize() {
        return outputSize;
    }

    @Override
    public List<Param> parameters() {
        return List.of(tables);
    }

    /** Every entry of every table from N(0, 1), table by table, row-major. */
    @Override
    public void initialize(Rng rng) {
        for (Param p : tables) {
            double[] v = p.value.data;
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.nextGaussian();
            }
        }
    }

    @Override
    public SequenceInput forward(SequenceInput in) {
        int rows = in.steps() * in.batch();
        int n = rows * outputSize;
        if (out.length < n) {
            out = new double[n];
        }
        double[] x = in.x();
        for (int r = 0; r < rows; r++) {
            int xr = in.xOffset() + r * inputSize;
            int or = r * outputSize;
            System.arraycopy(x, xr, out, or, numeric);
            for (int c = 0; c < tables.length; c++) {
                int level = level(x[xr + numeric + c], c);
                System.arraycopy(tables[c].value.data, level * embeddings[c].dim(), out, or + outOffset[c],
                        embeddings[c].dim());
            }
        }
        lastIn = in;
        return in.withValues(out, 0, outputSize);
    }

    @Override
    public double[] backward(double[] dOut, boolean inputGrad) {
        SequenceInput in = lastIn;
        int rows = in.steps() * in.batch();
        double[] x = in.x();
        double[] mask = in.mask();
        for (int r = 0; r < rows; r++) {
            if (mask != null && mask[in.maskOffset() + r] == 0.0) {
                continue;
            }
            int xr = in.xOffset() + r * inputSize;
            int or = r * outputSize;
            for (int c = 0; c < tables.length; c++) {
                int d = embeddings[c].dim();
                double[] g = tables[c].grad.data;
                int row = level(x[xr + numeric + c], c) * d;
                int from = or + outOffset[c];
                for (int j = 0; j < d; j++) {
                    g[row + j] += dOut[from + j];
                }
            }
        }
        if (!inputGrad) {
            return null;
        }
        int n = rows * inputSize;
        if (dx.length < n) {
            dx = new double[n];
        }
        Arrays.fill(dx, 0, n, 0.0);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(dOut, r * outputSize, dx, r * inputSize, numeric);
        }
        return dx;
    }

    /** The table row of an index value: the nearest whole number, which must be a row of table c. */
    private int level(double v, int c) {
        double k = Math.rint(v);
        if (!(k >= 0 && k < tables[c].value.numRows)) {
            throw new IllegalArgumentException("categorical input \"" + embeddings[c].column() + "\": level index "
                    + v + " outside 0.." + embeddings[c].levels());
        }
        return (int) k;
    }

    /** The columns' specs in input order. */
    public List<EmbeddingSpec> embeddings() {
        return new ArrayList<>(Arrays.asList(embeddings));
    }
}
