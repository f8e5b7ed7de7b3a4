package rnn.data;

import java.util.Arrays;

/**
 * One numeric column as 32-bit floats in chunks of {@value #CHUNK} values, so that it grows without copying
 * and costs 4 bytes a row. Values are stored relative to an offset (the column's first finite value) so that a
 * column of large numbers with small differences (epoch seconds, years) keeps its differences exactly; the
 * normalising {@link #transform} folds the offset in. NaN marks a missing value (under {@code --missing ffill},
 * until it is filled).
 */
final class FloatColumn {

    static final int CHUNK_BITS = 16;
    static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MASK = CHUNK - 1;
    /**
     * The first chunk starts small and doubles up to {@link #CHUNK}, so that small files stay small: a file of 10⁶
     * columns and 3 rows held 1 KiB per column (2.6 GB) at 256, 1.1 GB at 8.
     */
    static final int FIRST_CHUNK = 8;

    private float[][] chunks = new float[8][];
    private int size;
    private double offset;
    private boolean hasOffset;

    int size() {
        return size;
    }

    void add(double v) {
        if (!hasOffset && Double.isFinite(v)) {
            offset = v;
            hasOffset = true;
        }
        int c = size >>> CHUNK_BITS;
        if (c == chunks.length) {
            chunks = Arrays.copyOf(chunks, c * 2);
        }
        if (chunks[c] == null) {
            chunks[c] = new float[c == 0 ? FIRST_CHUNK : CHUNK];
        } else if (c == 0 && size == chunks[0].length) {
            chunks[0] = Arrays.copyOf(chunks[0], Math.min(2 * size, CHUNK));
        }
        chunks[c][size & MASK] = (float) (v - offset);
        size++;
    }

    /** The value of row {@code i} (NaN when missing). */
    double get(int i) {
        return chunks[i >>> CHUNK_BITS][i & MASK] + offset;
    }

    void set(int i, double v) {
        chunks[i >>> CHUNK_BITS][i & MASK] = (float) (v - offset);
    }

    /**
     * Replaces every value by {@code values[row]} (NaN where a value is undefined), with a new offset (the first
     * finite value) so that the new values keep their precision.
     *
     * @param values one per row; not modified
     */
    void replaceWith(double[] values) {
        offset = 0;
        hasOffset = false;
        for (double v : values) {
            if (Double.isFinite(v)) {
                offset = v;
                hasOffset = true;
                break;
            }
        }
        for (int i = 0; i < size; i++) {
            chunks[i >>> CHUNK_BITS][i & MASK] = (float) (values[i] - offset);
        }
    }

    /**
     * How far {@link #get}(i) may lie from the value that was added (half a float32 step of the stored difference
     * from the offset, rounded up to a whole step): a value added as 0 may read back as ±this.
     */
    double rounding(int i) {
        return offset == 0 ? 0 : Math.ulp(chunks[i >>> CHUNK_BITS][i & MASK]);
    }

    boolean isMissing(int i) {
        return Float.isNaN(chunks[i >>> CHUNK_BITS][i & MASK]);
    }

    /**
     * Replaces every value x by (x − center) / scale, in place. A result beyond the float range (a validation
     * value absurdly far from the training rows) is clamped to ±{@link Float#MAX_VALUE}.
     */
    void transform(double center, double scale) {
        for (int c = 0; c * CHUNK < size; c++) {
            float[] chunk = chunks[c];
            int n = Math.min(CHUNK, size - c * CHUNK);
            for (int j = 0; j < n; j++) {
                double z = (chunk[j] + offset - center) / scale;
                chunk[j] = (float) Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, z));
            }
        }
        offset = 0;
    }
}
