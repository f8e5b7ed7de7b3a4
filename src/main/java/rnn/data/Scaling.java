package rnn.data;

import java.util.List;

/**
 * The normalisation fitted on the training rows, applied to every file the model reads.
 *
 * @param normalize    the kind
 * @param featureStats one per feature column, in {@link ColumnRoles#features()} order
 * @param targetStats  one per target column for regression (empty for classification)
 */
public record Scaling(Normalization normalize, List<ColumnStats> featureStats, List<ColumnStats> targetStats) {

    public Scaling {
        featureStats = List.copyOf(featureStats);
        targetStats = List.copyOf(targetStats);
    }

    /** The statistics as a table of {@link ColumnStats#FIELDS} values per column, row-major. */
    public static double[] table(List<ColumnStats> stats) {
        double[] t = new double[stats.size() * ColumnStats.FIELDS];
        for (int i = 0; i < stats.size(); i++) {
            stats.get(i).toRow(t, i * ColumnStats.FIELDS);
        }
        return t;
    }

    /**
     * The statistics of {@code columns} from a {@link #table}.
     *
     * @throws IllegalArgumentException when the table does not hold one row per column
     */
    public static List<ColumnStats> fromTable(List<String> columns, double[] table) {
        if (table.length != (long) columns.size() * ColumnStats.FIELDS) {
            throw new IllegalArgumentException("expected " + columns.size() + " rows of " + ColumnStats.FIELDS
                    + " values, got " + table.length + " values");
        }
        List<ColumnStats> l = new java.util.ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            l.add(ColumnStats.fromRow(columns.get(i), table, i * ColumnStats.FIELDS));
        }
        return l;
    }
}
