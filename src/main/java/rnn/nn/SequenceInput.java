package rnn.nn;

/**
 * A batch of B sequences of T steps with I features, time-major: step t of sequence b is row {@code t·B + b}
 * of a (T·B)×I block of {@code x} starting at {@code xOffset}, so the rows of one step are contiguous and the
 * input projection of all steps is one multiply. {@code mask[maskOffset + t·B + b]} is 1 for a real step and 0
 * for padding ({@code mask == null}: every step is real). Views ({@link #slice}, {@link #withValues}) share the
 * arrays; nothing is copied.
 *
 * @param x          input values; not modified
 * @param xOffset    index of step 0, sequence 0, feature 0 in {@code x}
 * @param mask       1 for real steps, 0 for padding, or {@code null} when nothing is padded; not modified
 * @param maskOffset index of step 0, sequence 0 in {@code mask}
 * @param batch      B, the number of sequences
 * @param steps      T, the number of steps
 * @param features   I, the number of input features
 */
public record SequenceInput(double[] x, int xOffset, double[] mask, int maskOffset, int batch, int steps,
                            int features) {

    public SequenceInput {
        if (batch < 1 || steps < 1 || features < 1 || xOffset < 0 || maskOffset < 0) {
            throw new IllegalArgumentException("SequenceInput: expected B, T, I >= 1, got B=" + batch
                    + ", T=" + steps + ", I=" + features);
        }
        long need = xOffset + (long) steps * batch * features;
        if (x.length < need) {
            throw new IllegalArgumentException("SequenceInput: x holds " + x.length + " values, expected at least "
                    + need + " for B=" + batch + ", T=" + steps + ", I=" + features);
        }
        if (mask != null && mask.length < maskOffset + (long) steps * batch) {
            throw new IllegalArgumentException("SequenceInput: mask holds " + mask.length
                    + " values, expected at least " + (maskOffset + (long) steps * batch));
        }
    }

    /** A batch with every step real. */
    public static SequenceInput of(double[] x, int batch, int steps, int features) {
        return new SequenceInput(x, 0, null, 0, batch, steps, features);
    }

    /** A padded batch: {@code mask[t·B + b]} is 1 for real steps, 0 for padding. */
    public static SequenceInput masked(double[] x, double[] mask, int batch, int steps, int features) {
        return new SequenceInput(x, 0, mask, 0, batch, steps, features);
    }

    /** True when step t of sequence b is real. */
    public boolean isReal(int t, int b) {
        return mask == null || mask[maskOffset + t * batch + b] != 0.0;
    }

    /** Steps [from, to) of this batch, sharing the arrays. */
    public SequenceInput slice(int from, int to) {
        if (from < 0 || to > steps || from >= to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") outside 0.." + steps);
        }
        return new SequenceInput(x, xOffset + from * batch * features, mask, maskOffset + from * batch,
                batch, to - from, features);
    }

    /** The same steps and mask with other values: {@code features} per step from {@code offset} of {@code v}. */
    public SequenceInput withValues(double[] v, int offset, int features) {
        return new SequenceInput(v, offset, mask, maskOffset, batch, steps, features);
    }
}
