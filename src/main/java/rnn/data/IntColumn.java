package rnn.data;

import java.util.Arrays;

/** A growable column of ints in chunks of {@value FloatColumn#CHUNK} (line numbers, id and label codes). */
final class IntColumn {

    private static final int MASK = FloatColumn.CHUNK - 1;
    private static final int FIRST_CHUNK = FloatColumn.FIRST_CHUNK;

    private int[][] chunks = new int[8][];
    private int size;

    int size() {
        return size;
    }

    void add(int v) {
        int c = size >>> FloatColumn.CHUNK_BITS;
        if (c == chunks.length) {
            chunks = Arrays.copyOf(chunks, c * 2);
        }
        if (chunks[c] == null) {
            chunks[c] = new int[c == 0 ? FIRST_CHUNK : FloatColumn.CHUNK];
        } else if (c == 0 && size == chunks[0].length) {
            chunks[0] = Arrays.copyOf(chunks[0], Math.min(2 * size, FloatColumn.CHUNK));
        }
        chunks[c][size & MASK] = v;
        size++;
    }

    int get(int i) {
        return chunks[i >>> FloatColumn.CHUNK_BITS][i & MASK];
    }

    void set(int i, int v) {
        chunks[i >>> FloatColumn.CHUNK_BITS][i & MASK] = v;
    }
}
