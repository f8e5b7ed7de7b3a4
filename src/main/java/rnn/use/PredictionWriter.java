package rnn.use;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import rnn.data.Batch;
import rnn.data.InputContract;
import rnn.data.Dataset;
import rnn.data.TargetMode;
import rnn.data.TargetUnits;

/**
 * Writes predictions as CSV (comma-separated, RFC 4180 quoting where needed, "\n" line ends), one row per
 * example ({@code --output last}) or per real step of each example ({@code --output sequence}), batch by batch;
 * a model of a path 1..H ({@code --horizon 1..H}) writes each series' forecast path as H rows instead of one.
 *
 * <p>Columns, in this order:
 * <ul>
 * <li>the id column of the schema (by its name), when the model has one;</li>
 * <li>{@code example}, {@code step} (1-based) for {@code --output sequence} models: the window, sequence or row
 * in file order, and the step within it;</li>
 * <li>the time column of the schema (by its name), when the model has one: the time of the target row; for a
 * row past the end of the file, the time that many steps after the series' last row when its times have a
 * regular step ({@link rnn.data.TimeStep}), else empty (with one warning per series);</li>
 * <li>{@code step_ahead} for a path model: 1..H, the step after the window's last row;</li>
 * <li>{@code line}: the 1-based physical line of the file holding the target row (the header is line 1); empty
 * for a forecast whose target row lies beyond the end of the file (the last windows of a series);</li>
 * <li>regression: {@code pred_<target>} per target, in the target's units (de-normalised with the training
 * statistics, a delta added back and the target transform inverted: {@link TargetUnits}), then
 * {@code actual_<target>} per target: the value in the file on the target row, empty where it
 * is not known (past the end of the file, a file without the target column, a cell that is not a number);
 * classification: {@code pred_<target>} the predicted label, then {@code prob_<label>} per class (softmax
 * probabilities, in class-index order).</li>
 * </ul>
 * A path model's rows: one per window whose first step lies in the file ({@code step_ahead} 1, the 1-step-ahead
 * prediction), and for the window that ends each series its whole path, {@code step_ahead} 1..H, past the end of
 * the file. Numbers are written by {@link Double#toString} (the shortest text that reads back as the same double).
 */
public final class PredictionWriter {

    private static final Logger LOG = LogManager.getLogger(PredictionWriter.class);

    private final Writer out;
    private final InputContract schema;
    private final Dataset data;
    private final boolean sequence;
    private final int outputs;
    /** O: targets per step (regression), classes (classification). */
    private final int targets;
    /** H for a path model ({@code --horizon 1..H}), else 1. */
    private final int pathSteps;
    private final double[] prob;
    /** The de-normalised predictions of one row, or a path's H·O (step-major). */
    private final double[] values;
    /** Regression: the predictions in the target's units (scaling, delta and transform undone); else null. */
    private final TargetUnits units;
    /** Series whose irregular times were reported. */
    private final Set<Integer> warned = new HashSet<>();
    private final StringBuilder row = new StringBuilder(256);
    private long rows;

    /** @param out receives the text; the caller flushes and closes it */
    public PredictionWriter(Writer out, InputContract schema, Dataset data) {
        this.out = out;
        this.schema = schema;
        this.data = data;
        this.sequence = schema.output() == TargetMode.SEQUENCE;
        this.outputs = schema.outputs();
        this.pathSteps = schema.classification() ? 1 : schema.targetSteps();
        this.targets = outputs / pathSteps;
        this.prob = new double[outputs];
        this.values = new double[outputs];
        this.units = schema.classification() || data.isText() ? null : data.targetUnits(schema);
    }

    /** The column names. */
    public static List<String> header(InputContract schema) {
        if (schema.layout().readsText()) {
            return List.of("position", "token", "log_prob", "top_token");
        }
        List<String> h = new ArrayList<>();
        if (schema.id() != null) {
            h.add(schema.id());
        }
        if (schema.output() == TargetMode.SEQUENCE) {
            h.add("example");
            h.add("step");
        }
        if (schema.time() != null) {
            h.add(schema.time());
        }
        if (!schema.classification() && schema.targetSteps() > 1) {
            h.add("step_ahead");
        }
        h.add("line");
        if (schema.classification()) {
            h.add("pred_" + schema.targets().get(0));
            for (String c : schema.classes()) {
                h.add("prob_" + c);
            }
        } else {
            int perRow = schema.outputs() / schema.targetSteps(); // the targets of one row (wide sequence: of step 1)
            for (int o = 0; o < perRow; o++) {
                h.add("pred_" + schema.targets().get(o));
            }
            for (int o = 0; o < perRow; o++) {
                h.add("actual_" + schema.targets().get(o));
            }
        }
        return h;
    }

    public void writeHeader() throws IOException {
        row.setLength(0);
        List<String> h = header(schema);
        for (int i = 0; i < h.size(); i++) {
            field(i > 0, h.get(i));
        }
        out.append(row).append('\n');
    }

    /**
     * Writes the rows of one batch.
     *
     * @param pred the batch's predictions as {@link Predictor.BatchConsumer#accept} receives them; not modified
     */
    public void write(Batch batch, double[] pred) throws IOException {
        int bSize = batch.size();
        if (units != null) {
            units.decode(batch, pred);
        }
        for (int b = 0; b < bSize; b++) {
            int k = batch.example(b);
            int steps = data.steps(k);
            if (sequence) {
                for (int t = 0; t < steps; t++) {
                    writeRow(k, t, 0, pred, (t * bSize + b) * outputs);
                }
            } else if (pathSteps > 1 && data.endsSeries(k)) {
                writePath(k, steps - 1, forecastPath(k, pred, b * outputs));
            } else {
                writeRow(k, steps - 1, 0, pred, b * outputs);
            }
        }
    }

    /**
     * The forecast path of the window k that ends its series, in the targets' units: {@code values[j·O + o]} is
     * target o at step j + 1 after the series' last row (valid until the next call). The one place a path's
     * predictions pass as a whole, series by series: where an inverse transform of consecutive steps belongs.
     *
     * @param pred the batch's predictions; not modified
     * @param off  where window k's H·O outputs start
     */
    double[] forecastPath(int k, double[] pred, int off) {
        for (int i = 0; i < outputs; i++) {
            values[i] = units.predicted(off + i);
        }
        return values;
    }

    /** Rows written so far (without the header). */
    public long rows() {
        return rows;
    }

    /** The H rows of a path (window k ends its series): step_ahead 1..H, future times, no line, no actual value. */
    private void writePath(int k, int t, double[] path) throws IOException {
        for (int j = 0; j < pathSteps; j++) {
            startRow(k, t, j);
            for (int o = 0; o < targets; o++) {
                row.append(',').append(path[j * targets + o]);
            }
            endRow(k, t, j);
        }
    }

    /** One row: step t of example k, its first target step (a path model: step_ahead 1). */
    private void writeRow(int k, int t, int j, double[] pred, int off) throws IOException {
        row.setLength(0);
        if (data.isText()) {
            writeTokenRow(k, t, pred, off);
            return;
        }
        startRow(k, t, j);
        if (schema.classification()) {
            Predictor.softmax(pred, off, outputs, prob);
            field(true, schema.classes().get(Predictor.argmax(pred, off, outputs)));
            for (int c = 0; c < outputs; c++) {
                row.append(',').append(prob[c]);
            }
            out.append(row).append('\n');
            rows++;
            return;
        }
        for (int o = 0; o < targets; o++) {
            row.append(',').append(units.predicted(off + o));
        }
        endRow(k, t, j);
    }

    /** The columns before the predictions: id, example and step, time, step_ahead, line. */
    private void startRow(int k, int t, int j) {
        row.setLength(0);
        boolean comma = false;
        if (schema.id() != null) {
            field(false, data.sequenceId(k));
            comma = true;
        }
        if (sequence) {
            separator(comma);
            row.append(k + 1).append(',').append(t + 1);
            comma = true;
        }
        if (schema.time() != null) {
            String time = data.stepTime(k, t, j);
            if (time == null && data.stepsPastEnd(k, t, j) > 0) {
                warnIrregular(data.series(k));
            }
            field(comma, time == null ? "" : time);
            comma = true;
        }
        if (pathSteps > 1) {
            separator(comma);
            row.append(j + 1);
            comma = true;
        }
        int line = data.line(k, t);
        separator(comma);
        if (line > 0) { // never on a path row: the path window's first step lies past the end
            row.append(line);
        }
    }

    /** The actual values (regression) and the line end. */
    private void endRow(int k, int t, int j) throws IOException {
        for (int o = 0; o < targets; o++) {
            double actual = data.actual(k, t, j, o);
            row.append(',');
            if (!Double.isNaN(actual)) {
                row.append(actual);
            }
        }
        out.append(row).append('\n');
        rows++;
    }

    /** One warning per series whose forecast rows get no time: its times have no regular step. */
    private void warnIrregular(int s) {
        if (warned.add(s)) {
            String id = data.seriesId(s);
            LOG.warn("{}{}: the time column \"{}\" has no regular step (daily, weekly, monthly, quarterly, yearly or"
                    + " a constant number); the forecast rows past the end of the file have an empty time",
                    data.file(), id.isEmpty() ? "" : " (series \"" + id + "\")", schema.time());
        }
    }

    /**
     * A text model's row for the token predicted at step t of window k: its position in the file (0-based), the
     * token, its natural log-probability under the model (a surprise score: the lower, the more surprising) and the
     * model's most probable token there.
     */
    private void writeTokenRow(int k, int t, double[] pred, int off) throws IOException {
        int target = (int) data.target(k, t, 0);
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < outputs; j++) {
            max = Math.max(max, pred[off + j]);
        }
        double z = 0;
        for (int j = 0; j < outputs; j++) {
            z += Math.exp(pred[off + j] - max);
        }
        row.append(data.line(k, t));
        field(true, data.className(target));
        row.append(',').append(pred[off + target] - max - Math.log(z));
        field(true, data.className(Predictor.argmax(pred, off, outputs)));
        out.append(row).append('\n');
        rows++;
    }

    private void separator(boolean comma) {
        if (comma) {
            row.append(',');
        }
    }

    /** A text field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
    private void field(boolean comma, String v) {
        separator(comma);
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0
                || (!v.isEmpty() && (v.charAt(0) == ' ' || v.charAt(v.length() - 1) == ' '));
        if (!quote) {
            row.append(v);
            return;
        }
        row.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                row.append('"');
            }
            row.append(c);
        }
        row.append('"');
    }
}
