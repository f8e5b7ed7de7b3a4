package rnn.data;

import java.util.List;

/**
 * The columns a model reads, by header name.
 *
 * @param features the feature columns (wide: the T×I columns, step-major)
 * @param targets  the target columns (wide with a target at every step: T×O, step-major)
 * @param id       the sequence id column, or {@code null}
 * @param time     the time column, or {@code null}
 */
public record ColumnRoles(List<String> features, List<String> targets, String id, String time) {

    public ColumnRoles {
        features = List.copyOf(features);
        targets = List.copyOf(targets);
    }
}
