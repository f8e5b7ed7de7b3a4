package rnn.data;

import java.util.Locale;
import java.util.Set;

/**
 * Finds the time column when no option names one (issue 12, item 5): a column that orders the rows is never a
 * feature. Detection runs only when neither {@code {{time}}} nor {@code {{features}}} is given (either overrides
 * it), in the layouts whose rows are steps of a series (window, long), after the table is read:
 * <ul>
 * <li>a date column (ISO-8601 text, which is never a feature) whose rows are in strictly increasing order within
 *     each series is the time column; in another order it stays an ignored column, as before;</li>
 * <li>else the first numeric feature column whose header is a time word ({@link #WORDS}; case, spaces, '_' and
 *     '-' ignored; the empty name and "Unnamed: 0" of a pandas index too) and whose values are all present and
 *     strictly increasing within each series; it is taken only when an input remains, or the target series can
 *     be its own input (window layout, regression).</li>
 * </ul>
 * A numeric column whose name is no time word but which increases by a constant step (at least
 * {@value #MIN_ROWS_FOR_STEP} rows per series) stays a feature, with a warning: a ramp input ("x" = 0, 1, 2 …, a
 * dose) is a legitimate feature, Keras and scikit-learn use every column they are given and Darts takes time only
 * from a named column or the index, so a column is never removed from the inputs on its values alone. The
 * decision is one line of "what was understood", with how to override it.
 */
final class TimeColumns {

    /** Header names (lower case, without spaces, '_' and '-') that say a column is time. */
    static final Set<String> WORDS = Set.of("time", "t", "timestep", "step", "date", "datetime", "timestamp", "ds",
            "year", "quarter", "month", "week", "day", "hour", "minute", "second", "period", "index", "", "unnamed:0");

    /** The fewest rows of a series whose constant step marks a column without a time word as time. */
    static final int MIN_ROWS_FOR_STEP = 3;

    private TimeColumns() {
    }

    /** Whether the options leave the time column to detection. */
    static boolean detects(DataOptions o) {
        Layout layout = o.resolvedLayout();
        return o.time() == null && o.features() == null && !layout.stepsInColumns() && !layout.readsText();
    }

    /** Whether a header names time. */
    static boolean isTimeWord(String header) {
        return WORDS.contains(header.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", ""));
    }

    /**
     * Detects the time column of a table read with {@code o} and updates its plan (and time keys) in place.
     *
     * @return the note for "what was understood" and the warning, each {@code null} when there is none
     */
    static Detected detect(CsvTable t, DataOptions o) {
        if (!detects(o)) {
            return Detected.NONE;
        }
        String clock = null;
        String idNote = t.ids == null ? "" : " within each series";
        int time = t.plan.time();
        if (time >= 0) { // a date column the plan took as time
            if (increasing(t, t.times::get) != null) {
                return new Detected("time: \"" + DataException.oneLine(t.header[time]) + "\" (dates in increasing"
                        + " order" + idNote + ": taken as the time column; name another with --time)", null);
            }
            t.plan = t.plan.withoutTime("\"" + DataException.oneLine(t.header[time])
                    + "\" (dates not in increasing order: not taken as the time column; name it with --time to sort"
                    + " by it)");
            t.times = null;
            t.timeTexts = null;
        }
        Layout layout = o.resolvedLayout();
        int chosen = -1;
        double[] chosenSteps = null;
        for (int c : t.plan.features()) {
            if (ColumnPlan.contains(t.plan.targets(), c)) {
                continue;
            }
            double[] steps = increasing(t, t.numbers[c]::get);
            if (steps == null) {
                continue;
            }
            if (!isTimeWord(t.header[c])) {
                if (clock == null && !Double.isNaN(steps[0])) {
                    clock = "column \"" + DataException.oneLine(t.header[c]) + "\" increases by "
                            + (Double.isNaN(steps[1]) ? "a constant step" : CsvTable.formatNumber(steps[1]))
                            + " on every row" + idNote + " like a clock, but its name is no time word: kept as a"
                            + " feature; name it with --time if it only orders the rows";
                }
                continue;
            }
            if (chosen < 0 && (t.plan.hasOtherInput(c) || (layout.targetFollowsInputs() && !t.plan.classification()))) {
                chosen = c;
                chosenSteps = steps;
            }
        }
        if (chosen < 0) {
            return new Detected(null, clock);
        }
        String name = DataException.oneLine(t.header[chosen]);
        String why = "its name says time and it increases " + (Double.isNaN(chosenSteps[0]) ? ""
                : "by " + (Double.isNaN(chosenSteps[1]) ? "a constant step " : CsvTable.formatNumber(chosenSteps[1])
                + " ")) + "on every row" + idNote;
        FloatColumn col = t.numbers[chosen];
        t.times = new DoubleColumn();
        for (int r = 0; r < t.rows; r++) {
            t.times.add(col.get(r));
        }
        t.timeTexts = null;
        t.numbers[chosen] = null;
        t.plan = t.plan.withTime(chosen, layout);
        return new Detected("time: \"" + name + "\" (" + why + ": taken as the time column, not a feature; name"
                + " another with --time, or list it in --features to use it as a feature)", null);
    }

    /**
     * What detection found: the note for "what was understood" (the column taken as time, or {@code null}), and a
     * warning about a clock-like column kept as a feature (or {@code null}).
     */
    record Detected(String note, String warning) {
        static final Detected NONE = new Detected(null, null);
    }

    /** A row's value. */
    private interface Values {
        double get(int row);
    }

    /**
     * Whether every value is present and strictly increasing within each series in file order: {@code null} when
     * not; else {step constant within each series (NaN when not, or a series is too short to tell), the common
     * step of all series (NaN when they differ)}.
     */
    private static double[] increasing(CsvTable t, Values v) {
        int series = t.ids == null ? 1 : t.idNames.size();
        double[] last = new double[series];
        double[] step = new double[series];
        int[] count = new int[series];
        boolean constant = true;
        double maxAbs = 0;
        for (int r = 0; r < t.rows; r++) {
            maxAbs = Math.max(maxAbs, Math.abs(v.get(r)));
        }
        double tolerance = 4 * Math.ulp((float) maxAbs);
        for (int r = 0; r < t.rows; r++) {
            double x = v.get(r);
            if (!Double.isFinite(x)) {
                return null;
            }
            int s = t.ids == null ? 0 : t.ids.get(r);
            if (count[s] > 0) {
                double d = x - last[s];
                if (!(d > 0)) {
                    return null;
                }
                if (count[s] == 1) {
                    step[s] = d;
                } else if (Math.abs(d - step[s]) > tolerance + 1e-9 * step[s]) {
                    constant = false;
                }
            }
            last[s] = x;
            count[s]++;
        }
        double common = step[0];
        for (int s = 0; s < series; s++) {
            if (count[s] < MIN_ROWS_FOR_STEP) {
                constant = false;
            }
            if (Math.abs(step[s] - common) > tolerance + 1e-9 * common) {
                common = Double.NaN;
            }
        }
        return new double[] {constant ? 1 : Double.NaN, constant ? common : Double.NaN};
    }
}
