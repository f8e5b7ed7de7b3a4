package rnn.data;

/**
 * Each row is one sequence of T steps: its feature columns are T×I values, step-major (feature i at step t is
 * feature column t·I + i), its target the target column(s) (for a target at every step: T×O columns, step-major).
 * Validation: the default rule of {@link Layout#split}, a seeded random fraction of the rows, stratified by class for class labels.
 */
final class WideLayout extends NamedLayout {

    WideLayout() {
        super("wide", "row");
    }

    @Override
    public LayoutShape shape(DataOptions options) {
        return LayoutShape.steps(options.steps());
    }

    @Override
    public int targetColumn(int t, int o, int outputs, boolean perStep) {
        return perStep ? t * outputs + o : o;
    }

    @Override
    public String describe(InputContract c, LoadReport r) {
        return "layout: wide, " + DataSchema.plural(r.counts().series(), "row") + ", each a sequence of "
                + c.shape().steps() + " steps of " + c.inputs() + (c.inputs() == 1 ? " feature" : " features");
    }

    @Override
    public String featureNote(InputContract c) {
        return " (" + c.inputs() + " per step)";
    }

    /** One series in file order: each row is a sequence of its own. */
    @Override
    public SeriesIndex index(CsvTable t) {
        return SeriesIndex.single(t);
    }

    @Override
    public void fillForward(CsvTable t, SeriesIndex index, LayoutShape shape, TargetMode mode) {
        SeriesIndex.fillAcrossSteps(t, shape.steps(), mode);
    }

    @Override
    public Examples examples(CsvTable t, SeriesIndex index, LayoutShape shape) {
        return Examples.rows(t, shape.steps());
    }

    @Override
    public boolean stepsInColumns() {
        return true;
    }
}
