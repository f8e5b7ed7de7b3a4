package rnn.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import rnn.random.Rng;

/**
 * The examples of one file as index ranges, never copies: a window is its first position in the
 * {@link SeriesIndex} (its W + H rows follow it), a long-layout sequence is its first position and length, a
 * wide-layout sequence is its row. Examples are in time order within a series and series in first-seen order,
 * and every subset keeps that order.
 */
final class Examples {

    /** Window/long: first position in the series index; wide: the row. */
    final int[] start;
    /** Steps of each example; {@code null} when all have {@link #fixedLength}. */
    final int[] length;
    final int fixedLength;
    /** Series of each example (window and long layouts); {@code null} for wide. */
    final int[] series;

    private Examples(int[] start, int[] length, int fixedLength, int[] series) {
        this.start = start;
        this.length = length;
        this.fixedLength = fixedLength;
        this.series = series;
    }

    int size() {
        return start.length;
    }

    int length(int k) {
        return length == null ? fixedLength : length[k];
    }

    /**
     * The windows of DESIGN §3: a run of N consecutive rows (no dropped row between them) has
     * floor((N − W − H) / S) + 1 windows starting every S rows; window k covers rows start..start+W+H−1.
     *
     * A series shorter than W + H gives no window (it is skipped), unless every series is.
     *
     * @throws DataException (data) when every series is shorter than W + H, or no window at all
     */
    static Examples windows(CsvTable t, SeriesIndex index, int window, int horizon, int stride) {
        long span = (long) window + horizon; // 2³¹ − 1 + 1 must not wrap round to a negative span
        int warmup = t.warmup; // rows of each run without a transformed target: no window starts there
        int longest = 0;
        for (int s = 1; s < index.count(); s++) {
            longest = index.length(s) > index.length(longest) ? s : longest;
        }
        // every series too short: name the longest (the one that comes nearest); a series too short among longer
        // ones gives no window (the window layout warns, see WindowLayout#skippedSeries)
        if (index.length(longest) < span + warmup) {
            int s = longest;
            String expected = "at least {{window}} + {{horizon}}" + (warmup == 0 ? "" : " + " + warmup
                    + " (the rows {{transform}} leaves without a value)") + " = " + (span + warmup) + " rows";
            String got = String.valueOf(index.length(s)) + (t.droppedRows > 0 ? " (after {{missing}} drop)" : "");
            String fix = "lower {{window}} or {{horizon}}, or add rows";
            if (t.ids == null) {
                throw DataException.file(t.file, expected, got, fix);
            }
            throw DataException.data(t.where(index.rowAt(index.start[s])) + " (series " + DataException.quote(t.idNames.get(s))
                    + (index.count() > 1 ? ", the longest of " + index.count() : "")
                    + "): expected " + expected + ", got " + got + "; " + fix + " to the series");
        }
        IntList starts = new IntList();
        IntList seriesOf = new IntList();
        for (int s = 0; s < index.count(); s++) {
            int segment = index.start[s];
            int end = index.start[s + 1];
            while (segment < end) {
                int segmentEnd = segment + 1;
                while (segmentEnd < end && !t.gapBefore.get(index.rowAt(segmentEnd))) {
                    segmentEnd++;
                }
                for (long p = (long) segment + warmup; p + span <= segmentEnd; p += stride) { // long: p + stride may pass 2³¹
                    starts.add((int) p);
                    seriesOf.add(s);
                }
                segment = segmentEnd;
            }
        }
        if (starts.size() == 0) {
            throw DataException.file(t.file, "a window of {{window}} + {{horizon}}" + (warmup == 0 ? "" : " + "
                    + warmup + " (the rows {{transform}} leaves without a value)") + " = " + (span + warmup)
                    + " consecutive rows without a dropped row", "none (" + t.droppedRows
                    + " rows dropped by {{missing}} drop)",
                    "fix the values, lower {{window}}, or use {{missing}} ffill");
        }
        return new Examples(starts.toArray(), null, window, seriesOf.toArray());
    }

    /** One sequence per series (long layout). */
    static Examples sequences(SeriesIndex index) {
        int n = index.count();
        int[] start = Arrays.copyOf(index.start, n);
        int[] length = new int[n];
        int[] series = new int[n];
        for (int s = 0; s < n; s++) {
            length[s] = index.length(s);
            series[s] = s;
        }
        return new Examples(start, length, 0, series);
    }

    /** One sequence of T steps per row (wide layout). */
    static Examples rows(CsvTable t, int steps) {
        int[] start = new int[t.rows];
        for (int r = 0; r < start.length; r++) {
            start[r] = r;
        }
        return new Examples(start, null, steps, null);
    }

    Examples subset(int[] which) {
        int[] s = new int[which.length];
        int[] len = length == null ? null : new int[which.length];
        int[] ser = series == null ? null : new int[which.length];
        for (int i = 0; i < which.length; i++) {
            s[i] = start[which[i]];
            if (len != null) {
                len[i] = length[which[i]];
            }
            if (ser != null) {
                ser[i] = series[which[i]];
            }
        }
        return new Examples(s, len, fixedLength, ser);
    }

    /**
     * The window layout's split (DESIGN §3): in each series the first floor((1 − F)·M) of its M windows train
     * and the rest validate. (A tolerance of 1e-9 keeps (1 − 0.3)·100 from flooring to 69.)
     *
     * @return {train, validation}
     */
    Examples[] splitLastInTime(double valSplit, String file) {
        IntList train = new IntList();
        IntList val = new IntList();
        int k = 0;
        while (k < size()) {
            int s = series[k];
            int end = k;
            while (end < size() && series[end] == s) {
                end++;
            }
            int m = end - k;
            int nTrain = (int) Math.floor((1 - valSplit) * m + 1e-9);
            for (int i = 0; i < m; i++) {
                (i < nTrain ? train : val).add(k + i);
            }
            k = end;
        }
        requireBothParts(file, "window", train.size(), val.size(), valSplit);
        return new Examples[] {subset(train.toArray()), subset(val.toArray())};
    }

    /**
     * The long and wide layouts' split: round(F·N) of the N sequences, chosen at random with {@code rng}; with
     * class labels, stratified: each class gets its share by the largest-remainder rule (ties to the lower class
     * index) and its members are drawn at random. Both parts keep file order.
     *
     * @param classOf the class of each example, or {@code null}
     * @return {train, validation}
     */
    Examples[] splitRandom(double valSplit, Rng rng, int[] classOf, int classes, String file, String noun) {
        int n = size();
        int nVal = (int) Math.round(valSplit * n);
        requireBothParts(file, noun, n - nVal, nVal, valSplit);
        boolean[] isVal = new boolean[n];
        if (classOf == null) {
            int[] idx = identity(n);
            rng.shuffle(idx);
            for (int i = 0; i < nVal; i++) {
                isVal[idx[i]] = true;
            }
        } else {
            List<IntList> members = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                members.add(new IntList());
            }
            for (int i = 0; i < n; i++) {
                members.get(classOf[i]).add(i);
            }
            int[] quota = new int[classes];
            double[] remainder = new double[classes];
            int given = 0;
            for (int c = 0; c < classes; c++) {
                double exact = (double) nVal * members.get(c).size() / n;
                quota[c] = (int) Math.floor(exact);
                remainder[c] = exact - quota[c];
                given += quota[c];
            }
            while (given < nVal) {
                int best = -1;
                for (int c = 0; c < classes; c++) {
                    if (quota[c] < members.get(c).size() && (best < 0 || remainder[c] > remainder[best])) {
                        best = c;
                    }
                }
                quota[best]++;
                remainder[best] = -1;
                given++;
            }
            for (int c = 0; c < classes; c++) {
                int[] m = members.get(c).toArray();
                rng.shuffle(m);
                for (int i = 0; i < quota[c]; i++) {
                    isVal[m[i]] = true;
                }
            }
        }
        IntList train = new IntList();
        IntList val = new IntList();
        for (int i = 0; i < n; i++) {
            (isVal[i] ? val : train).add(i);
        }
        return new Examples[] {subset(train.toArray()), subset(val.toArray())};
    }

    /**
     * The split of these examples between training and {@code val} (a subset of them in their order, or
     * {@code null}: none validates) as {@link SplitCounts#runs}: alternating run lengths, training first. Examples
     * are told apart by their start (a window's or sequence's first position, a wide row), unique among them.
     */
    List<Integer> runs(Examples val) {
        List<Integer> runs = new ArrayList<>();
        int j = 0;
        boolean validating = false;
        int run = 0;
        for (int k = 0; k < size(); k++) {
            boolean v = val != null && j < val.size() && val.start[j] == start[k];
            if (v) {
                j++;
            }
            if (v != validating) {
                runs.add(run);
                run = 0;
                validating = v;
            }
            run++;
        }
        runs.add(run);
        return runs;
    }

    /**
     * The examples {@code runs} ({@link SplitCounts#runs}) puts in validation ({@code validation}) or training, as
     * indexes in order.
     *
     * @throws IllegalArgumentException when the runs do not add up to {@link #size()}
     */
    int[] inPart(List<Integer> runs, boolean validation) {
        long total = 0;
        for (int r : runs) {
            total += r;
        }
        if (total != size()) {
            throw new IllegalArgumentException("the recorded split covers " + total + " examples, the data gives "
                    + size());
        }
        IntList which = new IntList();
        int k = 0;
        for (int i = 0; i < runs.size(); i++) {
            boolean v = i % 2 == 1;
            for (int n = 0; n < runs.get(i); n++, k++) {
                if (v == validation) {
                    which.add(k);
                }
            }
        }
        return which.toArray();
    }

    private static void requireBothParts(String file, String noun, int train, int val, double valSplit) {
        String f = CsvTable.formatNumber(valSplit);
        int all = train + val;
        String of = "0 of " + all + " " + noun + (all == 1 ? "" : "s");
        if (train == 0) {
            throw DataException.file(file, "at least 1 training " + noun + " with {{val_split}} " + f, of,
                    "lower {{val_split}}, or add data");
        }
        if (val == 0) {
            throw DataException.file(file, "at least 1 validation " + noun + " with {{val_split}} " + f, of,
                    "raise {{val_split}}, or use {{val_file}} FILE, or {{val_split}} 0 for none");
        }
    }

    /**
     * The rows the examples touch, each once, in position order: the rows normalisation statistics come from.
     * An example over rows touches its steps and the {@code targetOffset} rows after them (a window its W + H
     * rows; for the training windows of a series: its first n_train + W + H − 1 rows when S = 1, as DESIGN §3
     * states); an example across columns touches its one row.
     */
    int[] touchedRows(SeriesIndex index, boolean stepsInColumns, int targetOffset) {
        IntList rows = new IntList();
        if (stepsInColumns) {
            for (int k = 0; k < size(); k++) {
                rows.add(start[k]);
            }
            return rows.toArray();
        }
        int covered = -1;
        for (int k = 0; k < size(); k++) {
            int from = start[k];
            int to = from + length(k) + targetOffset;
            for (int p = Math.max(from, covered); p < to; p++) {
                rows.add(index.rowAt(p));
            }
            covered = Math.max(covered, to);
        }
        return rows.toArray();
    }

    /** The row of example k's last step (across columns: its row): where its last target is read. */
    int lastRow(int k, SeriesIndex index, boolean stepsInColumns) {
        return stepsInColumns ? start[k] : index.rowAt(start[k] + length(k) - 1);
    }

    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** A growable int array (no boxing). */
    static final class IntList {
        private int[] a = new int[16];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
