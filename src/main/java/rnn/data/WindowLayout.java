package rnn.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import rnn.random.Rng;

/**
 * Rows are consecutive time steps of one series, or of several with an id column; an example is a window of W
 * rows whose target lies H rows after the window's last row (DESIGN §3). Windows start every S rows and never
 * span a dropped row. Validation: the last fraction of each series' windows, in time order.
 */
final class WindowLayout extends NamedLayout {

    private static final Logger LOG = LogManager.getLogger(WindowLayout.class);
    /** How many ids the warning about skipped series lists before "…". */
    private static final int LISTED_IDS = 5;

    WindowLayout() {
        super("window", "window");
    }

    @Override
    public LayoutShape shape(DataOptions options) {
        return LayoutShape.windows(options.window(), Horizon.of(options), options.stride());
    }

    @Override
    public int targetOffset(LayoutShape shape) {
        return shape.horizon();
    }

    @Override
    public String describe(InputContract c, LoadReport r) {
        return String.format(Locale.ROOT, "layout: window, %s%s%s; window %d, horizon %s, stride %d: %s",
                DataSchema.plural(r.counts().series(), "series"), DataSchema.byId(c), DataSchema.orderedBy(c),
                c.shape().window(), new Horizon(c.shape().horizonFrom(), c.shape().horizon()), c.shape().stride(),
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
     * Every window whose W input rows are in the file (every S rows; for a path 1..H every row); with targets, only
     * those whose target rows are too. A series shorter than that is skipped with a warning; when every series is,
     * the error names the model's window.
     */
    @Override
    public Examples examplesForModel(CsvTable t, SeriesIndex index, LayoutShape shape, boolean withTargets) {
        int window = shape.window();
        int horizon = shape.horizon();
        long span = (withTargets ? (long) window + horizon : window) + t.warmup;
        String need = "at least " + span + " rows (the model's window of " + window
                + (withTargets ? " + horizon " + horizon : "") + (t.warmup == 0 ? "" : " + the " + t.warmup
                + " its --transform leaves without a value") + ")";
        String skipped = skippedSeries(t, index, span, need);
        if (skipped == null) {
            for (int s = 0; s < index.count(); s++) {
                if (index.length(s) < span) {
                    String got = index.length(s) + (t.droppedRows > 0 ? " (after dropping rows with missing values)"
                            : "");
                    if (t.ids == null) {
                        throw DataException.file(t.file, need, got, "add rows");
                    }
                    throw DataException.data(t.where(index.rowAt(index.start[s])) + " (series "
                            + DataException.quote(t.idNames.get(s)) + "): expected " + need + ", got " + got
                            + "; add rows to the series");
                }
            }
        } else {
            LOG.warn(skipped);
        }
        // a path model's prediction reads every window (stride 1), so that the one ending each series, whose path
        // lies past the end of the file, is always among them
        int stride = !withTargets && shape.path() ? 1 : shape.stride();
        return Examples.windows(t, index, window, withTargets ? horizon : 0, stride);
    }

    /**
     * The windows the series would have with their dropped rows back (floor((N − W − H) / S) + 1 each), less
     * {@code examples}.
     */
    @Override
    public long examplesLost(CsvTable t, SeriesIndex index, LayoutShape shape, int examples) {
        if (t.droppedRows == 0) {
            return 0;
        }
        long span = (long) shape.window() + shape.horizon() + t.warmup;
        long full = 0;
        for (int s = 0; s < index.count(); s++) {
            long n = index.length(s) + t.droppedById.getOrDefault(t.ids == null ? "" : t.idNames.get(s), 0);
            full += n < span ? 0 : (n - span) / shape.stride() + 1;
        }
        return Math.max(0, full - examples);
    }

    @Override
    public String skippedNote(CsvTable t, SeriesIndex index, LayoutShape shape) {
        long span = (long) shape.window() + shape.horizon() + t.warmup;
        return skippedSeries(t, index, span, "one window of --window " + shape.window() + " + --horizon "
                + shape.horizon() + (t.warmup == 0 ? "" : " + " + t.warmup + " (the rows --transform leaves without a "
                + "value)") + " = " + span + " rows");
    }

    /**
     * The one warning for the series (of several, by id) too short for {@code span} rows while another is long
     * enough: their count and first ids; {@code null} when none is skipped, or when every series is too short (an
     * error, not a warning).
     */
    static String skippedSeries(CsvTable t, SeriesIndex index, long span, String need) {
        if (t.ids == null) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        for (int s = 0; s < index.count(); s++) {
            if (index.length(s) < span) {
                ids.add(DataException.quote(t.idNames.get(s)));
            }
        }
        if (ids.isEmpty() || ids.size() == index.count()) {
            return null;
        }
        String shown = String.join(", ", ids.subList(0, Math.min(ids.size(), LISTED_IDS)))
                + (ids.size() > LISTED_IDS ? ", …" : "");
        return DataSchema.plural(ids.size(), "series") + " of " + index.count() + " skipped, shorter than " + need
                + (t.droppedRows > 0 ? " after dropping rows" : "") + ": " + shown
                + "; lower --window or --horizon, or add rows, to use them";
    }

    @Override
    public Examples[] split(Examples all, double valSplit, Rng rng, int[] classOf, int classes, String file) {
        return all.splitLastInTime(valSplit, file);
    }
}
