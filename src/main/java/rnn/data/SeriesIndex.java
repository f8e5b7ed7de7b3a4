package rnn.data;

import java.util.Arrays;

/**
 * The rows of a table grouped into series (window layout) or sequences (long layout) without moving them:
 * position p of {@link #order} is a row, and series s occupies positions {@code start[s] .. start[s+1]−1} in
 * time order. Without an id column (and in the wide layout) there is one series and the order is the identity.
 * The layout builds the index ({@link Layout#index}) and orders or checks each series by the time column;
 * {@link #fillForward} applies {@code --missing ffill} in this order.
 */
final class SeriesIndex {

    /** Position → row; {@code null} means the identity. */
    final int[] order;
    /** Series s occupies positions [start[s], start[s+1]). */
    final int[] start;

    private SeriesIndex(int[] order, int[] start) {
        this.order = order;
        this.start = start;
    }

    int rowAt(int p) {
        return order == null ? p : order[p];
    }

    int count() {
        return start.length - 1;
    }

    int length(int s) {
        return start[s + 1] - start[s];
    }

    /** One series of every row in file order (no id column, or the wide layout). */
    static SeriesIndex single(CsvTable t) {
        return new SeriesIndex(null, new int[] {0, t.rows});
    }

    /**
     * Groups the rows by id (first-seen order; rows keep file order within an id); without an id column, one
     * series. The layout then orders each series by time ({@link #sortByTime}) or checks that it is
     * ({@link #checkIncreasing}).
     */
    static SeriesIndex byId(CsvTable t) {
        if (t.ids == null) {
            return single(t);
        }
        int series = t.idNames.size();
        int[] start = new int[series + 1];
        for (int r = 0; r < t.rows; r++) {
            start[t.ids.get(r) + 1]++;
        }
        for (int s = 0; s < series; s++) {
            start[s + 1] += start[s];
        }
        int[] next = Arrays.copyOf(start, series);
        int[] order = new int[t.rows];
        for (int r = 0; r < t.rows; r++) {
            order[next[t.ids.get(r)]++] = r;
        }
        return new SeriesIndex(order, start);
    }

    /**
     * Requires the rows of each series in increasing time (rows are consecutive steps); nothing to check without
     * a time column.
     *
     * @return this index
     * @throws DataException (data) naming the first row out of order
     */
    SeriesIndex checkIncreasing(CsvTable t) {
        if (t.times == null) {
            return this;
        }
        for (int s = 0; s < count(); s++) {
            for (int p = start[s] + 1; p < start[s + 1]; p++) {
                int before = rowAt(p - 1);
                int row = rowAt(p);
                if (!(t.times.get(row) > t.times.get(before))) {
                    String series = t.ids == null ? "" : " in series " + DataException.quote(t.idOf(row));
                    throw DataException.cell(t.fileOf(row), t.line(row), t.plan.time(), t.header[t.plan.time()],
                            "a time after " + DataException.quote(t.timeText(before)) + " (" + t.lineNear(before, row)
                                    + ")" + series, DataException.quote(t.timeText(row)),
                            "sort the rows by time" + (t.ids == null ? "" : " within each series"));
                }
            }
        }
        return this;
    }

    /**
     * Sorts each series by time, stably; nothing to sort without a time column.
     *
     * @return this index
     * @throws DataException (data) for a time repeated within a series
     */
    SeriesIndex sortByTime(CsvTable t) {
        if (t.times == null) {
            return this;
        }
        int[] scratch = new int[order.length];
        for (int s = 0; s < count(); s++) {
            int from = start[s];
            int to = start[s + 1];
            boolean sorted = true;
            for (int p = from + 1; p < to && sorted; p++) {
                sorted = t.times.get(order[p]) >= t.times.get(order[p - 1]);
            }
            if (!sorted) {
                mergeSort(order, scratch, from, to, t.times);
            }
            for (int p = from + 1; p < to; p++) {
                int a = order[p - 1];
                int b = order[p];
                if (t.times.get(a) == t.times.get(b)) {
                    int first = Math.min(a, b); // rows are in reading order
                    int again = Math.max(a, b);
                    throw DataException.cell(t.fileOf(again), t.line(again), t.plan.time(), t.header[t.plan.time()],
                            "each time once per sequence (" + DataException.quote(t.idOf(b)) + ")",
                            DataException.quote(t.timeText(b)) + " again (first on " + t.lineNear(first, again) + ")",
                            "remove or fix the duplicate row");
                }
            }
        }
        return this;
    }

    /** Stable merge sort of a[from, to) by key(a[i]). */
    private static void mergeSort(int[] a, int[] scratch, int from, int to, DoubleColumn key) {
        if (to - from < 2) {
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, scratch, from, mid, key);
        mergeSort(a, scratch, mid, to, key);
        if (key.get(a[mid - 1]) <= key.get(a[mid])) {
            return;
        }
        System.arraycopy(a, from, scratch, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && key.get(scratch[i]) <= key.get(scratch[j]))) {
                a[k] = scratch[i++];
            } else {
                a[k] = scratch[j++];
            }
        }
    }

    /**
     * {@code --missing ffill}: replaces each missing value by the previous value of its series in time order.
     *
     * @throws DataException (data) for a missing value with nothing before it to carry forward
     */
    void fillForward(CsvTable t) {
        if (t.missingTargets > 0) {
            interpolateTargets(t);
        }
        if (t.missingValues == 0) {
            return;
        }
        ColumnPlan plan = t.plan;
        for (int s = 0; s < count(); s++) {
            for (int c = 0; c < t.numbers.length; c++) {
                FloatColumn col = t.numbers[c];
                if (col == null || (!plan.classification() && ColumnPlan.contains(plan.targets(), c))) {
                    continue; // a target is never carried forward
                }
                int previous = -1;
                for (int p = start[s]; p < start[s + 1]; p++) {
                    int row = rowAt(p);
                    if (col.isMissing(row)) {
                        if (previous < 0) {
                            throw unfillable(t, row, c, firstOf(t, row));
                        }
                        col.set(row, col.get(previous));
                    }
                    previous = row;
                }
            }
            if (t.labels != null) {
                int previous = -1;
                for (int p = start[s]; p < start[s + 1]; p++) {
                    int row = rowAt(p);
                    if (t.labels.get(row) < 0) {
                        if (previous < 0) {
                            throw unfillable(t, row, plan.targets()[0], firstOf(t, row));
                        }
                        t.labels.set(row, t.labels.get(previous));
                    }
                    previous = row;
                }
            }
        }
    }

    /**
     * {@code --missing-target interpolate}: replaces each missing target value by the straight line between the
     * nearest known values before and after it in its series (in time order, at its time when there is a numeric
     * or date time column, else at its position).
     *
     * @throws DataException (data) for a missing target with no known value before or after it in its series
     */
    void interpolateTargets(CsvTable t) {
        for (int c : t.plan.targets()) {
            FloatColumn col = t.numbers[c];
            if (col == null) {
                continue;
            }
            for (int s = 0; s < count(); s++) {
                int known = start[s] - 1; // position of the last known value
                for (int p = start[s]; p < start[s + 1]; p++) {
                    if (col.isMissing(rowAt(p))) {
                        continue;
                    }
                    if (known < p - 1) {
                        if (known < start[s]) {
                            throw notBetween(t, rowAt(start[s]), c, "first");
                        }
                        fillBetween(t, col, known, p);
                    }
                    known = p;
                }
                if (known < start[s + 1] - 1) {
                    throw notBetween(t, rowAt(known + 1), c, known < start[s] ? "first" : "last");
                }
            }
        }
    }

    /** Fills positions (a, b) of a series on the line from position a to position b (both known). */
    private void fillBetween(CsvTable t, FloatColumn col, int a, int b) {
        double ya = col.get(rowAt(a));
        double yb = col.get(rowAt(b));
        double xa = t.times == null ? a : t.times.get(rowAt(a));
        double xb = t.times == null ? b : t.times.get(rowAt(b));
        for (int p = a + 1; p < b; p++) {
            double x = t.times == null ? p : t.times.get(rowAt(p));
            col.set(rowAt(p), ya + (yb - ya) * (x - xa) / (xb - xa));
        }
    }

    private static DataException notBetween(CsvTable t, int row, int column, String edge) {
        return DataException.cell(t.fileOf(row), t.line(row), column, t.header[column],
                "known target values before and after a missing one ({{missing_target}} interpolate)",
                "a missing value at the " + edge + " rows of " + (t.ids == null ? "the series"
                        : "series " + DataException.quote(t.idOf(row))),
                "fix the value or use {{missing_target}} drop");
    }

    /**
     * {@code --missing ffill} in the wide layout: each missing value of a row is replaced by the previous step of
     * the same feature (or target) in that row.
     *
     * @throws DataException (data) for a missing value at a row's first step, or a missing class label
     */
    static void fillAcrossSteps(CsvTable t, int steps, TargetMode mode) {
        if (t.missingValues == 0) {
            return;
        }
        ColumnPlan plan = t.plan;
        fillAcrossSteps(t, plan.features(), steps);
        if (!plan.classification()) {
            fillAcrossSteps(t, plan.targets(), mode == TargetMode.SEQUENCE ? steps : 1);
        }
        if (t.labels != null) {
            for (int r = 0; r < t.rows; r++) {
                if (t.labels.get(r) < 0) {
                    throw unfillable(t, r, plan.targets()[0], "a missing class label in a row of its own");
                }
            }
        }
    }

    /** Columns are T groups of {@code columns.length / steps} step-major; step t fills from step t − 1. */
    private static void fillAcrossSteps(CsvTable t, int[] columns, int steps) {
        int perStep = columns.length / steps;
        for (int r = 0; r < t.rows; r++) {
            for (int k = 0; k < columns.length; k++) {
                FloatColumn col = t.numbers[columns[k]];
                if (!col.isMissing(r)) {
                    continue;
                }
                if (k < perStep) {
                    throw unfillable(t, r, columns[k], steps == 1 ? "a missing value in a row of its own"
                            : "a missing value at the row's first step");
                }
                col.set(r, t.numbers[columns[k - perStep]].get(r));
            }
        }
    }

    private static String firstOf(CsvTable t, int row) {
        return "a missing value on the first row of " + (t.ids == null ? "the series"
                : "series " + DataException.quote(t.idOf(row)));
    }

    private static DataException unfillable(CsvTable t, int row, int column, String got) {
        return DataException.cell(t.fileOf(row), t.line(row), column, t.header[column],
                "an earlier value to carry forward ({{missing}} ffill)", got, "fix the value or use {{missing}} drop");
    }
}
