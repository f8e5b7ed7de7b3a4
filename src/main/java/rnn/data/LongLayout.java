package rnn.data;

/**
 * Each id's rows form one sequence, ordered by the time column when there is one (ids need not be contiguous);
 * the target is on the sequence's last row or on each row. Validation: the default rule of {@link Layout#split}, a seeded random fraction of the
 * sequences, stratified by class for class labels.
 */
final class LongLayout extends NamedLayout {

    LongLayout() {
        super("long", "sequence");
    }

    @Override
    public LayoutShape shape(DataOptions options) {
        return LayoutShape.NONE;
    }

    @Override
    public String describe(InputContract c, LoadReport r) {
        ExampleCounts n = r.counts();
        String steps = n.minSteps() == n.maxSteps() ? DataSchema.plural(n.maxSteps(), "step") + " each"
                : n.minSteps() + " to " + n.maxSteps() + " steps";
        return "layout: long, " + DataSchema.plural(n.series(), "sequence") + DataSchema.byId(c)
                + DataSchema.orderedBy(c) + " (" + steps + ")";
    }

    /** Groups by id (first-seen order) and sorts each sequence by time (a repeated time is an error). */
    @Override
    public SeriesIndex index(CsvTable t) {
        return t.ids == null ? SeriesIndex.single(t) : SeriesIndex.byId(t).sortByTime(t);
    }

    @Override
    public Examples examples(CsvTable t, SeriesIndex index, LayoutShape shape) {
        return Examples.sequences(index);
    }

    @Override
    public boolean requiresId() {
        return true;
    }
}
