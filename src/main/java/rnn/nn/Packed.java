package rnn.nn;

/**
 * A matrix operand prepared for the multiply kernels ({@link Gemm}): either the left operand A (m×k), copied
 * row-major, or for Aᵀ products cut into groups of {@link Gemm#TG} rows stored k-major, with zero rows up to a
 * whole block or group, or the
 * right operand B (k×n) cut into panels of at most {@link Gemm#panelWidth()} columns, each panel stored k-major
 * (its width, rounded up to whole vectors, per p). Padding is zero. The storage is {@code float[]} or
 * {@code double[]} depending on the kernels' precision; it only grows.
 *
 * <p>A packed right operand is what {@link Compute#packNT} and {@link Compute#packNN} return for weights that
 * many multiplies reuse (the recurrent weights, read once per time step); it stays valid until it is repacked.
 */
public final class Packed {

    float[] f = new float[0];
    double[] d = new double[0];
    /** Rows of A (m) or columns of B (n). */
    int extent;
    /** The shared dimension. */
    int k;
    /** A packed from a k×m store, in k-major groups. */
    boolean transposed;
    /** The kernels that packed it (a packed operand is only used with the kernels that made it). */
    Gemm owner;

    Packed() {
    }

    float[] floats(int size) {
        if (f.length < size) {
            f = new float[size];
        }
        return f;
    }

    double[] doubles(int size) {
        if (d.length < size) {
            d = new double[size];
        }
        return d;
    }

    /** Rows (of a packed A) or columns (of a packed B). */
    public int extent() {
        return extent;
    }

    /** The shared dimension k. */
    public int depth() {
        return k;
    }
}
