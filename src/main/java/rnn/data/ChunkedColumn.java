package rnn.data;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * A growable column in chunks of {@value FloatColumn#CHUNK} values, so that it grows without copying what it
 * holds: the first chunk starts at {@value FloatColumn#FIRST_CHUNK} values and doubles up to a full chunk (small
 * files stay small), later chunks are allocated full. Subclasses add the typed {@code add}/{@code get} of one
 * primitive type ({@link IntColumn}, {@link DoubleColumn}); {@link FloatColumn}, read in the batch-filling loop,
 * keeps its own typed directory so that its {@code get} has no cast.
 *
 * @param <A> the chunk type, a primitive array ({@code int[]}, {@code double[]})
 */
abstract class ChunkedColumn<A> {

    static final int MASK = FloatColumn.CHUNK - 1;

    /** Chunk c holds values c·CHUNK ..; {@code null} until needed. */
    A[] chunks;
    int size;
    private final IntFunction<A> newChunk;
    private int firstLength;

    /**
     * @param directory an empty chunk directory, e.g. {@code new int[8][]}
     * @param newChunk  allocates a chunk of the given length, e.g. {@code int[]::new}
     */
    ChunkedColumn(A[] directory, IntFunction<A> newChunk) {
        this.chunks = directory;
        this.newChunk = newChunk;
    }

    final int size() {
        return size;
    }

    /**
     * Makes room for one more value: the chunk that value {@link #size} goes into, at {@code size & MASK}. The
     * caller stores it and increments {@link #size}.
     */
    final A room() {
        int c = size >>> FloatColumn.CHUNK_BITS;
        if (c == chunks.length) {
            chunks = Arrays.copyOf(chunks, c * 2);
        }
        if (chunks[c] == null) {
            int length = c == 0 ? FloatColumn.FIRST_CHUNK : FloatColumn.CHUNK;
            chunks[c] = newChunk.apply(length);
            if (c == 0) {
                firstLength = length;
            }
        } else if (c == 0 && size == firstLength) {
            firstLength = Math.min(2 * size, FloatColumn.CHUNK);
            A grown = newChunk.apply(firstLength);
            System.arraycopy(chunks[0], 0, grown, 0, size);
            chunks[0] = grown;
        }
        return chunks[c];
    }
}
