package rnn.data;

/**
 * One batch of B examples of T steps, written by {@link Dataset#fill} into buffers that are allocated once
 * ({@link Dataset#newBatch}) for the largest shape and reused for every batch: the arrays returned here are the
 * same objects for the batch's whole life, and their contents are valid until the next {@code fill}. Only the
 * leading part of each array belongs to the current batch.
 *
 * <p>Layouts, time-major so that the rows of one step are contiguous:
 * <ul>
 * <li>{@link #x()}: (T·B)×I, step t of example b is row {@code t·B + b} ({@code x[(t·B + b)·I + i]})</li>
 * <li>{@link #mask()}: T·B, {@code mask[t·B + b]} 1 for a real step, 0 for padding; {@code null} when no example
 * of the batch is padded</li>
 * <li>{@link #targets()}: for {@link TargetMode#LAST} B rows, for {@link TargetMode#SEQUENCE} T·B rows
 * (time-major, padded steps 0), each of {@code shape().targetWidth()} values: the O regression targets, or one class
 * index (as a double) for classification</li>
 * </ul>
 * The model input is {@code new rnn.nn.SequenceInput(x(), 0, mask(), 0, size(), steps(), inputs())}, no copy.
 */
public final class Batch {

    final double[] x;
    final double[] maskBuffer;
    final double[] y;
    final int[] examples;
    private final int capacity;
    private final int maxSteps;
    private final StepShape shape;
    int size;
    int steps;
    boolean padded;

    Batch(int capacity, int maxSteps, StepShape shape) {
        this.capacity = capacity;
        this.maxSteps = maxSteps;
        this.shape = shape;
        this.x = new double[capacity * maxSteps * shape.inputs()];
        this.maskBuffer = new double[capacity * maxSteps];
        this.y = new double[shape.targetRows(capacity, maxSteps) * shape.targetWidth()];
        this.examples = new int[capacity];
    }

    /** The input values, (T·B)×I time-major; the array is reused. */
    public double[] x() {
        return x;
    }

    /** The step mask (T·B), or {@code null} when no example of this batch is padded; the array is reused. */
    public double[] mask() {
        return padded ? maskBuffer : null;
    }

    /** The targets: B×{@code shape().targetWidth()} or (T·B)×{@code shape().targetWidth()}; the array is reused. */
    public double[] targets() {
        return y;
    }

    /** B: the examples in this batch (the last batch of an epoch may be smaller than the capacity). */
    public int size() {
        return size;
    }

    /** T: the steps of this batch (the longest example in it). */
    public int steps() {
        return steps;
    }

    /** I: the features per step ({@code shape().inputs()}). */
    public int inputs() {
        return shape.inputs();
    }

    /** The widths of a step: I, O, the values per target row, the target mode. */
    public StepShape shape() {
        return shape;
    }

    /** Rows of {@link #targets()} in this batch: B, or T·B for {@link TargetMode#SEQUENCE}. */
    public int targetRows() {
        return shape.targetRows(size, steps);
    }

    /** The dataset index of batch row b (for {@link Dataset#sequenceId}, {@link Dataset#line}, ...). */
    public int example(int b) {
        return examples[b];
    }

    /** The largest B this batch holds. */
    public int capacity() {
        return capacity;
    }

    /** The largest T this batch holds. */
    public int maxSteps() {
        return maxSteps;
    }
}
