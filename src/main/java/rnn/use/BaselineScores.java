package rnn.use;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import rnn.data.Dataset;
import rnn.data.DataSchema;
import rnn.nn.Loss;

/**
 * The naive baselines of a training run, scored on its validation examples ({@link Baselines}): the lines of the
 * train log after the split, {@code summary.json}'s {@code baselines}, and the end-of-training line saying whether
 * the model beat them.
 *
 * @param season     how the seasonal period was chosen ({@link rnn.data.LoadReport#season}), or {@code null}
 * @param regression the naive last value and seasonal naive (empty when they do not apply)
 * @param majority   the majority class of the training part, or {@code null}
 * @param note       why a baseline is left out (the missing seasonal rows), or {@code null}
 */
public record BaselineScores(String season, List<EvalReport.Baseline> regression, EvalReport.ClassBaseline majority,
                             String note) {

    public BaselineScores {
        regression = List.copyOf(regression);
    }

    /**
     * The baselines of {@code validation} (a run's validation examples, or {@code null}: none).
     *
     * @param schema the run's schema: its contract (season, targets) and its training class counts
     */
    public static BaselineScores of(Dataset validation, DataSchema schema, Loss loss) {
        if (validation == null || validation.size() == 0) {
            return new BaselineScores(null, List.of(), null, null);
        }
        if (schema.contract().classification()) {
            return new BaselineScores(null, List.of(), validation.isText() ? null : Baselines.majority(validation,
                    schema.contract(), schema.report().split().trainClasses()), null);
        }
        Baselines.Regression r = Baselines.regression(validation, schema.contract(), loss);
        // no period is said once, by the "season:" line; missing rows are said by the note
        String note = schema.contract().shape().season() == null ? null : r.note();
        return new BaselineScores(r.baselines().isEmpty() ? null : schema.report().season(), r.baselines(), null,
                note);
    }

    public boolean isEmpty() {
        return regression.isEmpty() && majority == null;
    }

    /** The train log's lines: one per baseline (its validation loss in normalised units, RMSE in target units). */
    public List<String> lines(String lossName) {
        List<String> lines = new ArrayList<>();
        if (season != null) {
            lines.add(season);
        }
        for (EvalReport.Baseline b : regression) {
            lines.add(Double.isNaN(b.loss())
                    ? String.format(Locale.ROOT, "baseline %s (%s): validation RMSE %s", b.name(), b.description(),
                            number(b.errors().rmse()))
                    : String.format(Locale.ROOT, "baseline %s (%s): validation loss %s (%s, normalised), RMSE %s",
                            b.name(), b.description(), number(b.loss()), lossName, number(b.errors().rmse())));
        }
        if (majority != null) {
            lines.add(String.format(Locale.ROOT, "baseline %s (%s): validation accuracy %s, log-loss %s",
                    majority.name(), majority.description(), number(majority.accuracy()),
                    number(majority.logLoss())));
        }
        if (note != null) {
            lines.add(note);
        }
        return lines;
    }

    /**
     * The end-of-training line: whether {@code bestLoss} (the best validation loss, normalised units) is below each
     * baseline's loss.
     *
     * @param line      "validation RMSE of the best model 12.3 beats the naive last value (15.2) and the seasonal
     *                  naive (14.0)", or "... does NOT beat the naive last value (10.1); it beats ..."
     * @param beatsAll  whether it beats every baseline compared
     */
    public record Verdict(String line, boolean beatsAll) {
    }

    /**
     * The verdict, or {@code null} when there is nothing to compare. Regression compares the best model's validation
     * RMSE with each baseline's, in the target's units (what a user forecasts in, and the one scale the model and the
     * baselines share whatever the transform and the target mode); a classifier its best validation loss with the
     * majority class's log-loss.
     *
     * @param bestLoss  the best validation loss (normalised units), for a classifier
     * @param modelRmse the best model's validation RMSE in the target's units, for regression (NaN: unknown)
     */
    public Verdict verdict(double bestLoss, double modelRmse) {
        List<String> beaten = new ArrayList<>();
        List<String> notBeaten = new ArrayList<>();
        String best;
        if (!regression.isEmpty()) {
            if (Double.isNaN(modelRmse)) {
                return null;
            }
            for (EvalReport.Baseline b : regression) {
                (modelRmse < b.errors().rmse() ? beaten : notBeaten).add(title(b.name()) + " ("
                        + number(b.errors().rmse()) + ")");
            }
            best = "validation RMSE of the best model " + number(modelRmse);
        } else {
            if (majority == null || Double.isNaN(majority.logLoss()) || Double.isNaN(bestLoss)) {
                return null;
            }
            (bestLoss < majority.logLoss() ? beaten : notBeaten).add(title(majority.name()) + " ("
                    + number(majority.logLoss()) + ")");
            best = "best validation loss " + number(bestLoss);
        }
        if (notBeaten.isEmpty()) {
            return new Verdict(best + " beats " + String.join(" and ", beaten), true);
        }
        return new Verdict(best + " does NOT beat " + String.join(" and ", notBeaten)
                + (beaten.isEmpty() ? "" : "; it beats " + String.join(" and ", beaten)), false);
    }

    /** A baseline's name in words. */
    static String title(String name) {
        return switch (name) {
            case Baselines.LAST_VALUE -> "the naive last value";
            case Baselines.SEASONAL_NAIVE -> "the seasonal naive";
            case Baselines.MAJORITY -> "the majority class's frequencies";
            default -> name;
        };
    }

    /** Five significant digits, as the train log's other losses. */
    private static String number(double v) {
        return String.format(Locale.ROOT, "%.5g", v);
    }
}
