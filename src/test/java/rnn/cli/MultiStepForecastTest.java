package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.data.Batch;
import rnn.data.BatchIterator;
import rnn.data.DataLoader;
import rnn.data.Dataset;
import rnn.data.InputContract;
import rnn.io.Checkpoint;
import rnn.nn.SequenceInput;

/**
 * Issue 12 item 1 from the command line: {@code --horizon 1..H} trains one model of H outputs per target; predict
 * writes each series' path past the end of the file with future times (the wiring of {@code TimeStep}, whose rules
 * {@code TimeStepTest} covers), {@code step_ahead} and {@code actual_<target>}; the bad flags; the recorded range.
 */
class MultiStepForecastTest {

    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private static final int WINDOW = 4;
    private static final int H = 3;
    private static final String HELP = " (see 'rnn train --help')";

    @TempDir
    static Path dir;
    /** A window model with an id column, horizon 1..3, trained on two series with a numeric time. */
    static UseFixture.Run path;
    /** The same with the default target mode (delta: each step's change from the window's last value). */
    static UseFixture.Run delta;

    @BeforeAll
    static void trainOnce() throws IOException {
        StringBuilder b = new StringBuilder("id,time,value\n");
        for (String id : List.of("a", "b")) {
            for (int r = 0; r < 30; r++) {
                b.append(id).append(',').append(r).append(',').append(fmt(value(r))).append('\n');
            }
        }
        Path data = Files.writeString(dir.resolve("train.csv"), b);
        path = UseFixture.train(data, dir.resolve("path"), "id", "id", "layout", "window", "time", "time", "target",
                "value", "features", "value", "window", "" + WINDOW, "horizon", "1.." + H, "hidden", "3", "epochs",
                "1", "val-split", "0.25", "target-mode", "level");
        delta = UseFixture.train(data, dir.resolve("delta"), "id", "id", "layout", "window", "time", "time", "target",
                "value", "features", "value", "window", "" + WINDOW, "horizon", "1.." + H, "hidden", "3", "epochs",
                "1", "val-split", "0.25");
    }

    static double value(int r) {
        return 10 + 3 * Math.sin(r * 0.7) + 0.1 * r;
    }

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4f", v);
    }

    /** A one-series file "id,time,value" of the given times, values {@link #value}. */
    static Path series(String name, List<String> times) throws IOException {
        StringBuilder b = new StringBuilder("id,time,value\n");
        for (int r = 0; r < times.size(); r++) {
            b.append("s,").append(times.get(r)).append(',').append(fmt(value(r))).append('\n');
        }
        return Files.writeString(dir.resolve(name), b);
    }

    static List<String> predict(Path data) {
        UseFixture.Output o = UseFixture.run("predict", "--quiet", "--model", path.dir().toString(), data.toString());
        assertEquals(0, o.code(), o.err());
        return o.out().lines().toList();
    }

    /**
     * Twelve rows, window 4, path 1..3: 9 windows; the 8 whose first step is in the file give one row each
     * (step_ahead 1, the line, time and actual value of that step's row), the 9th ends the series and gives its
     * path: 3 rows past the end with the future times, no line, no actual value.
     */
    private static void assertPath(List<String> times, String... future) throws IOException {
        List<String> rows = predict(series("times.csv", times));
        assertEquals("id,time,step_ahead,line,pred_value,actual_value", rows.get(0));
        assertEquals(1 + 8 + H, rows.size(), String.join("\n", rows));
        for (int k = 0; k < 8; k++) {
            String[] f = rows.get(1 + k).split(",", -1);
            int target = k + WINDOW; // the row after window k's last row
            assertEquals(List.of("s", times.get(target), "1", Integer.toString(target + 2)), List.of(f).subList(0, 4));
            assertEquals(Double.parseDouble(fmt(value(target))), Double.parseDouble(f[5]), 0.0, "actual_value");
        }
        for (int j = 0; j < H; j++) {
            String[] f = rows.get(9 + j).split(",", -1);
            assertEquals(List.of("s", future[j], Integer.toString(j + 1), ""), List.of(f).subList(0, 4), rows.get(9 + j));
            assertEquals("", f[5], "no actual value past the end");
        }
    }

    @Test
    void monthEndsContinueAsMonthEnds() throws IOException {
        List<String> t = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            t.add(java.time.YearMonth.of(2023, m).atEndOfMonth().toString());
        }
        assertPath(t, "2024-01-31", "2024-02-29", "2024-03-31");
    }

    @Test
    void quartersContinueAsQuarters() throws IOException {
        List<String> t = new ArrayList<>();
        for (int q = 0; q < 12; q++) {
            t.add((1959 + q / 4) + "Q" + (q % 4 + 1));
        }
        assertPath(t, "1962Q1", "1962Q2", "1962Q3");
    }

    @Test
    void yearsOfLastFebruaryDaysReachTheLeapDay() throws IOException {
        List<String> t = new ArrayList<>();
        for (int y = 2002; y <= 2013; y++) {
            t.add(java.time.YearMonth.of(y, 2).atEndOfMonth().toString());
        }
        assertPath(t, "2014-02-28", "2015-02-28", "2016-02-29");
    }

    @Test
    void daysCrossTheLeapDay() throws IOException {
        List<String> t = new ArrayList<>();
        for (int d = 0; d < 12; d++) {
            t.add(java.time.LocalDate.of(2024, 2, 16).plusDays(d).toString());
        }
        assertPath(t, "2024-02-28", "2024-02-29", "2024-03-01");
    }

    @Test
    void aNumericTimeContinuesByItsStepExactly() throws IOException {
        List<String> t = new ArrayList<>();
        for (int r = 0; r < 12; r++) {
            t.add(java.math.BigDecimal.valueOf(1 + 0.1 * r).stripTrailingZeros().toPlainString());
        }
        assertPath(t, "2.2", "2.3", "2.4");
    }

    /** Irregular times: the path rows have an empty time, and one warning names the series (once, not per row). */
    @Test
    void irregularTimesLeaveThePathUndatedWithOneWarningNamingTheSeries() throws IOException {
        StringBuilder b = new StringBuilder("id,time,value\n");
        int[] days = {1, 2, 4, 5, 9, 10, 11, 15, 16, 20};
        for (String id : List.of("even", "odd")) {
            for (int r = 0; r < days.length; r++) {
                int day = id.equals("even") ? r + 1 : days[r];
                b.append(id).append(",2024-01-").append(String.format("%02d", day)).append(',')
                        .append(fmt(value(r))).append('\n');
            }
        }
        Path data = Files.writeString(dir.resolve("irregular.csv"), b);
        try (LogCapture log = new LogCapture()) {
            List<String> rows = predict(data);
            List<String> odd = rows.stream().filter(r -> r.startsWith("odd,")).toList();
            for (int j = 0; j < H; j++) { // id, time (empty), step_ahead, line (empty)
                List<String> f = List.of(odd.get(odd.size() - H + j).split(",", -1));
                assertEquals(List.of("odd", "", Integer.toString(j + 1), ""), f.subList(0, 4));
            }
            List<String> even = rows.stream().filter(r -> r.startsWith("even,")).toList();
            assertTrue(even.get(even.size() - 1).startsWith("even,2024-01-13,3,,"), even.get(even.size() - 1));
            List<String> warnings = log.text().lines().filter(l -> l.startsWith("warn")).toList();
            assertEquals(List.of("warn: " + data + " (series \"odd\"): the time column \"time\" has no regular step "
                    + "(daily, weekly, monthly, quarterly, yearly or a constant number); the forecast rows past the "
                    + "end of the file have an empty time"), warnings);
        }
    }

    /**
     * The default target mode on a path: every step's output is a change from the window's last value, added back
     * before de-normalising (computed here from the model's raw outputs and the batch's inputs).
     */
    @Test
    void aDeltaPathAddsTheLastValueToEveryStep() throws IOException {
        List<String> t = new ArrayList<>();
        for (int r = 0; r < 12; r++) {
            t.add(Integer.toString(100 + r));
        }
        Path data = series("delta.csv", t);
        UseFixture.Output o = UseFixture.run("predict", "--quiet", "--model", delta.dir().toString(), data.toString());
        assertEquals(0, o.code(), o.err());
        List<String> rows = o.out().lines().toList();
        InputContract c = delta.data().contract();
        assertEquals(rnn.data.TargetForm.DELTA, c.targetMode());
        Dataset d = DataLoader.loadForModel(data, c, ',', DataLoader.Purpose.PREDICT);
        Batch batch = d.newBatch(64);
        d.batches(64, null).next(batch);
        double[] pred = delta.model().forward(new SequenceInput(batch.x(), 0, batch.mask(), 0, batch.size(),
                batch.steps(), batch.inputs()), false, false);
        int last = batch.size() - 1;
        double lastValue = batch.x()[((WINDOW - 1) * batch.size() + last) * batch.inputs()];
        double mean = c.targetStats(0).center();
        double sd = c.targetStats(0).scale();
        for (int j = 0; j < H; j++) {
            String[] f = rows.get(9 + j).split(",", -1);
            assertEquals((pred[last * H + j] + lastValue) * sd + mean, Double.parseDouble(f[4]), 1e-9,
                    "step " + (j + 1));
        }
    }

    /** The path rows hold the model's H outputs for the series' last window, de-normalised (computed here). */
    @Test
    void thePathIsTheModelsOutputsForTheLastWindow() throws IOException {
        List<String> t = new ArrayList<>();
        for (int r = 0; r < 12; r++) {
            t.add(Integer.toString(100 + r));
        }
        Path data = series("numbers.csv", t);
        List<String> rows = predict(data);
        InputContract c = path.data().contract();
        Dataset d = DataLoader.loadForModel(data, c, ',', DataLoader.Purpose.PREDICT);
        Batch batch = d.newBatch(64);
        BatchIterator it = d.batches(64, null);
        it.next(batch);
        double[] pred = path.model().forward(new SequenceInput(batch.x(), 0, batch.mask(), 0, batch.size(),
                batch.steps(), batch.inputs()), false, false);
        int last = batch.size() - 1;
        double mean = c.targetStats(0).center();
        double sd = c.targetStats(0).scale();
        for (int j = 0; j < H; j++) {
            String[] f = rows.get(9 + j).split(",", -1);
            assertEquals(Integer.toString(112 + j), f[1]);
            assertEquals(pred[last * H + j] * sd + mean, Double.parseDouble(f[4]), 1e-9, "step " + (j + 1));
        }
        for (int k = 0; k < 8; k++) { // in-sample rows: the first output (step 1)
            assertEquals(pred[k * H] * sd + mean, Double.parseDouble(rows.get(1 + k).split(",", -1)[4]), 1e-9);
        }
    }

    /**
     * {@code rnn export}: the head is just wider ([B, H·O], step-major). ONNX Runtime's outputs for the 9 windows of
     * a 12-row series equal predict's rows: output 0 of each in-sample window, and all 3 of the window that ends it.
     */
    @Test
    void theExportedGraphGivesEveryStepOfThePath() throws Exception {
        List<String> t = new ArrayList<>();
        double[][] table = new double[12][];
        for (int r = 0; r < 12; r++) {
            t.add(Integer.toString(r));
            table[r] = new double[] {Double.parseDouble(fmt(value(r)))};
        }
        Path data = series("onnx.csv", t);
        Path onnx = dir.resolve("path.onnx");
        UseFixture.Output o = UseFixture.run("export", path.dir().toString(), onnx.toString());
        assertEquals(0, o.code(), o.err());
        List<float[][]> windows = new ArrayList<>();
        for (int k = 0; k < 9; k++) {
            windows.add(OnnxParity.rows(table, k, WINDOW));
        }
        assertEquals(List.of(9L, (long) H), java.util.Arrays.stream(OnnxParity.shape(onnx, OnnxParity.batch(windows)))
                .boxed().toList());
        float[] all = OnnxParity.run(onnx, OnnxParity.batch(windows));
        List<String[]> csv = OnnxParity.predict(path.dir(), data);
        double[] predicted = OnnxParity.columns(csv, "pred_");
        float[] firstSteps = new float[8 + H];
        for (int k = 0; k < 8; k++) {
            firstSteps[k] = all[k * H];
        }
        for (int j = 0; j < H; j++) {
            firstSteps[8 + j] = all[8 * H + j];
        }
        OnnxParity.assertClose(predicted, firstSteps, "path model");
    }

    /** Eval scores every step of every window; per_step RMSE checked against the model's outputs and the file. */
    @Test
    void evalScoresEveryStepAndReportsEachStepsRmse() throws IOException {
        Path data = dir.resolve("train.csv");
        UseFixture.Output o = UseFixture.run("eval", "--json", "--model", path.dir().toString(), data.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode r = new ObjectMapper().readTree(o.out());
        int windows = 2 * (30 - WINDOW - H + 1);
        assertEquals(windows, r.get("examples").asInt());
        InputContract c = path.data().contract();
        Dataset d = DataLoader.loadForModel(data, c, ',', DataLoader.Purpose.EVALUATE);
        double[] sse = new double[H];
        Batch batch = d.newBatch(64);
        BatchIterator it = d.batches(64, null);
        double mean = c.targetStats(0).center();
        double sd = c.targetStats(0).scale();
        int k = 0;
        while (it.next(batch)) {
            double[] pred = path.model().forward(new SequenceInput(batch.x(), 0, batch.mask(), 0, batch.size(),
                    batch.steps(), batch.inputs()), false, false);
            for (int b = 0; b < batch.size(); b++, k++) {
                int series = k / (30 - WINDOW - H + 1);
                int start = k % (30 - WINDOW - H + 1);
                for (int j = 0; j < H; j++) { // the file's value H rows ahead, read from the raw series
                    double actual = Double.parseDouble(fmt(value(start + WINDOW + j)));
                    double e = pred[b * H + j] * sd + mean - actual;
                    sse[j] += e * e;
                }
                assertTrue(series < 2);
            }
        }
        double all = 0;
        for (int j = 0; j < H; j++) {
            JsonNode step = r.get("per_step").get(j);
            assertEquals(j + 1, step.get("step").asInt());
            assertEquals(Math.sqrt(sse[j] / windows), step.get("rmse").asDouble(), 1e-4);
            all += sse[j];
        }
        assertEquals(H, r.get("per_step").size());
        assertEquals(Math.sqrt(all / (windows * H)), r.get("metrics").get("rmse").asDouble(), 1e-4);
        assertEquals(r.get("metrics").get("rmse").asDouble(), r.get("per_target").get("value").get("rmse").asDouble(),
                1e-12, "one target: its errors pool every step");
    }

    @Test
    void configJsonRecordsThePathAndRepeatsIt() throws IOException {
        JsonNode config = new ObjectMapper().readTree(path.dir().resolve("config.json").toFile());
        assertEquals("1..3", config.get("data").get("horizon").asText());
        assertTrue(config.get("data").get("horizon").isTextual());
        JsonNode shape = config.get("schema").get("contract").get("shape");
        assertEquals(3, shape.get("horizon").asInt());
        assertEquals(1, shape.get("horizonFrom").asInt());
        assertEquals(3, config.get("model").get("outputs").asInt());
        UseFixture.Output i = UseFixture.run("inspect", path.dir().toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().contains("head.weight            [3,3]"), i.out());
        assertTrue(i.out().contains("window 4, horizon 1..3, stride 1"), i.out());
        assertTrue(i.out().contains("  head = nn.Linear(3, 3) (steps 1..3, step-major: out.view(-1, 3, 1)[:, h - 1] "
                + "is step h)"), i.out());
        assertTrue(i.out().contains("target: value (regression, output last, every step 1..3: 3 outputs, "
                + "step-major)"), i.out());
        // --config with that file trains the same path
        UseFixture.Output again = UseFixture.run("train", "--config", path.dir().resolve("config.json").toString(),
                "--epochs", "1", "--out", dir.resolve("again").toString(), "--plot", "none", "--quiet",
                dir.resolve("train.csv").toString());
        assertEquals(0, again.code(), again.err());
        JsonNode shape2 = new ObjectMapper().readTree(dir.resolve("again/config.json").toFile()).get("schema")
                .get("contract").get("shape");
        assertEquals(shape, shape2);
    }

    @Test
    void badHorizonsAreUsageErrorsWithOneLine() throws IOException {
        Path data = dir.resolve("train.csv");
        String expected = "rnn: --horizon: expected a whole number H >= 0, or 1..H (every step from 1 to H, "
                + "H >= 1), got ";
        for (String bad : List.of("0..3", "3..1", "1..x", "2..5", "1..0", "..3")) {
            UseFixture.Output o = UseFixture.run("train", "--horizon", bad, "--out", dir.resolve("bad").toString(),
                    data.toString());
            assertEquals(2, o.code(), o.err());
            assertEquals(expected + "\"" + bad + "\"" + HELP, lastLine(o.err()), bad);
        }
        UseFixture.Output longLayout = UseFixture.run("train", "--id", "id", "--horizon", "1..3", "--target", "value",
                "--out", dir.resolve("bad").toString(), data.toString());
        assertEquals(2, longLayout.code(), longLayout.err());
        assertEquals("rnn: --horizon: expected one step H with the long layout, got the path 1..3; a path of steps "
                + "is for the window layout (rows of a series in time order)" + HELP, lastLine(longLayout.err()));
        UseFixture.Output sequence = UseFixture.run("train", "--output", "sequence", "--horizon", "1..3", "--out",
                dir.resolve("bad").toString(), data.toString());
        assertEquals(2, sequence.code(), sequence.err());
        assertEquals("rnn: --horizon: expected one step H with --output sequence, got the path 1..3; use --output "
                + "last for a path of steps" + HELP, lastLine(sequence.err()));
        UseFixture.Output xent = UseFixture.run("train", "--loss", "xent", "--target", "id", "--features", "value",
                "--horizon", "1..3", "--out", dir.resolve("bad").toString(), data.toString());
        assertEquals(2, xent.code(), xent.err());
        assertEquals("rnn: --horizon: expected one step H with a classification loss, got the path 1..3; use "
                + "--loss mse, mae or huber for a path of steps" + HELP, lastLine(xent.err()));
    }

    /** In a --config file "horizon" is a number (one step) or the text "1..H"; anything else names the key. */
    @Test
    void aConfigFileTakesThePathAsTextAndNamesABadOne() throws IOException {
        Path data = dir.resolve("train.csv");
        Path good = Files.writeString(dir.resolve("good.json"), "{\"data\": {\"horizon\": \"1..2\", \"window\": 4, "
                + "\"time\": \"time\", \"targets\": [\"value\"], \"id\": \"id\", \"layout\": \"window\", \"features\": "
                + "[\"value\"]}, \"training\": {\"epochs\": 1}, \"output\": {\"plot\": \"none\"}}");
        UseFixture.Output o = UseFixture.run("train", "--quiet", "--config", good.toString(), "--hidden", "2", "--out",
                dir.resolve("from-config").toString(), data.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode shape = new ObjectMapper().readTree(dir.resolve("from-config/config.json").toFile()).get("schema")
                .get("contract").get("shape");
        assertEquals(List.of(2, 1), List.of(shape.get("horizon").asInt(), shape.get("horizonFrom").asInt()));
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"data\": {\"horizon\": \"0..2\"}}");
        UseFixture.Output b = UseFixture.run("train", "--config", bad.toString(), "--out", dir.resolve("r").toString(),
                data.toString());
        assertEquals(2, b.code(), b.err());
        assertEquals("rnn: " + bad + ": data.horizon: expected a whole number H >= 0, or 1..H (every step from 1 to "
                + "H, H >= 1), got \"0..2\"" + HELP, b.err().strip());
    }

    private static String lastLine(String err) {
        List<String> lines = err.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    /** The recorded range is checked on load: exit 4 with the field, its value and what was expected. */
    @Test
    void aCorruptRecordedRangeIsExit4() throws IOException {
        Path best = path.dir().resolve("best.safetensors");
        Path data = dir.resolve("train.csv");
        CheckpointTrustTest.assertInvalid(edit(best, N.numberNode(2), "from2"), data, "schema.contract.shape."
                + "horizonFrom is 2 with horizon 3 and output last, expected 1 with a horizon >= 1, output last and a "
                + "numeric target (a path 1..H), or none (one step H)");
        CheckpointTrustTest.assertInvalid(edit(best, N.numberNode(0), "from0"), data, "schema.contract.shape."
                + "horizonFrom is 0 with horizon 3 and output last, expected 1 with a horizon >= 1, output last and a "
                + "numeric target (a path 1..H), or none (one step H)");
        // a path of 3 steps needs 3 outputs per target: the one-step model's single output is not one
        Path single = UseFixture.train(data, dir.resolve("single"), "id", "id", "layout", "window", "time", "time",
                "target", "value", "features", "value", "window", "4", "horizon", "3", "hidden", "2", "epochs", "1")
                .dir().resolve("best.safetensors");
        CheckpointTrustTest.assertInvalid(edit(single, N.numberNode(1), "single"), data, "schema.contract.outputs is "
                + "1, expected a multiple of the 3 steps of the horizon 1..3 (targets × steps)");
        // without the range the path model's 3 outputs are 3 targets it does not have
        CheckpointTrustTest.assertInvalid(edit(best, N.nullNode(), "none"), data, "schema.contract.columns.targets "
                + "is 1 columns, expected 3 (one per output; a classification model lists its classes)");
    }

    private static Path edit(Path source, JsonNode from, String name) throws IOException {
        return CheckpointEdit.of(source).json(Checkpoint.SCHEMA_KEY, "/contract/shape/horizonFrom", from)
                .write(dir.resolve("edit-" + name + ".safetensors"));
    }
}
