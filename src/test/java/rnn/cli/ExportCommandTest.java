package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rnn export --format onnx}: the exported graph, run by ONNX Runtime on the raw feature values, agrees with
 * {@code rnn predict} on the same rows for every cell and variant, stacks, bidirectional layers, per-step output,
 * each normalisation and a classifier; at several batch sizes and sequence lengths.
 */
class ExportCommandTest {

    private static final int WINDOW = 6;
    private static final int ROWS = 60;

    @TempDir
    static Path dir;
    /** Raw features a, b of the window file, row by row. */
    static double[][] features;
    /** The raw target y of the window file, row by row (an input of a delta model). */
    static double[] ys;
    static Path windows;

    @BeforeAll
    static void data() throws IOException {
        features = new double[ROWS][];
        ys = new double[ROWS];
        List<String> lines = new ArrayList<>();
        for (int t = 0; t < ROWS; t++) {
            double a = 10 + 5 * Math.sin(0.3 * t);
            double b = -2 + 3 * Math.cos(0.17 * t) + 0.1 * t;
            double y = 200 + 20 * a - 4 * b * b;
            String cls = y > 330 ? "high" : y > 260 ? "mid" : "low";
            features[t] = new double[] {a, b};
            ys[t] = y;
            lines.add(OnnxParity.fmt(a) + "," + OnnxParity.fmt(b) + "," + OnnxParity.fmt(y) + "," + cls);
        }
        windows = OnnxParity.write(dir.resolve("windows.csv"), "a,b,y,cls", lines);
    }

    /** Trains on the window file with the overrides, exports, and compares every window; the max difference. */
    static double windowParity(String name, String... overrides) throws Exception {
        Path run = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("features", "a,b", "window", "" + WINDOW, "epochs", "1",
                "hidden", "4", "batch-size", "16", "val-split", "0"));
        if (!String.join(" ", overrides).contains("target")) {
            args.addAll(List.of("target", "y"));
        }
        args.addAll(List.of(overrides));
        UseFixture.train(windows, run, args.toArray(new String[0]));
        Path onnx = dir.resolve(name + ".onnx");
        UseFixture.Output o = UseFixture.run("export", run.toString(), onnx.toString());
        assertEquals(0, o.code(), o.err());
        List<String[]> csv = OnnxParity.predict(run, windows);
        boolean classifier = String.join(" ", overrides).contains("xent");
        boolean perStep = String.join(" ", overrides).contains("sequence");
        double[] expected = OnnxParity.columns(csv, classifier ? "prob_" : "pred_");
        int examples = ROWS - WINDOW + 1;
        List<float[][]> all = new ArrayList<>();
        double[][] inputs = inputs(args.get(args.lastIndexOf("features") + 1)); // the override wins
        for (int i = 0; i < examples; i++) {
            all.add(OnnxParity.rows(inputs, i, WINDOW));
        }
        float[] actual = OnnxParity.run(onnx, OnnxParity.batch(all));
        if (perStep) {
            assertEquals(examples * WINDOW + 1, csv.size(), "one predict row per step of each window");
        } else {
            assertEquals(examples + 1, csv.size(), "one predict row per window");
        }
        double worst = OnnxParity.assertClose(expected, actual, name + " (batch " + examples + ")");
        // the same graph at batch size 1: each window alone
        int width = actual.length / examples;
        for (int i = 0; i < examples; i += 7) {
            float[] one = OnnxParity.run(onnx, OnnxParity.batch(List.<float[][]>of(all.get(i))));
            OnnxParity.assertClose(java.util.Arrays.copyOfRange(expected, i * width, (i + 1) * width), one,
                    OnnxParity.rms(expected), name + ": window " + i + " alone (batch 1)");
        }
        System.out.println(name + ": max relative difference " + worst);
        return worst;
    }

    /** The raw values of the named columns (a, b, y) row by row, in the order named. */
    private static double[][] inputs(String columns) {
        String[] names = columns.split(",");
        double[][] m = new double[ROWS][names.length];
        for (int t = 0; t < ROWS; t++) {
            for (int i = 0; i < names.length; i++) {
                m[t][i] = switch (names[i]) {
                    case "a" -> features[t][0];
                    case "b" -> features[t][1];
                    case "y" -> ys[t];
                    default -> throw new IllegalArgumentException(names[i]);
                };
            }
        }
        return m;
    }

    /** The recurrent ops of an exported graph: the standard operators, one per layer, never an unrolled loop. */
    private static List<String> recurrentOps(String name) throws IOException {
        return OnnxParity.ops(dir.resolve(name + ".onnx")).stream()
                .filter(op -> op.startsWith("RNN") || op.startsWith("GRU") || op.startsWith("LSTM")).toList();
    }

    @Test
    void simpleRnnTanh() throws Exception {
        windowParity("rnn-tanh", "cell", "rnn", "activation", "tanh");
        assertEquals(List.of("RNN(forward,Tanh)"), recurrentOps("rnn-tanh"));
    }

    @Test
    void simpleRnnRelu() throws Exception {
        windowParity("rnn-relu", "cell", "rnn", "activation", "relu");
        assertEquals(List.of("RNN(forward,Relu)"), recurrentOps("rnn-relu"));
    }

    @Test
    void gruClassic() throws Exception {
        windowParity("gru-classic", "cell", "gru", "gru-variant", "classic");
        assertEquals(List.of("GRU(forward,0)"), recurrentOps("gru-classic"));
    }

    @Test
    void gruResetAfter() throws Exception {
        windowParity("gru-reset-after", "cell", "gru", "gru-variant", "reset-after");
        assertEquals(List.of("GRU(forward,1)"), recurrentOps("gru-reset-after"));
    }

    @Test
    void lstm() throws Exception {
        windowParity("lstm", "cell", "lstm");
        assertEquals(List.of("LSTM(forward)"), recurrentOps("lstm"));
    }

    @Test
    void twoLayerStack() throws Exception {
        windowParity("stack", "cell", "gru", "hidden", "5,3");
        assertEquals(List.of("GRU(forward,1)", "GRU(forward,1)"), recurrentOps("stack"));
    }

    @Test
    void bidirectionalOfEachCell() throws Exception {
        windowParity("bi-rnn", "cell", "rnn", "activation", "relu", "bidirectional", "true");
        windowParity("bi-gru-classic", "cell", "gru", "gru-variant", "classic", "bidirectional", "true");
        windowParity("bi-gru-reset-after", "cell", "gru", "gru-variant", "reset-after", "bidirectional", "true",
                "hidden", "4,3");
        windowParity("bi-lstm", "cell", "lstm", "bidirectional", "true");
        assertEquals(List.of("RNN(bidirectional,Relu,Relu)"), recurrentOps("bi-rnn"));
        assertEquals(List.of("GRU(bidirectional,1)", "GRU(bidirectional,1)"), recurrentOps("bi-gru-reset-after"));
    }

    @Test
    void outputSequence() throws Exception {
        windowParity("seq-gru", "cell", "gru", "output", "sequence");
        windowParity("seq-bi-lstm", "cell", "lstm", "output", "sequence", "bidirectional", "true");
    }

    /**
     * The target among the inputs: the default target mode is delta, and the graph adds the target's raw value on
     * the last step (each step's own with --output sequence) to the de-normalised change.
     */
    @Test
    void deltaModelsAddTheTargetsLastValueBack() throws Exception {
        windowParity("delta", "cell", "gru", "features", "a,y,b");
        windowParity("delta-seq", "cell", "gru", "features", "a,y,b", "output", "sequence");
        windowParity("delta-none", "cell", "gru", "features", "y,a", "normalize", "none");
    }

    @Test
    void eachNormalization() throws Exception {
        windowParity("minmax", "cell", "gru", "normalize", "minmax");
        windowParity("none", "cell", "gru", "normalize", "none");
    }

    @Test
    void classifierProbabilities() throws Exception {
        windowParity("classifier", "cell", "gru", "target", "cls", "loss", "xent");
    }

    /**
     * Long layout: one sequence per id, of 5 to 11 steps. Each sequence alone (batch 1, its own length: seven
     * lengths through one graph) and the three sequences of 8 steps as one batch agree with predict.
     */
    /**
     * Categorical inputs (issue #13): two text columns embedded (store: 4 levels, kind: 3 levels), beside the
     * numeric features, and a model of categorical inputs only. The graph reads each as a string input; a value
     * training never saw ("s9", a blank) is {@code <unk>} in the graph as in {@code rnn predict}.
     */
    @Test
    void categoricalColumnsAreStringInputsWithUnseenValuesAsUnk() throws Exception {
        List<String> train = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        double[][] raw = new double[ROWS][];
        String[] store = new String[ROWS];
        String[] kind = new String[ROWS];
        for (int t = 0; t < ROWS; t++) {
            double a = 10 + 5 * Math.sin(0.3 * t);
            store[t] = "s" + (t % 4);
            kind[t] = "k" + (t / 3 % 3);
            double y = 100 + 3 * a + 7 * (t % 4) - 5 * (t / 3 % 3);
            raw[t] = new double[] {a};
            train.add(OnnxParity.fmt(a) + "," + store[t] + "," + kind[t] + "," + OnnxParity.fmt(y));
        }
        Path trainCsv = OnnxParity.write(dir.resolve("cat.csv"), "a,store,kind,y", train);
        // the file predicted: unseen values in some rows
        for (int t = 0; t < ROWS; t++) {
            if (t % 11 == 5) {
                store[t] = "s9";
            }
            if (t % 13 == 7) {
                kind[t] = "";
            }
            fresh.add(OnnxParity.fmt(raw[t][0]) + "," + store[t] + "," + kind[t] + ",0");
        }
        Path freshCsv = OnnxParity.write(dir.resolve("cat-new.csv"), "a,store,kind,y", fresh);
        for (boolean numeric : new boolean[] {true, false}) {
            Path run = dir.resolve(numeric ? "cat" : "cat-only");
            UseFixture.train(trainCsv, run, "target", "y", "features", numeric ? "a,store,kind" : "store,kind",
                    "window", "" + WINDOW, "epochs", "1", "hidden", "4", "val-split", "0", "bidirectional", "true");
            Path onnx = dir.resolve((numeric ? "cat" : "cat-only") + ".onnx");
            UseFixture.Output o = UseFixture.run("export", run.toString(), onnx.toString());
            assertEquals(0, o.code(), o.err());
            assertEquals("[\"store\",\"kind\"]", OnnxParity.property(onnx, "categorical"));
            double[] expected = OnnxParity.columns(OnnxParity.predict(run, freshCsv), "pred_");
            int examples = ROWS - WINDOW + 1;
            List<float[][]> all = new ArrayList<>();
            String[][] stores = new String[examples][WINDOW];
            String[][] kinds = new String[examples][WINDOW];
            for (int i = 0; i < examples; i++) {
                all.add(OnnxParity.rows(raw, i, WINDOW));
                for (int t = 0; t < WINDOW; t++) {
                    stores[i][t] = store[i + t];
                    kinds[i][t] = kind[i + t];
                }
            }
            float[] actual = OnnxParity.run(onnx, numeric ? OnnxParity.batch(all) : null,
                    new java.util.LinkedHashMap<>(java.util.Map.of("store", stores, "kind", kinds)));
            OnnxParity.assertClose(expected, actual, (numeric ? "" : "categorical only, ") + "unseen values as <unk>");
            List<String> ops = OnnxParity.ops(onnx);
            assertEquals(2, ops.stream().filter(op -> op.equals("LabelEncoder")).count(), ops.toString());
            assertEquals(2, ops.stream().filter(op -> op.equals("Gather")).count(), ops.toString());
        }
    }

    @Test
    void longLayoutAtEachSequenceLength() throws Exception {
        List<String> lines = new ArrayList<>();
        List<float[][]> sequences = new ArrayList<>();
        for (int id = 0; id < 21; id++) {
            int len = 5 + id % 7;
            double[][] rows = new double[len][];
            for (int t = 0; t < len; t++) {
                double a = 3 + Math.sin(0.7 * t + id);
                double b = 0.2 * id - 0.1 * t;
                double y = 50 + 10 * a + 5 * b;
                rows[t] = new double[] {a, b};
                lines.add("s" + id + "," + t + "," + OnnxParity.fmt(a) + "," + OnnxParity.fmt(b) + ","
                        + OnnxParity.fmt(y));
            }
            sequences.add(OnnxParity.rows(rows, 0, len));
        }
        Path data = OnnxParity.write(dir.resolve("long.csv"), "id,t,a,b,y", lines);
        Path run = dir.resolve("long");
        UseFixture.train(data, run, "id", "id", "time", "t", "target", "y", "features", "a,b", "cell", "lstm",
                "hidden", "4", "epochs", "1", "val-split", "0", "bidirectional", "true");
        Path onnx = dir.resolve("long.onnx");
        assertEquals(0, UseFixture.run("export", run.toString(), onnx.toString()).code());
        double[] expected = OnnxParity.columns(OnnxParity.predict(run, data), "pred_");
        double rms = OnnxParity.rms(expected);
        assertEquals(21, expected.length);
        List<float[][]> eights = new ArrayList<>();
        double[] eightsExpected = new double[3];
        for (int id = 0; id < 21; id++) {
            float[] one = OnnxParity.run(onnx, OnnxParity.batch(List.<float[][]>of(sequences.get(id))));
            OnnxParity.assertClose(new double[] {expected[id]}, one, rms, "sequence s" + id + " of "
                    + sequences.get(id).length + " steps");
            if (sequences.get(id).length == 8) {
                eightsExpected[eights.size()] = expected[id];
                eights.add(sequences.get(id));
            }
        }
        OnnxParity.assertClose(eightsExpected, OnnxParity.run(onnx, OnnxParity.batch(eights)), rms,
                "three sequences of 8 steps in one batch");
    }

    /**
     * Wide layout (--steps 4, two features per step: columns p0,q0,p1,q1,…): a row's 8 values reshaped to [4, 2];
     * per-column statistics ([T, F]); per-step targets y0..y3 with --output sequence de-normalised per step.
     */
    @Test
    void wideLayoutRowsReshapedToStepsAndFeatures() throws Exception {
        List<String> lines = new ArrayList<>();
        List<float[][]> sequences = new ArrayList<>();
        for (int r = 0; r < 40; r++) {
            double[][] rows = new double[4][];
            StringBuilder line = new StringBuilder();
            StringBuilder targets = new StringBuilder();
            for (int t = 0; t < 4; t++) {
                double p = 10 * t + Math.sin(r + t);
                double q = r * 0.5 - t * 3;
                rows[t] = new double[] {p, q};
                line.append(OnnxParity.fmt(p)).append(',').append(OnnxParity.fmt(q)).append(',');
                targets.append(t == 0 ? "" : ",").append(OnnxParity.fmt(100 * t + p * q));
            }
            lines.add(line + targets.toString());
            sequences.add(OnnxParity.rows(rows, 0, 4));
        }
        Path data = OnnxParity.write(dir.resolve("wide.csv"), "p0,q0,p1,q1,p2,q2,p3,q3,y0,y1,y2,y3", lines);
        for (String output : List.of("last", "sequence")) {
            Path run = dir.resolve("wide-" + output);
            UseFixture.train(data, run, "layout", "wide", "steps", "4", "target", output.equals("last") ? "y3"
                    : "y0,y1,y2,y3", "features", "p0,q0,p1,q1,p2,q2,p3,q3", "output", output, "cell", "gru",
                    "hidden", "4", "epochs", "1", "val-split", "0");
            Path onnx = dir.resolve("wide-" + output + ".onnx");
            assertEquals(0, UseFixture.run("export", run.toString(), onnx.toString()).code());
            double[] expected = OnnxParity.columns(OnnxParity.predict(run, data), "pred_");
            OnnxParity.assertClose(expected, OnnxParity.run(onnx, OnnxParity.batch(sequences)), "wide " + output);
        }
    }

    /**
     * A format-1 checkpoint (the release before format 2; its GRU variant unrecorded, so classic) exports a graph
     * that reproduces the predictions that release printed (src/test/resources/format1/predictions.csv).
     */
    @Test
    void aFormatOneCheckpointExportsThePredictionsItsReleasePrinted() throws Exception {
        Path format1 = Path.of("src", "test", "resources", "format1").toAbsolutePath();
        Path onnx = dir.resolve("format1.onnx");
        assertEquals(0, UseFixture.run("export", format1.resolve("run").toString(), onnx.toString()).code());
        assertEquals(List.of("GRU(forward,0)"), OnnxParity.ops(onnx).stream().filter(op -> op.startsWith("GRU"))
                .toList());
        List<String> rows = java.nio.file.Files.readAllLines(format1.resolve("sunspots-60.csv"));
        double[][] spots = new double[rows.size() - 1][];
        for (int i = 1; i < rows.size(); i++) {
            spots[i - 1] = new double[] {Double.parseDouble(rows.get(i).split(",")[1])};
        }
        List<float[][]> windows = new ArrayList<>();
        for (int i = 0; i + 5 <= spots.length; i++) {
            windows.add(OnnxParity.rows(spots, i, 5));
        }
        List<String[]> printed = new ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(format1.resolve("predictions.csv"))) {
            printed.add(line.split(",", -1));
        }
        OnnxParity.assertClose(OnnxParity.columns(printed, "pred_"), OnnxParity.run(onnx, OnnxParity.batch(windows)),
                "format 1");
    }
}
