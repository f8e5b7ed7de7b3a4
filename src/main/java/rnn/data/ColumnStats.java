package rnn.data;

/**
 * The normalisation of one column, fitted on the training rows: the stored value is
 * {@code z = (x − center) / scale}; predictions are mapped back with {@link #denormalize}. zscore: center = mean,
 * scale = population standard deviation; minmax: center = min, scale = max − min; none: center 0, scale 1. A
 * constant column has scale 1 (it is centred, not scaled). The summary statistics are kept for the record.
 *
 * @param column the header name
 * @param center subtracted from every value
 * @param scale  divides every value after centring; never 0
 * @param mean   mean over the training rows
 * @param std    population standard deviation over the training rows
 * @param min    minimum over the training rows
 * @param max    maximum over the training rows
 * @param count  number of training rows the statistics come from
 */
public record ColumnStats(String column, double center, double scale, double mean, double std, double min,
        double max, long count) {

    /**
     * Values per column in the tabular form checkpoints store ({@link #toRow}): center, scale, mean, std, min, max,
     * count.
     */
    public static final int FIELDS = 7;

    /** Writes this column's {@link #FIELDS} values into {@code row[offset..]} (modified). */
    public void toRow(double[] row, int offset) {
        row[offset] = center;
        row[offset + 1] = scale;
        row[offset + 2] = mean;
        row[offset + 3] = std;
        row[offset + 4] = min;
        row[offset + 5] = max;
        row[offset + 6] = count;
    }

    /** The statistics of {@code column} from {@code row[offset..offset + FIELDS)} (not modified). */
    public static ColumnStats fromRow(String column, double[] row, int offset) {
        return new ColumnStats(column, row[offset], row[offset + 1], row[offset + 2], row[offset + 3], row[offset + 4],
                row[offset + 5], (long) row[offset + 6]);
    }

    /** (x − center) / scale. */
    public double normalize(double x) {
        return (x - center) / scale;
    }

    /** z·scale + center: a normalised value (e.g. a prediction) in the column's units. */
    public double denormalize(double z) {
        return z * scale + center;
    }

    /** True when every training value is the same (σ = 0). */
    public boolean constant() {
        return min == max;
    }
}
