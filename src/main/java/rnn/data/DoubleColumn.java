package rnn.data;

/** A growable column of doubles (time keys, which need full precision), see {@link ChunkedColumn}. */
final class DoubleColumn extends ChunkedColumn<double[]> {

    DoubleColumn() {
        super(new double[8][], double[]::new);
    }

    void add(double v) {
        room()[size++ & MASK] = v;
    }

    double get(int i) {
        return chunks[i >>> FloatColumn.CHUNK_BITS][i & MASK];
    }
}
