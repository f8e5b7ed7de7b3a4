package rnn.use;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

import rnn.data.Batch;
import rnn.data.InputContract;
import rnn.data.Dataset;
import rnn.data.TargetMode;
import rnn.data.TargetUnits;

/**
 * Writes predictions as CSV (comma-separated, RFC 4180 quoting where needed, "\n" line ends), one row per
 * example ({@code --output last}) or per real step of each example ({@code --output sequence}), batch by batch.
 *
 * <p>Columns, in this order:
 * <ul>
 * <li>the id column of the schema (by its name), when the model has one;</li>
 * <li>{@code example}, {@code step} (1-based) for {@code --output sequence} models: the window, sequence or row
 * in file order, and the step within it;</li>
 * <li>the time column of the schema (by its name), when the model has one: the time of the target row;</li>
 * <li>{@code line}: the 1-based physical line of the file holding the target row (the header is line 1); empty
 * for a forecast whose target row lies beyond the end of the file (the last windows of a series);</li>
 * <li>regression: {@code pred_<target>} per target, in the target's units (de-normalised with the training
 * statistics, a delta added back and the target transform inverted: {@link TargetUnits}); classification: {@code pred_<target>} the predicted label, then {@code prob_<label>} per class
 * (softmax probabilities, in class-index order).</li>
 * </ul>
 * Numbers are written by {@link Double#toString} (the shortest text that reads back as the same double).
 */
public final class PredictionWriter {

    private final Writer out;
    private final InputContract schema;
    private final Dataset data;
    private final boolean sequence;
    private final int outputs;
    private final double[] prob;
    /** Regression: the predictions in the target's units (scaling, delta and transform undone); else null. */
    private final TargetUnits units;
    private final StringBuilder row = new StringBuilder(256);
    private long rows;

    /** @param out receives the text; the caller flushes and closes it */
    public PredictionWriter(Writer out, InputContract schema, Dataset data) {
        this.out = out;
        this.schema = schema;
        this.data = data;
        this.sequence = schema.output() == TargetMode.SEQUENCE;
        this.outputs = schema.outputs();
        this.prob = new double[outputs];
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
        h.add("line");
        if (schema.classification()) {
            h.add("pred_" + schema.targets().get(0));
            for (String c : schema.classes()) {
                h.add("prob_" + c);
            }
        } else {
            for (int o = 0; o < schema.outputs(); o++) {
                h.add("pred_" + schema.targets().get(o));
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
                    writeRow(k, t, pred, (t * bSize + b) * outputs);
                }
            } else {
                writeRow(k, steps - 1, pred, b * outputs);
            }
        }
    }

    /** Rows written so far (without the header). */
    public long rows() {
        return rows;
    }

    private void writeRow(int k, int t, double[] pred, int off) throws IOException {
        row.setLength(0);
        if (data.isText()) {
            writeTokenRow(k, t, pred, off);
            return;
        }
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
            String time = data.time(k, t);
            field(comma, time == null ? "" : time);
            comma = true;
        }
        int line = data.line(k, t);
        separator(comma);
        if (line > 0) {
            row.append(line);
        }
        if (schema.classification()) {
            Predictor.softmax(pred, off, outputs, prob);
            field(true, schema.classes().get(Predictor.argmax(pred, off, outputs)));
            for (int j = 0; j < outputs; j++) {
                row.append(',').append(prob[j]);
            }
        } else {
            for (int o = 0; o < outputs; o++) {
                row.append(',').append(units.predicted(off + o));
            }
        }
        out.append(row).append('\n');
        rows++;
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
