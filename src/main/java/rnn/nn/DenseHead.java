package rnn.nn;

import java.util.List;

import rnn.random.Rng;

/**
 * The dense output layer, PyTorch's {@code nn.Linear} named {@code head}: {@code Y = X·Wᵀ + b} with X N×H,
 * {@code head.weight} W [O, H], {@code head.bias} b [O], Y N×O. Linear output: softmax for classification is
 * applied by the loss (log-sum-exp) and by prediction, not here. Initialisation: W Glorot-uniform, b 0.
 *
 * <p>Backward: {@code dW += dYᵀ·X}, {@code db += Σ_rows dY}, {@code dX = dY·W}.
 */
public final class DenseHead {

    private final int in;
    private final int out;
    private final Param weight;
    private final Param bias;
    private final Compute compute;

    private double[] y = new double[0];
    private double[] dx = new double[0];
    private double[] x;
    private int xOff;
    private int rows;
    /** W packed while frozen ({@link #freezeWeights}), or null. */
    private Packed frozenWeight;
    private boolean frozen;

    public DenseHead(int in, int out, Compute compute) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("head: expected sizes >= 1, got in=" + in + ", out=" + out);
        }
        this.in = in;
        this.out = out;
        this.compute = compute;
        this.weight = new Param("head.weight", out, in);
        this.bias = new Param("head.bias", out);
    }

    public List<Param> parameters() {
        return List.of(weight, bias);
    }

    public int outputs() {
        return out;
    }

    /** As {@link SequenceLayer#freezeWeights}: while frozen, forwards reuse W packed once. */
    public void freezeWeights(boolean frozen) {
        this.frozen = frozen;
        this.frozenWeight = null;
    }

    public void initialize(Rng rng) {
        Initializers.glorotUniform(weight, rng);
        java.util.Arrays.fill(bias.value.data, 0.0);
    }

    /**
     * Y = X·Wᵀ + b for {@code rows} rows of X starting at {@code xOff} (X is read again by backward, so it
     * must stay unchanged until then). Returns Y (rows×O from offset 0), valid until the next forward.
     */
    public double[] forward(double[] x, int xOff, int rows) {
        if (y.length < rows * out) {
            y = new double[rows * out];
        }
        this.x = x;
        this.xOff = xOff;
        this.rows = rows;
        if (frozen && Compute.packs(rows, out, in)) {
            if (frozenWeight == null) {
                frozenWeight = compute.packNT(compute.newPacked(), out, in, weight.value.data, 0, in);
            }
            compute.mul(rows, x, xOff, in, frozenWeight, y, 0, out, false);
        } else {
            compute.mulNT(rows, out, in, x, xOff, in, weight.value.data, 0, in, y, 0, out, false);
        }
        double[] b = bias.value.data;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < out; j++) {
                y[r * out + j] += b[j];
            }
        }
        return y;
    }

    /**
     * Accumulates dW and db from dY (rows×O, not modified) and returns dX (rows×H from offset 0), valid until
     * the next backward.
     */
    public double[] backward(double[] dy) {
        if (dx.length < rows * in) {
            dx = new double[rows * in];
        }
        compute.mulTN(out, in, rows, dy, 0, out, x, xOff, in, weight.grad.data, 0, in, true);
        double[] db = bias.grad.data;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < out; j++) {
                db[j] += dy[r * out + j];
            }
        }
        compute.mulNN(rows, in, out, dy, 0, out, weight.value.data, 0, in, dx, 0, in, false);
        return dx;
    }
}
