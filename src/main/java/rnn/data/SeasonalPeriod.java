package rnn.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The seasonal period M of a window-layout series, for the seasonal-naive baseline (issue 12 item 3): {@code --season
 * M} when given, else the period the time column's step implies ({@link TimeStep#seasonalPeriod()}: 12 monthly, 4
 * quarterly, 52 weekly, 7 daily, 24 hourly), else none. The step is inferred from the first series with at least two
 * rows, from at most its first {@link #ROWS_INSPECTED} rows.
 */
final class SeasonalPeriod {

    /** Rows of a series whose times decide the step (a step is constant, so the first rows tell it). */
    static final int ROWS_INSPECTED = 10_000;

    private SeasonalPeriod() {
    }

    /**
     * The period and the one line saying how it was chosen (or that there is none).
     *
     * @param season M ≥ 2 ({@code --season}), or {@code null}: from the time column
     * @param note   the line for "what was understood"
     */
    record Resolved(Integer season, String note) {
    }

    /**
     * @param explicit {@code --season}, or {@code null}
     * @param t        the training table, its time column (if any) still read
     * @param index    its series in time order
     */
    static Resolved resolve(Integer explicit, CsvTable t, SeriesIndex index) {
        if (explicit != null) {
            return new Resolved(explicit, "season: " + explicit + " rows (--season): the seasonal-naive baseline is"
                    + " the value " + explicit + " rows before the target");
        }
        if (t.times == null) {
            return new Resolved(null, "season: none (no time column to infer it from): no seasonal-naive baseline;"
                    + " give --season M for one");
        }
        String column = "\"" + DataException.oneLine(t.header[t.plan.time()]) + "\"";
        TimeStep step = stepOf(t, index);
        int m = step.seasonalPeriod();
        if (m < 2) {
            return new Resolved(null, "season: none (the step of " + column + ", " + step.describe()
                    + ", implies none): no seasonal-naive baseline; give --season M for one");
        }
        return new Resolved(m, "season: " + m + " rows (the step of " + column + ": " + step.describe()
                + "; --season M to change it): the seasonal-naive baseline is the value " + m
                + " rows before the target");
    }

    /** The step of the first series with two rows or more (irregular when there is none). */
    static TimeStep stepOf(CsvTable t, SeriesIndex index) {
        for (int s = 0; s < index.count(); s++) {
            int n = Math.min(index.length(s), ROWS_INSPECTED);
            if (n < 2) {
                continue;
            }
            int first = index.start[s];
            if (t.timeTexts != null) {
                List<String> texts = new ArrayList<>(n);
                for (int p = first; p < first + n; p++) {
                    texts.add(t.timeTexts.get(index.rowAt(p)));
                }
                return TimeStep.ofTexts(texts);
            }
            double[] values = new double[n];
            for (int p = first; p < first + n; p++) {
                values[p - first] = t.times.get(index.rowAt(p));
            }
            return TimeStep.ofNumbers(values);
        }
        return TimeStep.IRREGULAR;
    }
}
