package rnn.data;

/** A growable column of ints (line numbers, id and label codes), see {@link ChunkedColumn}. */
final class IntColumn extends ChunkedColumn<int[]> {

    IntColumn() {
        super(new int[8][], int[]::new);
    }

    int get(int i) {
        return chunks[i >>> FloatColumn.CHUNK_BITS][i & MASK];
    }

    void set(int i, int v) {
        chunks[i >>> FloatColumn.CHUNK_BITS][i & MASK] = v;
    }

    void add(int v) {
        room()[size++ & MASK] = v;
    }
}
