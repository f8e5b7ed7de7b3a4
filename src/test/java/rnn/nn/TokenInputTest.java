package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.api.Test;

import rnn.random.Rng;

/**
 * The token input stages of a text model: gradient checks (double, central differences) of the one-hot gather and
 * of the embedding table, through the whole model with the softmax cross-entropy at every step; the one-hot path
 * equal to the same model fed explicit one-hot vectors.
 */
class TokenInputTest {

    static final int V = 5;
    static final int T = 4;
    static final int B = 3;

    static List<Arguments> stages() {
        return List.of(Arguments.of(CellType.GRU, 0), Arguments.of(CellType.LSTM, 0), Arguments.of(CellType.RNN, 0),
                Arguments.of(CellType.GRU, 3), Arguments.of(CellType.LSTM, 2));
    }

    static ModelSpec spec(CellType cell, int inputs, int[] hidden, TokenInput tokens) {
        ModelSpec s = new ModelSpec(cell, Activation.TANH, GruVariant.RESET_AFTER, inputs, hidden, V,
                OutputMode.SEQUENCE, 0.0, 0.0, false);
        return tokens == null ? s : s.withTokens(tokens);
    }

    /** Ids with every symbol used and one (id 4) repeated at several steps, so the scatter-add must sum. */
    static double[] ids() {
        double[] x = new double[T * B];
        int[] seq = {0, 1, 4, 2, 4, 3, 4, 4, 1, 0, 2, 4};
        for (int i = 0; i < x.length; i++) {
            x[i] = seq[i];
        }
        return x;
    }

    static double[] targets() {
        double[] y = new double[T * B];
        for (int i = 0; i < y.length; i++) {
            y[i] = (i * 3 + 1) % V;
        }
        return y;
    }

    @ParameterizedTest(name = "{0}, embedding {1}")
    @MethodSource("stages")
    void gradientsMatchCentralDifferences(CellType cell, int embedding) {
        RecurrentModel m = new RecurrentModel(spec(cell, 1, new int[] {4, 3}, new TokenInput(V, embedding)),
                Compute.singleThreaded());
        m.initialize(new Rng(7));
        SequenceInput in = SequenceInput.of(ids(), B, T, 1);
        double[] y = targets();
        double[] dPred = new double[T * B * V];
        GradientChecker.Result r = GradientChecker.check(m.parameters(),
                () -> Loss.XENT.evaluate(m.forward(in, false, false), y, null, T * B, V, null),
                () -> {
                    Loss.XENT.evaluate(m.forward(in, false, false), y, null, T * B, V, dPred);
                    m.backward(dPred, 0, false);
                }, null, 0, 0, null);
        assertTrue(r.max() < GradientChecker.TOLERANCE, r.toString());
        String table = embedding == 0 ? "layers.0.weight_ih_l0" : "embedding.weight";
        assertTrue(r.largestNumeric().get(table) > 1e-3, "the lookup's gradient is checked on real values: " + r);
        if (embedding > 0) {
            assertEquals("embedding.weight", m.parameters().iterator().next().name());
            assertArrayEquals(new int[] {V, embedding}, m.parameters().iterator().next().shape());
        } else {
            assertArrayEquals(new int[] {4 * (cell == CellType.GRU ? 3
                    : cell == CellType.LSTM ? 4 : 1), V}, m.parameters().iterator().next().shape());
        }
    }

    @Test
    void oneHotEqualsTheSameModelFedExplicitOneHotVectors() {
        RecurrentModel tokens = new RecurrentModel(spec(CellType.LSTM, 1, new int[] {4}, new TokenInput(V, 0)),
                Compute.singleThreaded());
        RecurrentModel dense = new RecurrentModel(spec(CellType.LSTM, V, new int[] {4}, null),
                Compute.singleThreaded());
        tokens.initialize(new Rng(3));
        java.util.Iterator<Param> from = tokens.parameters().iterator();
        for (Param p : dense.parameters()) {
            Param q = from.next();
            assertEquals(q.name(), p.name());
            System.arraycopy(q.value.data, 0, p.value.data, 0, p.size());
        }
        double[] ids = ids();
        double[] oneHot = new double[T * B * V];
        for (int r = 0; r < T * B; r++) {
            oneHot[r * V + (int) ids[r]] = 1;
        }
        double[] y = targets();
        double[] predT = tokens.forward(SequenceInput.of(ids, B, T, 1), false, false).clone();
        double[] predD = dense.forward(SequenceInput.of(oneHot, B, T, V), false, false).clone();
        for (int i = 0; i < predT.length; i++) {
            assertEquals(predD[i], predT[i], 1e-14, "logit " + i);
        }
        double[] dPred = new double[T * B * V];
        Loss.XENT.evaluate(predT, y, null, T * B, V, dPred);
        tokens.parameters().zeroGrad();
        tokens.backward(dPred, 0, false);
        dense.parameters().zeroGrad();
        dense.backward(dPred, 0, false);
        java.util.Iterator<Param> t = tokens.parameters().iterator();
        for (Param p : dense.parameters()) {
            Param q = t.next();
            for (int i = 0; i < p.size(); i++) {
                assertEquals(p.grad.data[i], q.grad.data[i], 1e-13, p.name() + "[" + i + "]");
            }
        }
    }
}
