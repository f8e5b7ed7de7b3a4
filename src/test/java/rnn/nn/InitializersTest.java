package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import rnn.random.Rng;

/** DESIGN §1 initialisation: Glorot-uniform input weights, orthogonal recurrent blocks, zero biases, forget bias 1. */
class InitializersTest {

    @Test
    void recurrentBlocksAreOrthogonal() {
        GruLayer gru = new GruLayer(LayerNames.layer(0), 3, 7, GruVariant.RESET_AFTER, Compute.singleThreaded());
        gru.initialize(new Rng(1));
        Param w = gru.parameters().get(1);
        for (int block = 0; block < 3; block++) {
            for (int i = 0; i < 7; i++) {
                for (int j = 0; j < 7; j++) {
                    double dot = 0; // (Q Qᵀ)_ij within the block
                    for (int k = 0; k < 7; k++) {
                        dot += w.value.get(block * 7 + i, k) * w.value.get(block * 7 + j, k);
                    }
                    assertEquals(i == j ? 1.0 : 0.0, dot, 1e-12, "block " + block + " (" + i + "," + j + ")");
                }
            }
        }
    }

    @Test
    void inputWeightsAreGlorotUniform() {
        LstmLayer lstm = new LstmLayer(LayerNames.layer(0), 10, 20, Compute.singleThreaded());
        lstm.initialize(new Rng(2));
        Param w = lstm.parameters().get(0); // [80, 10]
        double limit = Math.sqrt(6.0 / (10 + 80));
        double sumSq = 0;
        for (double v : w.value.data) {
            assertTrue(Math.abs(v) <= limit);
            sumSq += v * v;
        }
        // variance of U(−a, a) is a²/3; 800 draws put the sample within 15 %
        assertEquals(limit * limit / 3, sumSq / w.size(), 0.15 * limit * limit / 3);
    }

    @Test
    void lstmForgetGateBiasSumsToOne() {
        LstmLayer lstm = new LstmLayer(LayerNames.layer(0), 2, 3, Compute.singleThreaded());
        lstm.initialize(new Rng(3));
        double[] bIh = lstm.parameters().get(2).value.data;
        double[] bHh = lstm.parameters().get(3).value.data;
        for (int j = 0; j < 12; j++) {
            boolean forget = j >= 3 && j < 6;
            assertEquals(forget ? 1.0 : 0.0, bIh[j] + bHh[j], "gate entry " + j);
        }
    }

    @Test
    void sameSeedSameWeights() {
        ModelSpec spec = new ModelSpec(CellType.GRU, Activation.TANH, GruVariant.CLASSIC, 3, new int[] {4, 5}, 2,
                OutputMode.LAST, 0);
        RecurrentModel a = new RecurrentModel(spec, Compute.singleThreaded());
        RecurrentModel b = new RecurrentModel(spec, Compute.singleThreaded());
        a.initialize(new Rng(9));
        b.initialize(new Rng(9));
        for (int k = 0; k < a.parameters().list().size(); k++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.parameters().list().get(k).value.data,
                    b.parameters().list().get(k).value.data);
        }
    }
}
