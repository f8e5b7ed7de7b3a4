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
}
