package rnn.data;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The model's input contract: everything {@code rnn predict} and {@code rnn eval} need to read new data exactly
 * as training read its file. Stored in checkpoints and config.json beside the {@link LoadReport} (see
 * {@link DataSchema} for the JSON forms).
 *
 * @param layout  the layout
 * @param shape   the layout's parameters (W, H, S; T; none)
 * @param columns the feature, target, id and time columns by name
 * @param inputs  I, features per step
 * @param outputs O, model outputs (regression: target values per step, × H for a path 1..H, step-major;
 *                classification: classes)
 * @param output  where the target is read
 * @param classes the class labels, empty for regression; the index of a label is its class index (sorted:
 *                numerically when all are integers, else by {@link String#compareTo})
 * @param scaling the normalisation and its statistics
 * @param missing the missing-value policy
 * @param categorical the categorical input columns in header order, each with its sorted levels (empty in a
 *                contract written before they existed): the model's inputs per step are the {@code inputs}
 *                numeric features, then one level index per categorical column ({@link #modelInputs()})
 * @param missingTarget what a missing target does ({@code null}, in a contract written before it existed: the
 *                default for {@code missing}, {@link MissingTargetPolicy#byDefault})
 * @param transform the transform applied to each target series before scaling and inverted on predictions
 *                ({@code null}, in a contract written before it existed: {@link TargetTransforms#NONE}); a target
 *                that is also a feature is read transformed as a feature too
 * @param targetMode what the model outputs: the (transformed, scaled) target or its change from the target on the
 *                row it predicts from ({@code null}, in a contract written before it existed: {@link TargetForm#LEVEL})
 */
public record InputContract(Layout layout, LayoutShape shape, ColumnRoles columns, int inputs, int outputs,
        TargetMode output, List<String> classes, Scaling scaling, MissingPolicy missing,
        List<CategoricalColumn> categorical, MissingTargetPolicy missingTarget, TargetTransforms transform,
        TargetForm targetMode) {

    /** A contract of a target read as it is (no transform, the level). */
    public InputContract(Layout layout, LayoutShape shape, ColumnRoles columns, int inputs, int outputs,
            TargetMode output, List<String> classes, Scaling scaling, MissingPolicy missing,
            List<CategoricalColumn> categorical, MissingTargetPolicy missingTarget) {
        this(layout, shape, columns, inputs, outputs, output, classes, scaling, missing, categorical, missingTarget,
                null, null);
    }

    /** A contract with the default missing-target policy for {@code missing}. */
    public InputContract(Layout layout, LayoutShape shape, ColumnRoles columns, int inputs, int outputs,
            TargetMode output, List<String> classes, Scaling scaling, MissingPolicy missing,
            List<CategoricalColumn> categorical) {
        this(layout, shape, columns, inputs, outputs, output, classes, scaling, missing, categorical, null);
    }

    /** A contract without categorical columns. */
    public InputContract(Layout layout, LayoutShape shape, ColumnRoles columns, int inputs, int outputs,
            TargetMode output, List<String> classes, Scaling scaling, MissingPolicy missing) {
        this(layout, shape, columns, inputs, outputs, output, classes, scaling, missing, List.of());
    }

    public InputContract {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(missing, "missing");
        classes = List.copyOf(classes);
        categorical = categorical == null ? List.of() : List.copyOf(categorical);
        missingTarget = missingTarget == null ? MissingTargetPolicy.byDefault(missing) : missingTarget;
        transform = transform == null ? TargetTransforms.NONE : transform;
        targetMode = targetMode == null ? TargetForm.LEVEL : targetMode;
    }

    /** This contract with another missing-target policy. */
    InputContract withMissingTarget(MissingTargetPolicy policy) {
        return new InputContract(layout, shape, columns, inputs, outputs, output, classes, scaling, missing,
                categorical, policy, transform, targetMode);
    }

    /** This contract with other scaling statistics. */
    InputContract withScaling(Scaling newScaling) {
        return new InputContract(layout, shape, columns, inputs, outputs, output, classes, newScaling, missing,
                categorical, missingTarget, transform, targetMode);
    }

    /** This contract with another target transform and target mode (tests of stored values). */
    public InputContract withTarget(TargetTransforms newTransform, TargetForm newMode) {
        return new InputContract(layout, shape, columns, inputs, outputs, output, classes, scaling, missing,
                categorical, missingTarget, newTransform, newMode);
    }

    /**
     * Whether reading this model's data needs the target's own levels besides the inputs: a difference to invert,
     * a change to add back ({@link TargetForm#DELTA}); then the target is among the features (checked on load).
     */
    public boolean readsTargetHistory() {
        return transform.differences() || targetMode == TargetForm.DELTA;
    }

    /**
     * Values per step the model reads: the {@link #inputs()} numeric features, then each categorical column's level
     * index (0 = {@code <unk>}).
     */
    public int modelInputs() {
        return inputs + categorical.size();
    }

    /** Whether the target holds class labels. */
    public boolean classification() {
        return !classes.isEmpty();
    }

    public List<String> features() {
        return columns.features();
    }

    public List<String> targets() {
        return columns.targets();
    }

    /** The id column, or {@code null}. */
    public String id() {
        return columns.id();
    }

    /** The time column, or {@code null}. */
    public String time() {
        return columns.time();
    }

    public Normalization normalize() {
        return scaling.normalize();
    }

    /** Statistics of target column o (to de-normalise predictions), for regression. */
    public ColumnStats targetStats(int o) {
        return scaling.targetStats().get(o);
    }

    /**
     * The statistics that de-normalise output o at step t: per target column (steps in columns with a target at
     * every step: step t's columns), as the layout maps them.
     */
    public ColumnStats outputStats(int t, int o) {
        return targetStats(layout.targetColumn(t, targetOfOutput(o), outputs / shape.targetSteps(),
                output == TargetMode.SEQUENCE));
    }

    /**
     * Target steps per example: H for a path 1..H (the outputs are step-major: output (h − 1)·O + o is target o at
     * step h), else 1.
     */
    public int targetSteps() {
        return shape.targetSteps();
    }

    /** The target (index into {@link #targets()}, for regression) that output o predicts: o mod O on a path. */
    public int targetOfOutput(int o) {
        return o % (outputs / shape.targetSteps());
    }

    /** The step (1..H) that output o predicts on a path 1..H; for one step H, H. */
    public int stepOfOutput(int o) {
        return shape.firstStep() + o / (outputs / shape.targetSteps());
    }

    /** This contract as JSON (the form {@link #fromJson} reads). */
    public ObjectNode toJson() {
        return DataSchema.JSON.valueToTree(this);
    }

    /**
     * A contract read from {@link #toJson()}, or from a data schema of format 1 (the flat object of release 1,
     * whose keys hold the contract's values under the same names).
     *
     * @throws IllegalArgumentException when the tree is neither
     */
    public static InputContract fromJson(JsonNode node) {
        return DataSchema.read(node, InputContract.class, "an input contract", "columns", "shape", "columns",
                "scaling");
    }
}
