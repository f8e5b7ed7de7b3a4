package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import rnn.random.Rng;

/**
 * {@link RecurrentModel#freezeWeights} and the one-row kernels: forwards with the weights frozen (packed once)
 * give the bits of forwards that pack them every time, for every cell, numeric and token inputs, one step of one
 * sequence as generation runs and whole batches; after unfreezing, a change of the weights is followed.
 * The one-row kernels give the documented arithmetic: per element a chain of float fused multiply-adds over p
 * from zero, widened to double, then added to C or to the bias.
 */
class FrozenWeightsTest {

    static java.util.List<GateMathTest.Cell> cells() {
        return GateMathTest.cells();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void frozenForwardsGiveTheBitsOfForwardsThatPackEveryTime(GateMathTest.Cell cell) {
        for (int tokens : new int[] {0, 1}) {
            ModelSpec spec = new ModelSpec(cell.type(), cell.activation(), cell.variant(), tokens == 1 ? 1 : 7,
                    new int[] {40, 33}, 29, OutputMode.SEQUENCE, 0.0);
            if (tokens == 1) {
                spec = spec.withTokens(new TokenInput(29, 0));
            }
            try (Compute a = new Compute(1, Precision.FLOAT); Compute b = new Compute(1, Precision.FLOAT)) {
                RecurrentModel frozen = new RecurrentModel(spec, a);
                RecurrentModel packing = new RecurrentModel(spec, b);
                frozen.initialize(new Rng(3));
                packing.initialize(new Rng(3));
                frozen.freezeWeights(true);
                compare(frozen, packing, spec, new Rng(5), cell + " tokens=" + tokens);
                frozen.freezeWeights(false);
                for (RecurrentModel m : new RecurrentModel[] {frozen, packing}) {
                    for (Param p : m.parameters()) {
                        for (int i = 0; i < p.value.data.length; i++) {
                            p.value.data[i] = p.value.data[i] * 0.5 + 0.01;
                        }
                    }
                }
                frozen.freezeWeights(true);
                compare(frozen, packing, spec, new Rng(6), cell + " tokens=" + tokens + " after a change");
            }
        }
    }

    /** 12 steps of one sequence with the state carried, then a batch of 5 × 6. */
    private static void compare(RecurrentModel frozen, RecurrentModel packing, ModelSpec spec, Rng rng, String what) {
        int in = spec.inputSize();
        double[] x = new double[in];
        SequenceInput step = SequenceInput.of(x, 1, 1, in);
        for (int t = 0; t < 12; t++) {
            fill(x, spec, rng);
            assertArrayEquals(packing.forward(step, false, t > 0).clone(), frozen.forward(step, false, t > 0),
                    what + " step " + t);
        }
        double[] batch = new double[5 * 6 * in];
        fill(batch, spec, rng);
        SequenceInput many = SequenceInput.of(batch, 5, 6, in);
        assertArrayEquals(packing.forward(many, false, false).clone(), frozen.forward(many, false, false),
                what + " batch");
    }

    private static void fill(double[] x, ModelSpec spec, Rng rng) {
        for (int i = 0; i < x.length; i++) {
            x[i] = spec.tokens() != null ? (int) (rng.nextDouble() * spec.tokens().vocabulary())
                    : rng.nextDouble() * 2 - 1;
        }
    }

    @ParameterizedTest(name = "{0} m={1} n={2} k={3}")
    @CsvSource({"vector,1,200,128", "vector,5,70,37", "vector,1,63,256", "vector,9,130,40", "quick,1,200,128",
        "quick,9,63,33", "quick,5,7,1000"})
    void oneRowBlocksGiveTheFmaChainOfTheDocumentedArithmetic(String kernels, int m, int n, int k) {
        Rng rng = new Rng(m * 31L + n * 7L + k);
        double[] a = NetFixture.uniform(m * k, rng);
        double[] w = NetFixture.uniform(n * k, rng);
        double[] bias = NetFixture.uniform(n, rng);
        double[] c0 = NetFixture.uniform(m * n, rng);
        double[] plain = new double[m * n];
        double[] withBias = new double[m * n];
        double[] accumulated = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s = Math.fma((float) w[j * k + p], (float) a[i * k + p], s);
                }
                plain[i * n + j] = s;
                withBias[i * n + j] = (double) s + bias[j];
                accumulated[i * n + j] = c0[i * n + j] + s;
            }
        }
        try (Compute c = kernels.equals("quick") ? Compute.quickStart(1, Precision.FLOAT)
                : new Compute(1, Precision.FLOAT)) {
            double[] out = new double[m * n];
            c.mulNT(m, n, k, a, 0, k, w, 0, k, out, 0, n, false);
            assertArrayEquals(plain, out, "NT");
            Packed packed = c.packNT(c.newPacked(), n, k, w, 0, k);
            c.mulNTBias(m, a, 0, k, packed, bias, out, 0, n);
            assertArrayEquals(withBias, out, "NT + bias, packed once");
            double[] acc = c0.clone();
            c.mul(m, a, 0, k, packed, acc, 0, n, true);
            assertArrayEquals(accumulated, acc, "C + NT, packed once");
        }
    }
}
