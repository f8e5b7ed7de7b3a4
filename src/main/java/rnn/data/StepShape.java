package rnn.data;

/**
 * The widths of one step of a dataset's examples, shared by the {@link Dataset} and every {@link Batch} it fills
 * (a batch only accepts examples of its own shape).
 *
 * @param inputs      I, feature values per step
 * @param outputs     O, model outputs (regression: target columns; classification: classes)
 * @param targetWidth values per target row: O for regression, 1 (the class index) for classification; 0 when
 *                    the data was read without targets (prediction)
 * @param targetMode  one target per example ({@code last}) or one per step ({@code sequence})
 */
public record StepShape(int inputs, int outputs, int targetWidth, TargetMode targetMode) {

    /** Rows of targets of a batch of B examples of T steps: B, or T·B for {@link TargetMode#SEQUENCE}. */
    public int targetRows(int size, int steps) {
        return targetMode == TargetMode.SEQUENCE ? steps * size : size;
    }
}
