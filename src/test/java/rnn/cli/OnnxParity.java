package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Runs an exported graph with ONNX Runtime (the Java API) and compares its outputs with {@code rnn predict}'s
 * CSV, the independent reference: predict reads the CSV, normalises, runs the Java model and de-normalises (or
 * applies its own softmax) with none of the exporter's code.
 */
final class OnnxParity {

    /**
     * The agreement required of each value: |onnx − predict| ≤ TOLERANCE · max(|predict|, rms), rms the root mean
     * square of all the values compared (a float32 graph against the Java model: relative, except that a value
     * near a zero crossing, where float32 sums cancel, is held to the scale of the output instead of its own).
     */
    static final double TOLERANCE = 1e-5;

    private OnnxParity() {
    }

    /** The graph's first output for {@code features} [batch][seq][F], flattened row-major. */
    static float[] run(Path onnx, float[][][] features) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor t = OnnxTensor.createTensor(env, features);
             OrtSession.Result r = s.run(Map.of("features", t))) {
            OnnxTensor out = (OnnxTensor) r.get(0);
            java.nio.FloatBuffer b = out.getFloatBuffer();
            float[] v = new float[b.remaining()];
            b.get(v);
            return v;
        }
    }

    /**
     * The graph's first output for {@code features} [batch][seq][F] (left out when null: a graph without numeric
     * features) and a string input [batch][seq] per categorical column, flattened row-major.
     */
    static float[] run(Path onnx, float[][][] features, Map<String, String[][]> categorical) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new java.util.LinkedHashMap<>();
        try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
            if (features != null) {
                inputs.put("features", OnnxTensor.createTensor(env, features));
            }
            for (Map.Entry<String, String[][]> e : categorical.entrySet()) {
                inputs.put(e.getKey(), OnnxTensor.createTensor(env, e.getValue()));
            }
            try (OrtSession.Result r = s.run(inputs)) {
                java.nio.FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
                float[] v = new float[b.remaining()];
                b.get(v);
                return v;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** The shape of the graph's first output for {@code features}. */
    static long[] shape(Path onnx, float[][][] features) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor t = OnnxTensor.createTensor(env, features);
             OrtSession.Result r = s.run(Map.of("features", t))) {
            return ((OnnxTensor) r.get(0)).getInfo().getShape();
        }
    }

    /** The metadata property {@code key} of the graph. */
    static String property(Path onnx, String key) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
            return s.getMetadata().getCustomMetadata().get(key);
        }
    }

    /**
     * The op types of the graph's nodes, in order, each recurrent op with its direction and (GRU)
     * linear_before_reset: "GRU(bidirectional,1)". Asserts opset 17 of the default domain.
     */
    static List<String> ops(Path onnx) throws IOException {
        ai.onnx.proto.OnnxMl.ModelProto m = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(Files.readAllBytes(onnx));
        assertEquals("", m.getOpsetImport(0).getDomain());
        assertEquals(17, m.getOpsetImport(0).getVersion());
        List<String> ops = new ArrayList<>();
        for (ai.onnx.proto.OnnxMl.NodeProto n : m.getGraph().getNodeList()) {
            List<String> a = new ArrayList<>();
            for (ai.onnx.proto.OnnxMl.AttributeProto at : n.getAttributeList()) {
                if (at.getName().equals("direction")) {
                    a.add(at.getS().toStringUtf8());
                } else if (at.getName().equals("linear_before_reset")) {
                    a.add("" + at.getI());
                } else if (at.getName().equals("activations")) {
                    at.getStringsList().forEach(f -> a.add(f.toStringUtf8()));
                }
            }
            ops.add(n.getOpType() + (a.isEmpty() ? "" : "(" + String.join(",", a) + ")"));
        }
        return ops;
    }

    /** {@code rnn predict} as CSV rows (header first), asserting success. */
    static List<String[]> predict(Path model, Path data) {
        UseFixture.Output o = UseFixture.run("predict", "--model", model.toString(), "--threads", "1",
                data.toString());
        assertEquals(0, o.code(), o.err());
        List<String[]> rows = new ArrayList<>();
        for (String line : o.out().split("\n")) {
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    /** The values of the columns whose names start with {@code prefix}, row by row (header excluded), flattened. */
    static double[] columns(List<String[]> csv, String prefix) {
        String[] header = csv.get(0);
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < header.length; i++) {
            if (header[i].startsWith(prefix)) {
                idx.add(i);
            }
        }
        double[] v = new double[(csv.size() - 1) * idx.size()];
        int n = 0;
        for (String[] row : csv.subList(1, csv.size())) {
            for (int i : idx) {
                v[n++] = Double.parseDouble(row[i]);
            }
        }
        return v;
    }

    /** Asserts agreement to {@link #TOLERANCE}; returns the largest relative difference. */
    static double assertClose(double[] expected, float[] actual, String what) {
        return assertClose(expected, actual, rms(expected), what);
    }

    /** The root mean square of the values. */
    static double rms(double[] values) {
        return Math.sqrt(Arrays.stream(values).map(e -> e * e).sum() / values.length);
    }

    /** As {@link #assertClose(double[], float[], String)} with the given scale in place of their rms. */
    static double assertClose(double[] expected, float[] actual, double rms, String what) {
        assertEquals(expected.length, actual.length, what + ": number of values");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), rms);
            worst = Math.max(worst, d);
            assertTrue(d <= TOLERANCE, what + ": value " + i + ": onnx " + actual[i] + ", rnn predict " + expected[i]
                    + " (relative difference " + d + ")");
        }
        return worst;
    }

    /** Rows [from, from + steps) of the columns, as one [steps][F] sequence. */
    static float[][] rows(double[][] table, int from, int steps) {
        float[][] s = new float[steps][];
        for (int t = 0; t < steps; t++) {
            double[] r = table[from + t];
            s[t] = new float[r.length];
            for (int f = 0; f < r.length; f++) {
                s[t][f] = (float) r[f];
            }
        }
        return s;
    }

    /** Writes a CSV file. */
    static Path write(Path file, String header, List<String> lines) throws IOException {
        Files.writeString(file, header + "\n" + String.join("\n", lines) + "\n");
        return file;
    }

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.5f", v);
    }

    static float[][][] batch(List<float[][]> sequences) {
        return sequences.toArray(new float[0][][]);
    }

    static double[] concat(double[]... parts) {
        return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
    }
}
