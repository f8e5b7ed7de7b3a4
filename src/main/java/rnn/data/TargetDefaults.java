package rnn.data;

import java.util.Locale;

/**
 * The target transform and mode a regression run gets when it names neither ({@code --transform},
 * {@code --target-mode}), chosen from the training rows (issue 12 item 2): in the window layout with the target among
 * the inputs and a seasonal period M (from {@code --season} or the time step),
 * <ul>
 * <li>when the seasonal-naive forecast is the better one on the training rows, at the steps the model forecasts
 *     (h = H, or every h of a path 1..H): Σ(y_{t+h} − y_{t+h−M·⌈h/M⌉})² &lt; Σ(y_{t+h} − y_t)² over every target,
 *     series and row t with both values in the training rows: {@code seasonal-diff:M} with {@code level} — the model
 *     forecasts the change from a season ago, so its zero is the seasonal-naive forecast;</li>
 * <li>otherwise (a trend, a random walk, a series without a season): no transform and {@code delta} — the model's zero
 *     is the naive last value.</li>
 * </ul>
 * Measured (README, "Forecasting"): on the monthly sample series the seasonal choice beats both naive forecasts where
 * delta alone loses to the seasonal naive, and on a monthly random walk it would lose to the naive forecast by
 * 50 %, which the test keeps it from. The training rows are the first ⌊(1 − F)·N⌋ of each series (all of them with
 * {@code --val FILE}); a series shorter than M + the window and horizon leaves the choice to delta.
 */
final class TargetDefaults {

    /** The treatment, and the line saying how it was chosen ({@code null} when the options named it). */
    record Choice(TargetTransforms transform, TargetForm mode, String note) {
    }

    private TargetDefaults() {
    }

    /**
     * @param targetIsInput every target is among the numeric features (delta and differences read it there)
     * @param season        the seasonal period M, or {@code null}
     * @param shape         the window layout's W, H and path (the steps h forecast)
     */
    static Choice choose(DataOptions o, CsvTable t, SeriesIndex index, boolean targetIsInput, Integer season,
                         LayoutShape shape) {
        Layout layout = o.resolvedLayout();
        boolean windows = layout.targetFollowsInputs() && !layout.stepsInColumns() && !layout.readsText();
        if (o.transform() != null || o.targetMode() != null || !windows || !targetIsInput || season == null
                || t.labels != null) {
            return new Choice(o.resolvedTransform(), o.resolvedTargetMode(targetIsInput), null);
        }
        int m = season;
        long span = shape.window() == null ? 0 : (long) shape.window() + shape.horizon();
        int firstStep = Math.max(1, shape.firstStep());
        int lastStep = Math.max(firstStep, shape.horizon() == null ? 1 : shape.horizon());
        double fraction = o.valFile() != null ? 1 : 1 - o.valSplit();
        double naive = 0;
        double seasonal = 0;
        long longest = 0;
        for (int s = 0; s < index.count(); s++) {
            int n = (int) Math.floor(fraction * index.length(s));
            longest = Math.max(longest, index.length(s));
            for (int target : t.plan.targets()) {
                FloatColumn y = t.numbers[target];
                for (int h = firstStep; h <= lastStep; h++) {
                    int back = h - m * ((h + m - 1) / m); // the seasonal naive's row, relative to t (≤ 0)
                    for (int p = Math.max(0, -back); p + h < n; p++) {
                        double v = y.get(index.rowAt(index.start[s] + p + h));
                        double last = y.get(index.rowAt(index.start[s] + p));
                        double ago = y.get(index.rowAt(index.start[s] + p + back));
                        if (Double.isNaN(v) || Double.isNaN(last) || Double.isNaN(ago)) {
                            continue;
                        }
                        naive += (v - last) * (v - last);
                        seasonal += (v - ago) * (v - ago);
                    }
                }
            }
        }
        boolean room = longest >= m + span;
        if (room && seasonal < naive) {
            return new Choice(TargetTransforms.of(TargetTransform.seasonalDiff(m)), TargetForm.LEVEL,
                    String.format(Locale.ROOT, "target treatment: seasonal-diff:%d and level, chosen by the data: on "
                            + "the training rows the seasonal naive forecast (the value one season, %d rows, before "
                            + "the target) is better than the last value (sum of squares %s against %s); name "
                            + "--transform or --target-mode to choose", m, m, number(seasonal), number(naive)));
        }
        return new Choice(TargetTransforms.NONE, TargetForm.DELTA, String.format(Locale.ROOT, "target treatment: "
                + "no transform and delta, chosen by the data: %s; name --transform or --target-mode to choose",
                room ? String.format(Locale.ROOT, "on the training rows the last value is a better forecast than "
                        + "the seasonal naive (sum of squares %s against %s for the value %d rows before the target)",
                        number(naive), number(seasonal), m)
                        : "no series has the " + (m + span) + " rows a seasonal difference of " + m + " needs"));
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
