package rnn.data;

import java.util.Arrays;

/**
 * The target series of a table as they were before {@link TargetTransforms} replaced them by their transformed
 * values (in place, so that a target that is also a feature is read transformed as an input too): the levels a
 * prediction is inverted with, and the values eval scores against.
 *
 * <p>{@link #apply} is the one place a transform touches a table: it checks every value against the pointwise
 * step's domain (a value that breaks it is a data error naming file, line, column and value), transforms each run
 * of consecutive rows of each series (a dropped row starts a new run) and sets {@link CsvTable#warmup}.
 */
final class TargetLevels {

    private final TargetTransforms transform;
    /** levels[o][row]: target o's value on each row before the transform; {@code null} for a target not read. */
    private final double[][] levels;

    private TargetLevels(TargetTransforms transform, double[][] levels) {
        this.transform = transform;
        this.levels = levels;
    }

    /**
     * Transforms target columns {@code columns} of {@code t} (−1: a target not in this table; then nothing to do
     * for it) in place and keeps their levels.
     *
     * @return the levels, or {@code null} for {@link TargetTransforms#NONE} (the table is left as it is)
     * @throws DataException (data) for a value outside the domain of log or log1p
     */
    static TargetLevels apply(CsvTable t, SeriesIndex index, int[] columns, TargetTransforms transform) {
        if (transform.isNone()) {
            return null;
        }
        double[][] levels = new double[columns.length][];
        boolean[] done = new boolean[t.header.length];
        for (int o = 0; o < columns.length; o++) {
            int c = columns[o];
            if (c < 0) {
                continue;
            }
            FloatColumn col = t.numbers[c];
            double[] y = new double[t.rows];
            for (int r = 0; r < t.rows; r++) {
                y[r] = col.get(r);
            }
            levels[o] = y;
            if (!done[c]) { // one column for two targets: transformed once
                requireDomain(t, c, y, col, transform);
                col.replaceWith(transformed(t, index, y, transform));
                done[c] = true;
            }
        }
        t.warmup = transform.warmup();
        return new TargetLevels(transform, levels);
    }

    /** Every value in the pointwise step's domain (checked in file order: the first bad row is reported). */
    private static void requireDomain(CsvTable t, int c, double[] y, FloatColumn col, TargetTransforms transform) {
        TargetTransform step = transform.pointwise();
        if (step == null) {
            return;
        }
        for (int r = 0; r < y.length; r++) {
            double rounding = col.rounding(r);
            if (!Double.isNaN(y[r]) && !step.accepts(y[r], rounding)) {
                // the value as written: the bound itself when it reads back within the rounding of it
                double shown = Math.abs(y[r] - step.bound()) <= rounding ? step.bound() : y[r];
                throw DataException.cell(t.fileOf(r), t.line(r), c, t.header[c], step.domain() + " for {{transform}} "
                        + transform, CsvTable.formatNumber(shown), "fix the value, or choose another {{transform}}"
                        + (step.kind() == TargetTransform.Kind.LOG ? " (log1p takes values > -1; none takes any)"
                        : " (none takes any value)"));
            }
        }
    }

    /** The transformed value of each row: each run of consecutive rows of each series transformed on its own. */
    private static double[] transformed(CsvTable t, SeriesIndex index, double[] y, TargetTransforms transform) {
        double[] z = new double[y.length];
        Arrays.fill(z, Double.NaN);
        for (int s = 0; s < index.count(); s++) {
            int run = index.start[s];
            int end = index.start[s + 1];
            while (run < end) {
                int runEnd = run + 1;
                while (runEnd < end && !t.gapBefore.get(index.rowAt(runEnd))) {
                    runEnd++;
                }
                double[] values = new double[runEnd - run];
                for (int p = run; p < runEnd; p++) {
                    values[p - run] = y[index.rowAt(p)];
                }
                double[] out = transform.apply(values);
                for (int p = run; p < runEnd; p++) {
                    z[index.rowAt(p)] = out[p - run];
                }
                run = runEnd;
            }
        }
        return z;
    }

    TargetTransforms transform() {
        return transform;
    }

    /** Whether target o's levels are known (its column is in the table). */
    boolean has(int o) {
        return levels[o] != null;
    }

    /** Target o's level on {@code row}. */
    double level(int o, int row) {
        return levels[o][row];
    }

    /**
     * The levels of target o on the {@link #historyLength()} positions of {@code index} up to {@code position}
     * (oldest first): what {@link TargetTransforms#invertAt} and {@link TargetTransforms#invertPath} need.
     */
    double[] history(SeriesIndex index, int position, int o) {
        double[] h = new double[historyLength()];
        for (int i = 0; i < h.length; i++) {
            h[i] = levels[o][index.rowAt(position - h.length + 1 + i)];
        }
        return h;
    }

    /** Levels of history an inversion reads: the warmup (at least 1). */
    int historyLength() {
        return Math.max(1, transform.warmup());
    }
}
