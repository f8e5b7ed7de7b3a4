package rnn.data;

import java.util.Locale;

import rnn.random.Rng;

/**
 * Rows are consecutive time steps of one series, or of several with an id column; an example is a window of W
 * rows whose target lies H rows after the window's last row (DESIGN §3). Windows start every S rows and never
 * span a dropped row. Validation: the last fraction of each series' windows, in time order.
 */
final class WindowLayout extends NamedLayout {

    WindowLayout() {
        super("window", "window");
    }

    @Override
    public LayoutShape shape(DataOptions options) {
        return LayoutShape.windows(options.window(), options.horizon(), options.stride());
    }

    @Override
    public int targetOffset(LayoutShape shape) {
        return shape.horizon();
    }

    @Override
    public String describe(InputContract c, LoadReport r) {
        return String.format(Locale.ROOT, "layout: window, %s%s%s; window %d, horizon %d, stride %d: %s",
                DataSchema.plural(r.counts().series(), "series"), DataSchema.byId(c), DataSchema.orderedBy(c),
                c.shape().window(), c.shape().horizon(), c.shape().stride(),
                DataSchema.plural(r.counts().examples(), "window"));
    }

    @Override
    public String featureNote(InputContract c) {
        return c.columns().features().equals(c.columns().targets()) ? " (the target series' own past)" : "";
    }

    @Override
    public String validationRule(double valSplit, boolean classification) {
        return "validation = the last " + DataSchema.percent(valSplit) + " of each series' windows";
    }

    @Override
    public boolean targetFollowsInputs() {
        return true;
    }

    /** Groups by id (first-seen order) and requires the rows of each series in increasing time. */
    @Override
    public SeriesIndex index(CsvTable t) {
        return SeriesIndex.byId(t).checkIncreasing(t);
    }

    @Override
    public Examples examples(CsvTable t, SeriesIndex index, LayoutShape shape) {
        return Examples.windows(t, index, shape.window(), shape.horizon(), shape.stride());
    }

    /**
     * Every window whose W input rows are in the file; with targets, only those whose target row is too. A series
     * shorter than that is an error naming the model's window.
     */
    @Override
    public Examples examplesForModel(CsvTable t, SeriesIndex index, LayoutShape shape, boolean withTargets) {
        int window = shape.window();
        int horizon = shape.horizon();
        long span = withTargets ? (long) window + horizon : window;
        for (int s = 0; s < index.count(); s++) {
            if (index.length(s) < span) {
                String got = index.length(s) + (t.droppedRows > 0 ? " (after dropping rows with missing values)"
                        : "");
                String need = "at least " + span + " rows (the model's window of " + window
                        + (withTargets ? " + horizon " + horizon : "") + ")";
                if (t.ids == null) {
                    throw DataException.file(t.file, need, got, "add rows");
                }
                int first = t.line(index.rowAt(index.start[s]));
                throw DataException.data(t.file + ":" + first + " (series " + DataException.quote(t.idNames.get(s))
                        + "): expected " + need + ", got " + got + "; add rows to the series");
            }
        }
        return Examples.windows(t, index, window, withTargets ? horizon : 0, shape.stride());
    }

    @Override
    public Examples[] split(Examples all, double valSplit, Rng rng, int[] classOf, int classes, String file) {
        return all.splitLastInTime(valSplit, file);
    }
}
