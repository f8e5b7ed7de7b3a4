package rnn.data;

import rnn.random.Rng;

/**
 * Each id's rows form one sequence, ordered by the time column when there is one (ids need not be contiguous);
 * the target is on the sequence's last row or on each row. Validation: a seeded random fraction of the
 * sequences, stratified by class for class labels.
 */
final class LongLayout implements Layout {

    @Override
    public String cliName() {
        return "long";
    }

    @Override
    public String exampleNoun() {
        return "sequence";
    }

    @Override
    public boolean requiresId() {
        return true;
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

    @Override
    public String validationRule(double valSplit, boolean classification) {
        return Layouts.randomRule(valSplit, classification);
    }

    /** Groups by id (first-seen order) and sorts each sequence by time (a repeated time is an error). */
    @Override
    public SeriesIndex index(CsvTable t) {
        if (t.ids == null) {
            return SeriesIndex.single(t);
        }
        SeriesIndex index = SeriesIndex.byId(t);
        if (t.times != null) {
            index.sortByTime(t);
        }
        return index;
    }

    @Override
    public void fillForward(CsvTable t, SeriesIndex index, LayoutShape shape, TargetMode mode) {
        index.fillForward(t);
    }

    @Override
    public Examples examples(CsvTable t, SeriesIndex index, LayoutShape shape) {
        return Examples.sequences(index);
    }

    @Override
    public Examples[] split(Examples all, double valSplit, Rng rng, int[] classOf, int classes, String file) {
        return all.splitRandom(valSplit, rng, classOf, classes, file, exampleNoun());
    }
}
