package rnn.data;

import java.util.Arrays;

/** A growable column of doubles in chunks of {@value FloatColumn#CHUNK} (time keys, which need full precision). */
final class DoubleColumn {

    private static final int MASK = FloatColumn.CHUNK - 1;
    private static final int FIRST_CHUNK = FloatColumn.FIRST_CHUNK;

    private double[][] chunks = new double[8][];
    private int size;

    int size() {
        return size;
    }

    void add(double v) {
        int c = size >>> FloatColumn.CHUNK_BITS;
        if (c == chunks.length) {
            chunks = Arrays.copyOf(chunks, c * 2);
        }
        if (chunks[c] == null) {
            chunks[c] = new double[c == 0 ? FIRST_CHUNK : FloatColumn.CHUNK];
        } else if (c == 0 && size == chunks[0].length) {
            chunks[0] = Arrays.copyOf(chunks[0], Math.min(2 * size, FloatColumn.CHUNK));
        }
        chunks[c][size & MASK] = v;
        size++;
    }

    double get(int i) {
        return chunks[i >>> FloatColumn.CHUNK_BITS][i & MASK];
    }
}
