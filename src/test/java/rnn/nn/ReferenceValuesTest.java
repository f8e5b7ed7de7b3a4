package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Outputs, loss and every gradient of tiny fixed-weight networks against values computed independently with
 * PyTorch in float64 ({@code src/test/resources/reference/make_reference.py}; the classic GRU, which PyTorch
 * lacks, is written there from its equations and differentiated by autograd). The weights are loaded by their
 * PyTorch names with no mapping, which also proves the tensor layout and gate order are PyTorch's.
 */
class ReferenceValuesTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rnn_tanh", "rnn_relu", "gru_classic", "gru_reset_after", "lstm",
        "gru_reset_after_stack_sequence", "gru_classic_stack_sequence_huber", "lstm_stack_xent", "rnn_relu_stack_mae"})
    void matchesPyTorch(String name) throws IOException {
        try (Compute compute = Compute.singleThreaded()) {
            compare(name, compute, Metric.DOUBLE);
        }
    }

    /**
     * The float32 hot path that training ships ({@link Precision#HOT_PATH}) on the same cases: multiplies in float
     * (products and sums), gate math and everything else in double. See {@link Metric#FLOAT} for the bar.
     */
    @ParameterizedTest(name = "{0}, float32")
    @ValueSource(strings = {"rnn_tanh", "rnn_relu", "gru_classic", "gru_reset_after", "lstm",
        "gru_reset_after_stack_sequence", "gru_classic_stack_sequence_huber", "lstm_stack_xent", "rnn_relu_stack_mae"})
    void float32HotPathMatchesPyTorch(String name) throws IOException {
        try (Compute compute = new Compute(1, Precision.HOT_PATH)) {
            compare(name, compute, Metric.FLOAT);
        }
    }

    /** How closely a tensor must agree with the float64 reference. */
    enum Metric {
        /** Two independent float64 computations: every entry within 1e-12 · max(1, |expected|). */
        DOUBLE(1e-12, false),
        /**
         * Float32 multiplies (unit roundoff 2⁻²⁴ ≈ 6e-8) against float64: every entry within 1e-5 of the tensor's
         * largest magnitude. Relative to the entry itself would fail legitimately: a gradient entry that is a sum of
         * terms of size s cancelling to near 0 keeps an absolute rounding error of order s·1e-7, which is arbitrarily
         * large relative to the small result; relative to the tensor's scale it is bounded.
         */
        FLOAT(1e-5, true);

        final double tolerance;
        final boolean relativeToTensor;

        Metric(double tolerance, boolean relativeToTensor) {
            this.tolerance = tolerance;
            this.relativeToTensor = relativeToTensor;
        }
    }

    private static void compare(String name, Compute compute, Metric metric) throws IOException {
        JsonNode c = load(name);
        int batch = c.get("batch").asInt();
        int steps = c.get("steps").asInt();
        int inputs = c.get("input_size").asInt();
        int outputs = c.get("outputs").asInt();
        int[] hidden = ints(c.get("hidden"));
        OutputMode mode = OutputMode.valueOf(c.get("output").asText().toUpperCase(Locale.ROOT));
        Loss loss = Loss.valueOf(c.get("loss").asText().toUpperCase(Locale.ROOT));
        CellType cell = CellType.valueOf(c.get("cell").asText().toUpperCase(Locale.ROOT));
        Activation act = c.get("activation").isNull() ? Activation.TANH
                : Activation.valueOf(c.get("activation").asText().toUpperCase(Locale.ROOT));
        GruVariant variant = c.get("gru_variant").isNull() ? GruVariant.CLASSIC
                : GruVariant.valueOf(c.get("gru_variant").asText().toUpperCase(Locale.ROOT).replace('-', '_'));

        RecurrentModel model = new RecurrentModel(
                new ModelSpec(cell, act, variant, inputs, hidden, outputs, mode, 0.0), compute);
        List<String> names = new ArrayList<>();
        c.get("params").fieldNames().forEachRemaining(names::add);
        List<String> ours = model.parameters().list().stream().map(Param::name).toList();
        assertEquals(names, ours, "parameter names and canonical order");
        for (Param p : model.parameters()) {
            double[] v = flatten(c.get("params").get(p.name()));
            assertEquals(p.size(), v.length, p.name() + " size");
            System.arraycopy(v, 0, p.value.data, 0, v.length);
        }

        double[] x = batchFirstToTimeMajor(c.get("x"), batch, steps, inputs);
        SequenceInput in = SequenceInput.of(x, batch, steps, inputs);
        int rows = model.predictionRows(in);
        double[] y = loss == Loss.XENT
                ? (mode == OutputMode.SEQUENCE ? batchFirstToTimeMajor(c.get("y"), batch, steps, 1) : flatten(c.get("y")))
                : (mode == OutputMode.SEQUENCE ? batchFirstToTimeMajor(c.get("y"), batch, steps, outputs)
                        : flatten(c.get("y")));

        model.parameters().zeroGrad();
        double[] pred = model.forward(in, false, false).clone();
        double[] expectedPred = mode == OutputMode.SEQUENCE
                ? batchFirstToTimeMajor(c.get("pred"), batch, steps, outputs) : flatten(c.get("pred"));
        assertClose(expectedPred, pred, rows * outputs, name + " predictions", metric);

        double[] dPred = new double[rows * outputs];
        double value = loss.evaluate(pred, y, null, rows, outputs, dPred);
        double expectedLoss = c.get("loss_value").asDouble();
        assertEquals(expectedLoss, value, metric.tolerance * Math.max(1.0, Math.abs(expectedLoss)), name + " loss");

        model.backward(dPred, 0, true);
        for (Param p : model.parameters()) {
            assertClose(flatten(c.get("grads").get(p.name())), p.grad.data, p.size(), name + " d/d" + p.name(), metric);
        }
        assertClose(batchFirstToTimeMajor(c.get("dx"), batch, steps, inputs), model.inputGradient(),
                steps * batch * inputs, name + " dx", metric);
    }

    private static void assertClose(double[] expected, double[] actual, int n, String what, Metric metric) {
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        assertTrue(scale > 0, what + ": the reference is all zeros, which would prove nothing");
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double e = expected[i];
            double a = actual[i];
            double bar = metric.relativeToTensor ? scale : Math.max(1.0, Math.abs(e));
            worst = Math.max(worst, Math.abs(e - a) / bar);
            assertTrue(Math.abs(e - a) <= metric.tolerance * bar, () -> what + ": expected " + e + ", got " + a);
        }
        if (metric == Metric.FLOAT) {
            System.out.printf("float32 reference %-60s max error %.2e of the tensor's scale%n", what, worst);
        }
    }

    private static JsonNode load(String name) throws IOException {
        try (InputStream s = ReferenceValuesTest.class.getResourceAsStream("/reference/" + name + ".json")) {
            assertNotNull(s, "reference file " + name + ".json");
            return new ObjectMapper().readTree(s);
        }
    }

    private static int[] ints(JsonNode a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asInt();
        }
        return v;
    }

    /** Flattens nested arrays in row-major order. */
    static double[] flatten(JsonNode n) {
        List<Double> out = new ArrayList<>();
        flattenInto(n, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flattenInto(JsonNode n, List<Double> out) {
        if (n.isArray()) {
            for (Iterator<JsonNode> it = n.elements(); it.hasNext();) {
                flattenInto(it.next(), out);
            }
        } else {
            out.add(n.asDouble());
        }
    }

    /** [B][T][F] nested (or [B][T] when f = 1 and the innermost level is scalar) to time-major (T·B)×F. */
    static double[] batchFirstToTimeMajor(JsonNode n, int batch, int steps, int f) {
        double[] flat = flatten(n);
        double[] out = new double[flat.length];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(flat, (b * steps + t) * f, out, (t * batch + b) * f, f);
            }
        }
        return out;
    }
}
