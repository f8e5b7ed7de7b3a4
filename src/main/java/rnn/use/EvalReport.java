package rnn.use;

import java.util.List;
import java.util.Map;

/**
 * The result of {@link Evaluator#evaluate}: what {@code rnn eval} prints and gates on.
 *
 * @param task         "regression" or "classification"
 * @param lossName     the training objective ({@code mse}, {@code mae}, {@code huber}, {@code xent})
 * @param examples     windows, sequences or rows evaluated
 * @param scored       predictions compared with a target: {@code examples}, or for {@code --output sequence} the
 *                     real steps of all examples
 * @param loss         the training objective on these examples, in normalised units (the quantity of
 *                     {@code loss.csv}'s {@code val_loss}); for classification the mean cross-entropy of the
 *                     examples whose class training knew
 * @param regression   regression metrics, or {@code null}
 * @param classification classification metrics, or {@code null}
 */
public record EvalReport(String task, String lossName, int examples, long scored, double loss,
                         Regression regression, Classification classification) {

    /**
     * Errors in the target's units.
     *
     * @param mse  mean squared error
     * @param rmse √mse
     * @param mae  mean absolute error
     * @param r2   1 − SSE/SST, SST about the mean of these targets (NaN when the targets are constant); over
     *             several targets the mean of the per-target values
     */
    public record Errors(double mse, double rmse, double mae, double r2) {
    }

    /**
     * A naive predictor scored on the same examples.
     *
     * @param name        {@code last_value}, {@code seasonal_naive} or {@code mean}
     * @param description what it predicts
     * @param loss        the training objective of its predictions, in normalised units
     * @param errors      its errors in the target's units
     */
    public record Baseline(String name, String description, double loss, Errors errors) {
    }

    /**
     * @param model     the model's errors over all targets (pooled: MSE and MAE over every target value)
     * @param perTarget the model's errors per target column, in target order
     * @param baselines last value and seasonal naive (window layout, when the target is an input; see
     *                  {@link Baselines}) and mean of the training targets
     * @param baselineNote why a naive baseline is left out (no seasonal period, …), or {@code null}
     * @param perStep   a path 1..H: the model's errors at each step (pooled over targets), steps 1..H in order;
     *                  empty for one step
     */
    public record Regression(Errors model, Map<String, Errors> perTarget, List<Baseline> baselines,
                             String baselineNote, List<Errors> perStep) {
    }

    /**
     * A naive classifier scored on the same examples ({@link Baselines#majority}).
     *
     * @param name        {@code majority}
     * @param description what it predicts
     * @param predicted   the class it predicts
     * @param accuracy    the fraction of scored labels it gets right
     * @param logLoss     the mean −log of the training class frequency of each scored label (labels training never
     *                    saw left out); NaN when undefined (a scored label with no training example)
     */
    public record ClassBaseline(String name, String description, String predicted, double accuracy, double logLoss) {
    }

    /**
     * @param classes       the model's classes (class-index order)
     * @param unseenClasses labels in the data that training never saw, in order of appearance
     * @param confusion     counts [true class][predicted class]: rows are {@code classes} then
     *                      {@code unseenClasses}, columns {@code classes}
     * @param total         examples (or steps) scored
     * @param correct       predicted label = true label (never for an unseen class)
     * @param accuracy      correct / total
     * @param macroF1       the mean F1 over every label that occurs as a true or predicted label (unseen labels
     *                      included, with F1 0), as scikit-learn's {@code f1_score(average="macro")}
     * @param logLoss       mean −log p(true class) over the examples whose class training knew
     * @param unseen        examples (or steps) whose label training never saw
     */
    public record Classification(List<String> classes, List<String> unseenClasses, long[][] confusion, long total,
                                 long correct, double accuracy, double macroF1, double logLoss, long unseen) {
    }
}
