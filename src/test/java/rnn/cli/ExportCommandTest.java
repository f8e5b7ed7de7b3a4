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
    static Path windows;

    @BeforeAll
    static void data() throws IOException {
        features = new double[ROWS][];
        List<String> lines = new ArrayList<>();
        for (int t = 0; t < ROWS; t++) {
            double a = 10 + 5 * Math.sin(0.3 * t);
            double b = -2 + 3 * Math.cos(0.17 * t) + 0.1 * t;
            double y = 200 + 20 * a - 4 * b * b;
            String cls = y > 330 ? "high" : y > 260 ? "mid" : "low";
            features[t] = new double[] {a, b};
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
        for (int i = 0; i < examples; i++) {
            all.add(OnnxParity.rows(features, i, WINDOW));
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

    @Test
    void simpleRnnTanh() throws Exception {
        windowParity("rnn-tanh", "cell", "rnn", "activation", "tanh");
    }

    @Test
    void simpleRnnRelu() throws Exception {
        windowParity("rnn-relu", "cell", "rnn", "activation", "relu");
    }

    @Test
    void gruClassic() throws Exception {
        windowParity("gru-classic", "cell", "gru", "gru-variant", "classic");
    }

    @Test
    void gruResetAfter() throws Exception {
        windowParity("gru-reset-after", "cell", "gru", "gru-variant", "reset-after");
    }

    @Test
    void lstm() throws Exception {
        windowParity("lstm", "cell", "lstm");
    }

    @Test
    void twoLayerStack() throws Exception {
        windowParity("stack", "cell", "gru", "hidden", "5,3");
    }

    @Test
    void bidirectionalOfEachCell() throws Exception {
        windowParity("bi-rnn", "cell", "rnn", "activation", "relu", "bidirectional", "true");
        windowParity("bi-gru-classic", "cell", "gru", "gru-variant", "classic", "bidirectional", "true");
        windowParity("bi-gru-reset-after", "cell", "gru", "gru-variant", "reset-after", "bidirectional", "true",
                "hidden", "4,3");
        windowParity("bi-lstm", "cell", "lstm", "bidirectional", "true");
    }

    @Test
    void outputSequence() throws Exception {
        windowParity("seq-gru", "cell", "gru", "output", "sequence");
        windowParity("seq-bi-lstm", "cell", "lstm", "output", "sequence", "bidirectional", "true");
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
}
